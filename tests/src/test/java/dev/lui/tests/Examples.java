package dev.lui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code lui} commands of a Markdown page's fenced shell examples: every line of a {@code sh}
 * block, and the {@code $ }-prompted lines of a block without a language. Words are split as a
 * shell would (quotes, {@code \} continuations, {@code # comments}, {@code ;}, {@code |}, {@code
 * &&}, redirections); {@code sudo} and {@code bin/} are dropped; only commands that are lui's are
 * kept.
 */
final class Examples {
  private Examples() {}

  /**
   * One {@code lui} command: its arguments without {@code lui}, its page line, and whether an
   * argument was a command substitution (replaced by {@link #SUBSTITUTED}; its inner lui command is
   * an example of its own).
   */
  record Example(int line, String text, List<String> args, boolean substituted) {}

  static final String SUBSTITUTED = "n001";

  private static final Set<String> SHELL = Set.of("sh", "bash", "shell", "console");

  static List<Example> of(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    List<Example> examples = new ArrayList<>();
    String lang = null; // null: outside a fence
    for (int i = 0; i < lines.size(); i++) {
      String trimmed = lines.get(i).strip();
      if (trimmed.startsWith("```")) {
        lang = lang == null ? trimmed.substring(3).strip() : null;
        continue;
      }
      if (lang == null) {
        continue;
      }
      String text;
      if (SHELL.contains(lang)) {
        text = trimmed;
      } else if (lang.isEmpty() && trimmed.startsWith("$ ")) {
        text = trimmed.substring(2);
      } else {
        continue;
      }
      int first = i;
      while (text.endsWith("\\") && i + 1 < lines.size()) {
        text = text.substring(0, text.length() - 1) + " " + lines.get(++i).strip();
      }
      for (List<String> command : new Words(text).commands()) {
        lui(command).ifPresent(args -> examples.add(example(first + 1, args)));
      }
    }
    return examples;
  }

  /**
   * The {@code lui ...} and {@code lui-agent ...} code spans of a page's prose ({@code `lui logs
   * NODE --run N`}) and such lines of its fences without a language (their comments cut): synopses
   * with placeholders, checked for their command and option names only.
   */
  static List<Example> inProse(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page);
    List<Example> spans = new ArrayList<>();
    boolean fenced = false;
    boolean bare = false;
    java.util.regex.Pattern span =
        java.util.regex.Pattern.compile("`(?:sudo )?(?:bin/)?(lui|lui-agent) ([^`]*)`");
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith("```")) {
        fenced = !fenced;
        bare = fenced && lines.get(i).strip().equals("```");
        continue;
      }
      java.util.regex.Matcher synopsis =
          java.util.regex.Pattern.compile("(lui|lui-agent) ([^#]*).*").matcher(lines.get(i));
      if (bare && synopsis.matches()) { // a synopsis in a block without a language
        spans.add(prose(i + 1, synopsis.group(1), synopsis.group(2)));
        continue;
      }
      java.util.regex.Matcher m = span.matcher(lines.get(i));
      while (!fenced && m.find()) {
        spans.add(prose(i + 1, m.group(1), m.group(2)));
      }
    }
    return spans;
  }

  /** A synopsis of {@code program} (lui or lui-agent): its text starts with the program. */
  private static Example prose(int line, String program, String rest) {
    List<String> words = List.of(rest.strip().split("\\s+"));
    return new Example(line, program + " " + rest.strip(), words, false);
  }

  private static Example example(int line, List<String> args) {
    boolean substituted = args.stream().anyMatch(a -> a.contains(SUBSTITUTED_MARK));
    List<String> clean = args.stream().map(a -> a.replace(SUBSTITUTED_MARK, SUBSTITUTED)).toList();
    return new Example(line, "lui " + String.join(" ", clean), clean, substituted);
  }

  private static java.util.Optional<List<String>> lui(List<String> command) {
    int at = 0;
    if (at < command.size() && command.get(at).equals("sudo")) {
      at++;
    }
    if (at < command.size()
        && (command.get(at).equals("lui") || command.get(at).equals("bin/lui"))) {
      return java.util.Optional.of(List.copyOf(command.subList(at + 1, command.size())));
    }
    return java.util.Optional.empty();
  }

  private static final String SUBSTITUTED_MARK = "\u0000$()\u0000";

  /** A shell line split into commands of words; a substitution's commands come first. */
  private static final class Words {
    private final String s;
    private int at;
    private final List<List<String>> commands = new ArrayList<>();

    Words(String s) {
      this.s = s;
    }

    List<List<String>> commands() {
      List<String> words = new ArrayList<>();
      StringBuilder word = null;
      boolean redirect = false;
      while (at < s.length()) {
        char c = s.charAt(at);
        if (Character.isWhitespace(c) || c == ';' || c == '|' || c == '&' || c == '<' || c == '>') {
          if (word != null) {
            if (!redirect) {
              words.add(word.toString());
            }
            redirect = false;
            word = null;
          }
          if (c == '<' || c == '>') {
            redirect = true; // its target is no argument
          } else if (c != ' ' && c != '\t') {
            end(words);
            words = new ArrayList<>();
          }
          at++;
        } else if (c == '#' && word == null) {
          break;
        } else {
          if (word == null) {
            word = new StringBuilder();
            if (Character.isDigit(c) && at + 1 < s.length() && s.charAt(at + 1) == '>') {
              at++; // 2>file: the descriptor is no word either
              continue;
            }
          }
          if (c == '\'') {
            int close = s.indexOf('\'', at + 1);
            word.append(s, at + 1, close);
            at = close + 1;
          } else if (c == '"') {
            at++;
            while (s.charAt(at) != '"') {
              if (s.startsWith("$(", at)) {
                word.append(substitution());
              } else {
                word.append(s.charAt(at++));
              }
            }
            at++;
          } else if (s.startsWith("$(", at)) {
            word.append(substitution());
          } else if (c == '\\' && at + 1 < s.length()) {
            word.append(s.charAt(at + 1));
            at += 2;
          } else {
            word.append(c);
            at++;
          }
        }
      }
      if (word != null && !redirect) {
        words.add(word.toString());
      }
      end(words);
      return commands;
    }

    private void end(List<String> words) {
      if (!words.isEmpty()) {
        commands.add(words);
      }
    }

    /** Reads {@code $(...)}, keeps its commands, and returns the mark for the word. */
    private String substitution() {
      int start = at + 2;
      int depth = 1;
      int i = start;
      char quote = 0;
      for (; depth > 0; i++) {
        char c = s.charAt(i);
        if (quote != 0) {
          quote = c == quote ? 0 : quote;
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        }
      }
      commands.addAll(new Words(s.substring(start, i - 1)).commands());
      at = i;
      return SUBSTITUTED_MARK;
    }
  }
}
