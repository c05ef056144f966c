package dev.lui.agent.report;

import dev.lui.contract.event.AgentEvent;
import java.util.List;

/**
 * The events an {@link HttpReporter} has not yet had acknowledged, oldest first. Not thread-safe:
 * the reporter calls it under its own lock.
 */
public sealed interface EventQueue permits MemoryQueue, SpoolFile {
  void add(AgentEvent event);

  /** Up to {@code max} of the oldest events, in order; empty when nothing is pending. */
  List<AgentEvent> head(int max);

  /** Drops the oldest {@code n} events: the server acknowledged them. */
  void remove(int n);

  int size();

  /** What becomes of undelivered events after {@link #close()}, for the operator's message. */
  String undelivered();

  void close();
}
