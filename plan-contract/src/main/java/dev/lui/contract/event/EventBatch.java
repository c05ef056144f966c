package dev.lui.contract.event;

import java.util.List;

/** The body of {@code POST /api/v1/agent/{node}/events}. */
public record EventBatch(List<AgentEvent> events) {
  public EventBatch {
    events = List.copyOf(events);
  }
}
