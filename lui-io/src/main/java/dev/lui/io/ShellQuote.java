package dev.lui.io;

import java.util.List;
import java.util.regex.Pattern;

/** Shell-style quoting, for DISPLAY only: commands are always run as argument arrays. */
public final class ShellQuote {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellQuote() {}

  public static String quote(String arg) {
    if (PLAIN.matcher(arg).matches()) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  public static String join(List<String> argv) {
    return String.join(" ", argv.stream().map(ShellQuote::quote).toList());
  }
}
