package dev.lui.nfsroot.check;

import dev.lui.contract.value.InvalidValueException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validation rules shared by the boot entries, node roots and exports. Every failure is an {@link
 * InvalidValueException} whose message names the field, the (escaped) bad value and the rule,
 * except for secrets, whose value is never echoed. MAC addresses, host names and IPv4 addresses are
 * the plan contract's value types ({@code dev.lui.contract.value}), not rules of this module.
 */
public final class Checks {
  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern IDENTITY_KEY = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

  private Checks() {}

  /**
   * A node name is used as a directory name, a file-name component and on the kernel command line,
   * so it must be one safe path segment: letters, digits, '.', '_', '-', starting with a letter or
   * digit, at most 64 characters, and no "..".
   */
  public static String nodeName(String name) {
    Objects.requireNonNull(name, "nodeName");
    if (!NODE_NAME.matcher(name).matches() || name.contains("..")) {
      throw new InvalidValueException(
          "node name",
          name,
          "1-64 of [A-Za-z0-9._-], starting with a letter or digit, without '..'",
          "node name "
              + quote(name)
              + " must be 1-64 of [A-Za-z0-9._-], start with a letter or digit and not contain"
              + " '..'");
    }
    return name;
  }

  /**
   * A value that goes on the kernel command line (or any whitespace-separated config line): it must
   * be non-empty printable ASCII without spaces or double quotes. Whitespace and control characters
   * would split it into several arguments, a quote would reopen quoting, and non-ASCII has no
   * agreed encoding on a boot loader's command line.
   */
  public static String word(String field, String value) {
    return checkWord(field, value, false);
  }

  /** Like {@link #word} but never echoes the value: for tokens and other secrets. */
  public static String secretWord(String field, String value) {
    return checkWord(field, value, true);
  }

  /** Identity keys: lower-case, start with a letter, then letters, digits, '_', '.', '-'. */
  public static String identityKey(String key) {
    Objects.requireNonNull(key, "identity key");
    if (!IDENTITY_KEY.matcher(key).matches()) {
      throw new InvalidValueException(
          "identity key",
          key,
          "[a-z][a-z0-9_.-]{0,63}",
          "identity key " + quote(key) + " must match [a-z][a-z0-9_.-]{0,63}");
    }
    return key;
  }

  /** Identity values live on one {@code key=value} line: no control characters (newlines!). */
  public static String identityValue(String key, String value) {
    Objects.requireNonNull(value, "identity value for " + key);
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidValueException(
            "identity value for " + key,
            value,
            "no control characters: each entry stays on one key=value line",
            "identity value for "
                + key
                + " "
                + quote(value)
                + " contains a control character at index "
                + i
                + "; each entry must stay on one key=value line");
      }
    }
    return value;
  }

  /** Java-ish quoting with non-printables escaped, so messages and logs stay on one line. */
  public static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(
            cp -> {
              if (cp == '"' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
              } else if (cp < 0x20 || cp == 0x7f || Character.isISOControl(cp)) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.append('"').toString();
  }

  /**
   * {@link #word}'s rule; a {@code secret} is named in the refusal but neither shown nor placed.
   */
  private static String checkWord(String field, String value, boolean secret) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty()) {
      throw new InvalidValueException(field, "", "not empty", field + " must not be empty");
    }
    int bad = firstBreaking(value);
    if (bad >= 0) {
      String rule = "only printable ASCII without space or '\"'";
      String found = describe(value.codePointAt(bad));
      String message =
          secret
              ? field
                  + " contains "
                  + found
                  + "; "
                  + rule
                  + " is allowed (value and position not shown: it is a secret)"
              : field
                  + " "
                  + quote(value)
                  + " contains "
                  + found
                  + " at index "
                  + bad
                  + "; "
                  + rule
                  + " is allowed (anything else would split or garble the command line)";
      throw new InvalidValueException(field, secret ? "(not shown)" : value, rule, message);
    }
    return value;
  }

  private static int firstBreaking(String value) {
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (cp <= 0x20 || cp >= 0x7f || cp == '"') {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }

  private static String describe(int cp) {
    if (cp == '"') {
      return "a double quote";
    }
    if (Character.isISOControl(cp)) {
      return String.format(Locale.ROOT, "control character U+%04X", cp);
    }
    if (cp == ' ' || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      return String.format(Locale.ROOT, "whitespace U+%04X", cp);
    }
    return String.format(Locale.ROOT, "non-ASCII character U+%04X", cp);
  }
}
