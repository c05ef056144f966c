package dev.lui.core;

import dev.lui.contract.value.InvalidValueException;

/**
 * Every failure lui reports to a user. The subclass says what kind of failure it is; {@link
 * ErrorKind} maps each kind to a CLI exit code and an HTTP status, in one place.
 */
public class LuiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorKind kind;

  public LuiException(ErrorKind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public LuiException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }

  /** Bad input: names the field, the value and the rule. */
  public static LuiException invalid(String field, String value, String rule) {
    return new LuiException(
        ErrorKind.INVALID_INPUT, field + " '" + printable(value) + "': " + rule);
  }

  /**
   * A value a leaf module (or the plan contract) refused: {@code InvalidValueException} is their
   * one input error, and this its one translation in core (invalid input: exit 2, HTTP 400),
   * message unchanged.
   */
  public static LuiException invalid(InvalidValueException e) {
    return new LuiException(ErrorKind.INVALID_INPUT, e.getMessage(), e);
  }

  public static LuiException invalid(String message) {
    return new LuiException(ErrorKind.INVALID_INPUT, message);
  }

  public static LuiException notFound(String what, String name) {
    return new LuiException(
        ErrorKind.NOT_FOUND, what + " '" + printable(name) + "' is not defined");
  }

  public static LuiException conflict(String message) {
    return new LuiException(ErrorKind.CONFLICT, message);
  }

  /** A change that alters armed nodes' plans, refused until confirmed; {@code nodes} are they. */
  public static LuiException confirmationRequired(String message, java.util.List<String> nodes) {
    return new LuiException(ErrorKind.CONFIRMATION_REQUIRED, message);
  }

  public static LuiException failed(String message, Throwable cause) {
    return new LuiException(ErrorKind.FAILED, message, cause);
  }

  public static LuiException failed(String message) {
    return new LuiException(ErrorKind.FAILED, message);
  }

  /**
   * Control characters (newlines from hostile input) must not split an error line, nor escape
   * sequences reach the terminal that prints it: the rules of {@link TerminalText}.
   */
  public static String printable(String value) {
    return TerminalText.escape(value);
  }
}
