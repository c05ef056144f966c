package dev.lui.power;

import java.util.Map;

/**
 * Where BMC passwords come from: {@link SecretFiles} (a 0600 file, or a directory of them, one per
 * BMC), or {@link #of(Map)} in tests. The password is read when an operation needs it, so a changed
 * file counts from the next operation on.
 */
public interface SecretSource {
  /**
   * The password to log in to {@code bmc} with.
   *
   * @throws BmcException {@link BmcFailure#NO_PASSWORD}, saying which file is missing or unsafe and
   *     how to fix it
   */
  BmcPassword passwordFor(BmcAddress bmc) throws BmcException;

  /** Fixed passwords, for tests: the in-memory twin of {@link SecretFiles}. */
  static SecretSource of(Map<BmcAddress, BmcPassword> passwords) {
    Map<BmcAddress, BmcPassword> copy = Map.copyOf(passwords);
    return bmc -> {
      BmcPassword p = copy.get(bmc);
      if (p == null) {
        throw new BmcException(BmcFailure.NO_PASSWORD, "no password for BMC " + bmc);
      }
      return p;
    };
  }
}
