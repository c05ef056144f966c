package dev.lui.core.ui;

import dev.lui.core.TerminalText;

/**
 * The one rule for putting text into the dashboard's HTML: first {@link TerminalText#escape} (so an
 * ANSI sequence or a control character from a node shows as {@code \x1b[31m}, as the CLI shows it),
 * then the five characters HTML acts on as entities. The result is safe in element content and in
 * double- or single-quoted attribute values; it is never used inside a script or a style.
 */
public final class Html {
  private Html() {}

  /** {@code text} as HTML text or attribute value. */
  public static String text(String text) {
    String shown = TerminalText.escape(text);
    StringBuilder out = null;
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      String entity =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (entity != null && out == null) {
        out = new StringBuilder(shown.length() + 16).append(shown, 0, i);
      }
      if (out != null) {
        if (entity != null) {
          out.append(entity);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? shown : out.toString();
  }

  /** A query-string value: percent-encoded UTF-8 (then safe in an attribute too). */
  public static String query(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A path segment (a node name): percent-encoded, spaces as %20. */
  public static String segment(String value) {
    return query(value).replace("+", "%20");
  }
}
