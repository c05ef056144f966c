package dev.lui.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One stored agent event. {@code id} orders a node's log (assigned by the store; 0 before it is
 * stored); {@code runId} and {@code seq} are the agent's and make resends idempotent.
 */
public record LogEntry(
    long id,
    String node,
    String runId,
    long seq,
    Instant time,
    String kind,
    Optional<String> step,
    Optional<String> stream,
    Optional<String> text,
    Optional<Boolean> ok) {

  public LogEntry withId(long newId) {
    return new LogEntry(newId, node, runId, seq, time, kind, step, stream, text, ok);
  }
}
