package dev.lui.power;

/** A node's chassis power as its BMC reports it. */
public enum PowerState {
  ON,
  OFF;

  /** {@code on} or {@code off}, as people and scripts read it. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
