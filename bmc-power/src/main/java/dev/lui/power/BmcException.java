package dev.lui.power;

import java.util.Objects;

/**
 * A BMC operation failed: its {@link BmcFailure kind} and a one-line message naming the BMC and,
 * where there is one, the fix. Messages never hold a password.
 */
public final class BmcException extends Exception {
  private static final long serialVersionUID = 1L;
  private final BmcFailure failure;

  public BmcException(BmcFailure failure, String message) {
    super(oneLine(message));
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public BmcFailure failure() {
    return failure;
  }

  static String oneLine(String message) {
    return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
  }
}
