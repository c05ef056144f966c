package dev.lui.core.domain;

import dev.lui.core.LuiException;
import java.util.regex.Pattern;

/** The rules for names admins give things: nodes, groups, resources, host names. */
public final class Names {
  /** Dot-separated labels, each starting with a letter or digit: what DHCP host names take too. */
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)*");

  private Names() {}

  /** Node, group and resource names: they become file names, DHCP host names and URL parts. */
  public static String name(String field, String text) {
    if (!isName(text)) {
      throw LuiException.invalid(
          field,
          text,
          "a name is 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit, and so is each part between dots");
    }
    return text;
  }

  /** Whether {@code text} follows the rule of {@link #name}; for callers with their own message. */
  public static boolean isName(String text) {
    return text.length() <= 63 && NAME.matcher(text).matches();
  }

  /** A host name: the plan contract's one rule ({@link dev.lui.contract.value.Hostname}). */
  public static String hostname(String field, String text) {
    return Values.hostname(field, text).value();
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
