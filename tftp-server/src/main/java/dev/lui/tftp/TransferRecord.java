package dev.lui.tftp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/** What happened to one read request, reported once when it ends. */
public record TransferRecord(
    InetSocketAddress client,
    String path,
    long bytes,
    Duration elapsed,
    Outcome outcome,
    String detail) {

  /** {@code path} is the normalised name, or the name as sent when it was refused. */
  public TransferRecord {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes " + bytes + " must not be negative");
    }
  }

  public enum Outcome {
    COMPLETED,
    NOT_FOUND,
    DENIED,
    /** The client ended it (ERROR packet), e.g. UEFI's size probe. */
    ABORTED_BY_CLIENT,
    TIMED_OUT,
    FAILED
  }
}
