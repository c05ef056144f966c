package dev.lui.io;

import java.util.List;
import java.util.Optional;

/** A program and its arguments, optionally with text fed on stdin (e.g. an sfdisk script). */
public record Command(List<String> argv, Optional<String> stdin) {
  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least the program name");
    }
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), Optional.empty());
  }

  public static Command of(List<String> argv) {
    return new Command(argv, Optional.empty());
  }

  public Command withStdin(String text) {
    return new Command(argv, Optional.of(text));
  }

  public String display() {
    return ShellQuote.join(argv);
  }
}
