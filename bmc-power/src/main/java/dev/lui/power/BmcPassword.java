package dev.lui.power;

import java.util.Objects;

/**
 * A BMC password. {@link #toString} never shows it, so it cannot reach a log by accident; only a
 * driver {@link #reveal()}s it, to hand it to its tool (ipmitool gets it through its environment,
 * never its arguments).
 */
public final class BmcPassword {
  /** IPMI 2.0 (RMCP+) keys are at most 20 bytes. */
  public static final int MAX_IPMI_BYTES = 20;

  private final String secret;

  private BmcPassword(String secret) {
    this.secret = secret;
  }

  /**
   * @throws IllegalArgumentException if empty or with a control character (a line break left in a
   *     file), without showing the password
   */
  public static BmcPassword of(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the BMC password is empty");
    }
    if (secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("the BMC password holds a control character");
    }
    return new BmcPassword(secret);
  }

  /** The password itself, for the driver that passes it on. */
  public String reveal() {
    return secret;
  }

  @Override
  public String toString() {
    return "****";
  }
}
