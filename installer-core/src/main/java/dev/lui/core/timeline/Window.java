package dev.lui.core.timeline;

import dev.lui.core.store.NodeEvent;
import dev.lui.core.store.Run;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The times whose boot files and power actions belong to a timeline: [from, to). */
record Window(Instant from, Instant to) {

  boolean contains(Instant at) {
    return !at.isBefore(from) && at.isBefore(to);
  }

  /**
   * From the end of the run before {@code run} (or its arming, if later), to the end of {@code run}
   * when a later run or arming follows; without a run, from the end of the newest run.
   */
  static Window of(
      List<Run> runs,
      Optional<Run> run,
      Optional<Instant> armed,
      List<NodeEvent> events,
      String armId) {
    int index = run.map(runs::indexOf).orElse(runs.size());
    Instant from = armed.orElse(Instant.EPOCH);
    if (index > 0) {
      Run previous = runs.get(index - 1);
      from = max(from, previous.ended().orElse(previous.opened()));
    }
    Instant to = Instant.MAX;
    if (run.isPresent()) {
      Run r = run.get();
      if (index + 1 < runs.size()) {
        Instant next = runs.get(index + 1).opened();
        to = r.ended().filter(e -> e.isBefore(next)).orElse(next);
      }
      for (NodeEvent e : events) {
        if (e.kind() == NodeEvent.Kind.ARMED
            && !e.armId().equals(armId)
            && e.time().isAfter(r.opened())) {
          to = min(to, r.ended().filter(end -> end.isBefore(e.time())).orElse(e.time()));
        }
      }
    }
    return new Window(from, to);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
