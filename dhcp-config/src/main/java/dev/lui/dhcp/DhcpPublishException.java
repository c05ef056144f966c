package dev.lui.dhcp;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** A DHCP backend's file could not be validated, written or reloaded; the old file is in place. */
public final class DhcpPublishException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, so callers can word their message (or exit code) accordingly. */
  public enum Stage {
    /** The hosts could not be rendered in this format (duplicate or oversized values). */
    RENDER,
    /** The validator rejected the candidate, or could not be run; the old file stays. */
    VALIDATE,
    /** Writing or renaming failed; the old file stays. */
    WRITE,
    /** The new file is in place (it validated) but the reload command failed. */
    RELOAD,
    /** Not tied to one stage (the two-argument constructors). */
    OTHER
  }

  private final Stage stage;
  private final transient Path file;
  private final String commandOutput;

  public DhcpPublishException(String message, Throwable cause) {
    super(message, cause);
    this.stage = Stage.OTHER;
    this.file = null;
    this.commandOutput = null;
  }

  public DhcpPublishException(String message) {
    this(message, (Throwable) null);
  }

  /**
   * @param cause the underlying exception, or null (as for any {@link Exception})
   */
  public DhcpPublishException(
      Stage stage, Path file, String message, Optional<String> commandOutput, Throwable cause) {
    super(message, cause);
    this.stage = Objects.requireNonNull(stage, "stage");
    this.file = Objects.requireNonNull(file, "file");
    this.commandOutput = commandOutput.orElse(null);
  }

  public Stage stage() {
    return stage;
  }

  /** The target file concerned. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The validator's or reload command's combined stdout and stderr, when one ran. */
  public Optional<String> commandOutput() {
    return Optional.ofNullable(commandOutput);
  }
}
