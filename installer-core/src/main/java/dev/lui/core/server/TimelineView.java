package dev.lui.core.server;

import dev.lui.core.timeline.RunRef;
import dev.lui.core.timeline.Timeline;
import dev.lui.core.timeline.TimelineEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node's timeline on the wire ({@code GET /api/v1/nodes/NAME/timeline}, {@code lui timeline
 * --json}): kinds in lower-case kebab ({@code boot-file}), durations in seconds, runs numbered as
 * {@code lui logs --runs} numbers them (1 is the oldest kept).
 */
record TimelineView(String node, Optional<String> run, List<RunView> runs, List<EventView> events) {

  record RunView(
      int number, String id, Instant opened, Optional<Instant> ended, Optional<Boolean> ok) {}

  record EventView(
      Instant at,
      String kind,
      String title,
      String detail,
      Optional<Double> seconds,
      boolean failure) {}

  static TimelineView of(Timeline t) {
    List<RunView> runs = new ArrayList<>();
    for (RunRef r : t.runs()) {
      runs.add(new RunView(runs.size() + 1, r.id(), r.opened(), r.ended(), r.ok()));
    }
    List<EventView> events = new ArrayList<>();
    for (TimelineEvent e : t.events()) {
      events.add(
          new EventView(
              e.at(),
              e.kind().wireName(),
              e.title(),
              e.detail(),
              e.duration().map(d -> d.toMillis() / 1000.0),
              e.failure()));
    }
    return new TimelineView(t.node(), t.run(), runs, events);
  }
}
