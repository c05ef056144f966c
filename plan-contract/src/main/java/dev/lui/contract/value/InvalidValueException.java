package dev.lui.contract.value;

/**
 * A value breaks the rule of its type. The message names the field, the value (control characters
 * escaped, so it stays one line) and the rule: {@code --mac 'aa:bb': a MAC address has six octets,
 * like 52:54:00:12:34:56}. Callers that report errors their own way (installer-core's {@code
 * LuiException}, the plan's {@code InvalidPlanException}) take {@link #field()}, {@link #value()}
 * and {@link #rule()} apart.
 *
 * <p>It is also the one exception the leaf modules (dhcp-config, nfsroot-builder, tftp-server) and
 * the plan contract throw for an admin's value they refuse: a rule of their own may keep its own
 * wording ({@link #InvalidValueException(String, String, String, String)}), and still carries the
 * field and the rule. Core translates it once per boundary (invalid input: exit 2, HTTP 400; or,
 * where the value came from the store, a failure). Bare {@code IllegalArgumentException}s stay for
 * programming errors.
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

  /**
   * A refusal worded by its module ({@code message} is the whole one-line message, as that module
   * always said it; a secret's is without the value).
   *
   * @param value the value as given; for a secret, a placeholder such as {@code (not shown)}
   * @param rule what a valid value is: the fix
   */
  public InvalidValueException(String field, String value, String rule, String message) {
    super(message);
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
