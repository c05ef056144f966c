package dev.lui.contract.value;

/**
 * A value breaks the rule of its type. The message names the field, the value (control characters
 * escaped, so it stays one line) and the rule: {@code --mac 'aa:bb': a MAC address has six octets,
 * like 52:54:00:12:34:56}. Callers that report errors their own way (installer-core's {@code
 * LuiException}, the plan's {@code InvalidPlanException}) take {@link #field()}, {@link #value()}
 * and {@link #rule()} apart.
 */
public final class InvalidValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String value;
  private final String rule;

  public InvalidValueException(String field, String value, String rule) {
    super(field + " '" + escape(value) + "': " + rule);
    this.field = field;
    this.value = value;
    this.rule = rule;
  }

  public String field() {
    return field;
  }

  /** The value as given (not escaped: escape it before showing it). */
  public String value() {
    return value;
  }

  public String rule() {
    return rule;
  }

  /** C0 and C1 controls and DEL as {@code \x0a}: a message stays one line and sets off nothing. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
