package dev.lui.tftp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What happened to one request, reported once when it ends.
 *
 * @param options the options in effect as the server answered them in its OACK (lower-case names,
 *     in the client's order; empty when none was accepted or the request was refused)
 */
public record TransferRecord(
    InetSocketAddress client,
    String path,
    long bytes,
    Duration elapsed,
    Outcome outcome,
    String detail,
    Map<String, String> options) {

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
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** A record without negotiated options (refusals, and callers that predate them). */
  public TransferRecord(
      InetSocketAddress client,
      String path,
      long bytes,
      Duration elapsed,
      Outcome outcome,
      String detail) {
    this(client, path, bytes, elapsed, outcome, detail, Map.of());
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
