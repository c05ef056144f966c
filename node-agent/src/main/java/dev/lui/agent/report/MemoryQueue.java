package dev.lui.agent.report;

import dev.lui.contract.event.AgentEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Pending events in memory: lost if the agent process dies (the local log still has them). */
public final class MemoryQueue implements EventQueue {
  private final Deque<AgentEvent> events = new ArrayDeque<>();

  @Override
  public void add(AgentEvent event) {
    events.addLast(event);
  }

  @Override
  public List<AgentEvent> head(int max) {
    List<AgentEvent> out = new ArrayList<>(Math.min(max, events.size()));
    for (AgentEvent e : events) {
      if (out.size() == max) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  @Override
  public void remove(int n) {
    for (int i = 0; i < n; i++) {
      events.removeFirst();
    }
  }

  @Override
  public int size() {
    return events.size();
  }

  @Override
  public String undelivered() {
    return "they end with this process (a local log, if any, keeps them)";
  }

  @Override
  public void close() {}
}
