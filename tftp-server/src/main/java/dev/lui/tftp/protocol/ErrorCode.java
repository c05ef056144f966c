package dev.lui.tftp.protocol;

import java.util.Optional;

/** TFTP error codes (RFC 1350, plus 8 from RFC 2347). */
public enum ErrorCode {
  NOT_DEFINED(0),
  FILE_NOT_FOUND(1),
  ACCESS_VIOLATION(2),
  DISK_FULL(3),
  ILLEGAL_OPERATION(4),
  UNKNOWN_TID(5),
  FILE_EXISTS(6),
  NO_SUCH_USER(7),
  OPTION_REFUSED(8);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<ErrorCode> fromCode(int code) {
    for (ErrorCode c : values()) {
      if (c.code == code) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
