package dev.lui.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A file the TFTP server served (or refused), attributed to a node when the client is one.
 *
 * @param elapsed how long the transfer took, when the server timed it (TFTP does)
 * @param detail why it was refused or failed, as the server said it
 */
public record TransferEntry(
    Instant time,
    String client,
    String path,
    long bytes,
    String outcome,
    Optional<String> node,
    Optional<Duration> elapsed,
    Optional<String> detail) {

  /** An untimed transfer without detail (HTTP boot files). */
  public TransferEntry(
      Instant time, String client, String path, long bytes, String outcome, Optional<String> node) {
    this(time, client, path, bytes, outcome, node, Optional.empty(), Optional.empty());
  }
}
