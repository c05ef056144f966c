package dev.lui.tftp.path;

/** A requested file name that must not be served (TFTP error 2, access violation). */
public final class PathDeniedException extends Exception {
  private final String requested;
  private final String rule;

  public PathDeniedException(String requested, String rule) {
    super("file name '" + printable(requested) + "' " + rule);
    this.requested = requested;
    this.rule = rule;
  }

  public String requested() {
    return requested;
  }

  public String rule() {
    return rule;
  }

  /** Control characters from the wire must not reach logs raw. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == 0x7F) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
