package dev.lui.tftp.settings;

/**
 * A setting the admin gave the TFTP server is refused: a {@code --listen} address, a line of the
 * remap file. The message is one line naming the setting, the value and the rule; {@link #field()}
 * and {@link #rule()} say the same apart. The server's own CLI ({@code TftpCommand}) and lui's
 * translate it, each in one place. tftp-server's bare {@code IllegalArgumentException}s are
 * preconditions on arguments from code (a config record's components, packet fields).
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String value;
  private final String rule;

  /**
   * @param field the setting, like {@code --listen} or {@code remap line 3}
   * @param rule what a valid value is: the fix
   * @param message the whole message
   */
  public InvalidSettingException(String field, String value, String rule, String message) {
    super(message);
    this.field = field;
    this.value = value;
    this.rule = rule;
  }

  public String field() {
    return field;
  }

  /** The value as given (not escaped). */
  public String value() {
    return value;
  }

  public String rule() {
    return rule;
  }
}
