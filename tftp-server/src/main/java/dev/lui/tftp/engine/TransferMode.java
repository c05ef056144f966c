package dev.lui.tftp.engine;

import java.util.Locale;
import java.util.Optional;

/** RFC 1350 transfer modes the server supports ("mail" is obsolete and refused). */
public enum TransferMode {
  OCTET,
  NETASCII;

  /** Mode names are case-insensitive (RFC 1350). */
  public static Optional<TransferMode> parse(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "octet":
        return Optional.of(OCTET);
      case "netascii":
        return Optional.of(NETASCII);
      default:
        return Optional.empty();
    }
  }
}
