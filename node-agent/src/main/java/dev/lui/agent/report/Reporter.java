package dev.lui.agent.report;

import dev.lui.contract.event.AgentEvent;

/**
 * Where agent events go. Implementations must be thread-safe (output pumps report concurrently).
 */
public interface Reporter extends AutoCloseable {
  void report(AgentEvent event);

  /**
   * Waits (at most {@code max}) until everything reported so far is delivered; false if some is
   * not. Before a reboot: the server must see install-finished, or it never learns the install
   * ended. Never throws.
   */
  default boolean flush(java.time.Duration max) {
    return true;
  }

  /** Delivers whatever is still buffered; never throws. */
  @Override
  default void close() {}
}
