package dev.lui.agent.report;

/** Where agent events go. Implementations must be thread-safe (output pumps report concurrently). */
public interface Reporter extends AutoCloseable {
  void report(AgentEvent event);

  /** Delivers whatever is still buffered; never throws. */
  @Override
  default void close() {}
}
