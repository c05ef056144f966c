package dev.lui.agent.report;

import dev.lui.contract.event.AgentEvent;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event, for assertions. */
public final class RecordingReporter implements Reporter {
  private final List<AgentEvent> events = new ArrayList<>();

  @Override
  public synchronized void report(AgentEvent event) {
    events.add(event);
  }

  public synchronized List<AgentEvent> events() {
    return List.copyOf(events);
  }

  /** Texts of LOG events on one stream. */
  public synchronized List<String> lines(String stream) {
    return events.stream()
        .filter(e -> e.kind() == AgentEvent.Kind.LOG && e.stream().orElse("").equals(stream))
        .map(e -> e.text().orElse(""))
        .toList();
  }
}
