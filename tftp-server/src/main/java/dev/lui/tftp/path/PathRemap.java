package dev.lui.tftp.path;

import dev.lui.contract.value.InvalidValueException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rewrites a requested name before {@link RequestPaths#normalize} confines it (the tftpd-hpa remap
 * idea). Order: {@code \} becomes {@code /} (always, in {@code normalize} as well) and leading
 * {@code /} are dropped, so rules see a root-relative name; then the name is lower-cased if {@code
 * foldCase}, then each rule in order replaces all matches of its regex (each rule sees the output
 * of the one before). Confinement runs on the result, so no rule can lead out of the root.
 */
public record PathRemap(boolean foldCase, List<Rule> rules) {
  public static final PathRemap NONE = new PathRemap(false, List.of());

  public PathRemap {
    rules = List.copyOf(rules);
  }

  /** {@code regex} is a Java regex; {@code replacement} may use {@code $1} for groups. */
  public record Rule(Pattern regex, String replacement) {
    public Rule {
      Objects.requireNonNull(regex, "regex");
      Objects.requireNonNull(replacement, "replacement");
    }
  }

  public String apply(String requested) {
    String s = requested.replace('\\', '/');
    // Rules are written for names relative to the root: "boot/x" whether the client sent "/boot/x",
    // "\\boot\\x" or "boot/x".
    int i = 0;
    while (i < s.length() && s.charAt(i) == '/') {
      i++;
    }
    s = s.substring(i);
    if (foldCase) {
      s = s.toLowerCase(Locale.ROOT);
    }
    for (Rule r : rules) {
      Matcher m = r.regex().matcher(s);
      if (m.find()) {
        s = m.replaceAll(r.replacement());
      }
    }
    return s;
  }

  /**
   * Reads rules from a file: one {@code REGEX REPLACEMENT} per line (separated by white space; a
   * missing replacement means the empty string), {@code #} starts a comment line, blank lines are
   * skipped. A line {@code foldcase} switches case folding on.
   *
   * @throws IllegalArgumentException naming the line, the value and the rule broken
   */
  public static PathRemap parse(String text) {
    boolean fold = false;
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.equalsIgnoreCase("foldcase")) {
        fold = true;
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      Pattern p;
      try {
        p = Pattern.compile(parts[0]);
      } catch (PatternSyntaxException e) {
        throw new InvalidValueException(
            "remap line " + (i + 1),
            parts[0],
            "a valid regex: " + e.getDescription(),
            "remap line "
                + (i + 1)
                + ": regex '"
                + parts[0]
                + "' is invalid: "
                + e.getDescription());
      }
      String replacement = parts.length > 1 ? parts[1] : "";
      String bad = checkReplacement(replacement, p.matcher("").groupCount());
      if (bad != null) {
        throw new InvalidValueException(
            "remap line " + (i + 1),
            replacement,
            bad,
            "remap line " + (i + 1) + ": replacement '" + replacement + "' " + bad);
      }
      rules.add(new Rule(p, replacement));
    }
    return new PathRemap(fold, rules);
  }

  /** Null when {@code r} is a valid replacement for a regex with {@code groups} groups. */
  private static String checkReplacement(String r, int groups) {
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      if (c == '\\') {
        if (++i >= r.length()) {
          return "ends with a lone backslash";
        }
      } else if (c == '$') {
        if (i + 1 >= r.length() || r.charAt(i + 1) < '0' || r.charAt(i + 1) > '9') {
          return "has '$' not followed by a group number (write \\$ for a dollar)";
        }
        int g = r.charAt(i + 1) - '0';
        if (g > groups) {
          return "refers to group " + g + " but the regex has " + groups;
        }
        i++;
      }
    }
    return null;
  }

  public static PathRemap load(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }
}
