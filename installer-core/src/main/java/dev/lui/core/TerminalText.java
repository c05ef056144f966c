package dev.lui.core;

/**
 * Text that came from a node, a file or a request, made safe to show people: every character a
 * terminal acts on instead of showing is written as a visible escape, so a node cannot clear the
 * admin's screen, set the window title, move the cursor, overwrite a line with CR or forge a new
 * one, ring the bell, or reorder what follows with bidi controls.
 *
 * <p>Escaped: C0 controls and DEL as {@code \x1b}, {@code \r}, {@code \x00}...; C1 controls
 * (U+0080-U+009F, which some terminals read as CSI, OSC...) as {@code \x9b}; bidi embeddings,
 * overrides, isolates and marks (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and the
 * Unicode line and paragraph separators as {@code \u202e}. Everything else, including letters of
 * any script, is kept. The result holds only the escapes' ASCII for those, so escaping twice
 * changes nothing more.
 *
 * <p>JSON output for scripts does not go through here: Jackson escapes control characters itself.
 */
public final class TerminalText {
  private TerminalText() {}

  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String escaped = escaped(c);
      if (escaped != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (escaped != null) {
          out.append(escaped);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** True if {@link #escape} would change {@code text}. */
  public static boolean needsEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (escaped(text.charAt(i)) != null) {
        return true;
      }
    }
    return false;
  }

  private static String escaped(char c) {
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
      return String.format("\\x%02x", (int) c);
    }
    if ((c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c
        || c == 0x2028
        || c == 0x2029) {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }
}
