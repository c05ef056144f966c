package dev.lui.agent.exec;

import dev.lui.io.ShellQuote;
import java.util.List;
import java.util.Optional;

/**
 * An install step could not complete: a command exited non-zero, a checksum did not match, the disk
 * is in use... Carries the command and its last output lines when a command was at fault.
 */
public final class StepFailedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Optional<List<String>> command;
  private final int exitCode;
  private final transient List<String> lastLines;

  public StepFailedException(String message) {
    this(message, null);
  }

  public StepFailedException(String message, Throwable cause) {
    super(message, cause);
    this.command = Optional.empty();
    this.exitCode = 0;
    this.lastLines = List.of();
  }

  private StepFailedException(List<String> command, int exitCode, List<String> lastLines) {
    super(
        "command failed with exit code "
            + exitCode
            + ": "
            + ShellQuote.join(command)
            + (lastLines.isEmpty()
                ? ""
                : "\n  last output:\n    " + String.join("\n    ", lastLines)));
    this.command = Optional.of(List.copyOf(command));
    this.exitCode = exitCode;
    this.lastLines = List.copyOf(lastLines);
  }

  public static StepFailedException commandFailed(
      List<String> command, int exitCode, List<String> lastLines) {
    return new StepFailedException(command, exitCode, lastLines);
  }

  public Optional<List<String>> command() {
    return command;
  }

  /** The command's exit code; 0 when the failure was not a command's. */
  public int exitCode() {
    return exitCode;
  }

  public List<String> lastLines() {
    return lastLines;
  }
}
