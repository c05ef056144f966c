package dev.lui.nfsroot.boot;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.contract.value.MacAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a boot loader finds a node's entry under the TFTP root: {@code prefix}, the MAC in lower
 * case with dashes, {@code suffix}; e.g. {@code pxelinux.cfg/01-} + {@code 52-54-00-aa-bb-cc}. The
 * one place such a path is built and read back.
 *
 * @param prefix the path up to the MAC, relative to the TFTP root, with at least one '/'
 * @param suffix what follows the MAC, often empty
 */
public record EntryPath(String prefix, String suffix) {
  /** {@code 52-54-00-aa-bb-cc}. */
  private static final int DASHED_MAC_LENGTH = 17;

  public EntryPath {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    if (prefix.startsWith("/") || prefix.indexOf('/') < 0) {
      throw new IllegalArgumentException(
          "entry path prefix '" + prefix + "' must be relative and name a directory");
    }
  }

  /** The node's entry path, relative to the TFTP root. */
  public String of(MacAddress mac) {
    return prefix + mac.value().replace(':', '-') + suffix;
  }

  /** The directory, relative to the TFTP root, the entries live in. */
  public String directory() {
    return prefix.substring(0, prefix.lastIndexOf('/'));
  }

  /**
   * The inverse of {@link #of}: the MAC a requested path names, if it names an entry (a leading '/'
   * tolerated, as some clients send one; hex digits in any case). A MAC no node can have
   * (broadcast, multicast, all-zero) names no entry.
   */
  public Optional<MacAddress> macOf(String path) {
    String p = Objects.requireNonNull(path, "path");
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.length() != prefix.length() + DASHED_MAC_LENGTH + suffix.length()
        || !p.startsWith(prefix)
        || !p.endsWith(suffix)) {
      return Optional.empty();
    }
    String mac = p.substring(prefix.length(), prefix.length() + DASHED_MAC_LENGTH);
    if (mac.indexOf(':') >= 0) {
      return Optional.empty(); // only the dashed form is an entry's name
    }
    try {
      return Optional.of(MacAddress.parse("path", mac));
    } catch (InvalidValueException e) {
      return Optional.empty();
    }
  }
}
