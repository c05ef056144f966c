package dev.lui.core.domain;

import dev.lui.core.LuiException;
import java.util.regex.Pattern;

/** The rules for names admins give things: nodes, groups, resources, host names. */
public final class Names {
  /** Dot-separated labels, each starting with a letter or digit: what DHCP host names take too. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)*");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private Names() {}

  /** Node, group and resource names: they become file names, DHCP host names and URL parts. */
  public static String name(String field, String text) {
    if (text.length() > 63 || !NAME.matcher(text).matches()) {
      throw LuiException.invalid(
          field, text,
          "a name is 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit, and so is each part between dots");
    }
    return text;
  }

  /**
   * A host name (RFC 1123): dot-separated labels of letters, digits and inner hyphens, whose last
   * label is not all digits (RFC 1123 section 2.1: a host name never has the form of an IPv4
   * address, such as {@code 0.0.0.0}).
   */
  public static String hostname(String field, String text) {
    if (text.isEmpty() || text.length() > 253) {
      throw LuiException.invalid(field, text, "a host name is 1-253 characters");
    }
    for (String label : text.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw LuiException.invalid(
            field, text,
            "a host name is dot-separated labels of letters, digits and inner hyphens (RFC 1123)");
      }
    }
    String last = text.substring(text.lastIndexOf('.') + 1);
    if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw LuiException.invalid(
          field, text, "a host name's last label is not all digits, so it never looks like an IPv4 address (RFC 1123)");
    }
    return text;
  }

  /**
   * Free text an admin gives (a server path, a version): anything but control characters, which
   * would split lines in the files lui writes and in what terminals show.
   */
  public static String withoutControlCharacters(String field, String text) {
    if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))) {
      throw LuiException.invalid(field, text, "control characters are not allowed");
    }
    return text;
  }
}
