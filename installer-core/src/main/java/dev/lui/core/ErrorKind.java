package dev.lui.core;

/** The one mapping from a kind of failure to CLI exit codes and HTTP statuses. */
public enum ErrorKind {
  INVALID_INPUT(2, 400),
  NOT_FOUND(2, 404),
  CONFLICT(2, 409),
  /** The change would alter what armed nodes install; repeat it confirmed ({@code --yes}). */
  CONFIRMATION_REQUIRED(2, 409),
  UNAUTHORIZED(1, 401),
  FORBIDDEN(1, 403),
  /** A request body over its route's limit, or too many events in one request. */
  TOO_LARGE(2, 413),
  /** A JSON endpoint sent a body that does not say it is JSON. */
  UNSUPPORTED_MEDIA_TYPE(2, 415),
  FAILED(1, 500);

  /** Exit codes: 0 success, 1 the operation failed, 2 bad usage or invalid input. */
  public static final int EXIT_OK = 0;

  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private final int exitCode;
  private final int httpStatus;

  ErrorKind(int exitCode, int httpStatus) {
    this.exitCode = exitCode;
    this.httpStatus = httpStatus;
  }

  public int exitCode() {
    return exitCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The wire name in API error bodies, e.g. {@code invalid-input}. */
  public String wireName() {
    return WireNames.of(this);
  }

  public static ErrorKind fromWire(String name) {
    return WireNames.find(ErrorKind.class, name).orElse(FAILED);
  }

  public static ErrorKind fromHttpStatus(int status) {
    for (ErrorKind k : values()) {
      if (k.httpStatus == status) {
        return k;
      }
    }
    return FAILED;
  }
}
