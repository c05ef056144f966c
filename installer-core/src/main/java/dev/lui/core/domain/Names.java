package dev.lui.core.domain;

import dev.lui.core.LuiException;
import java.util.regex.Pattern;

/** The rules for names admins give things: nodes, groups, resources, host names. */
public final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private Names() {}

  /** Node, group and resource names: they become file names, DHCP host names and URL parts. */
  public static String name(String field, String text) {
    if (!NAME.matcher(text).matches() || text.contains("..")) {
      throw LuiException.invalid(
          field, text,
          "a name is 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return text;
  }

  /** A host name (RFC 1123): dot-separated labels of letters, digits and inner hyphens. */
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
    return text;
  }
}
