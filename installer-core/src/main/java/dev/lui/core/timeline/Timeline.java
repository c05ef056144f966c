package dev.lui.core.timeline;

import java.util.List;
import java.util.Optional;

/**
 * A node's timeline for one arming and run (#16), oldest event first.
 *
 * @param run the run shown; empty when the node's current arming has no run yet (armed, booting)
 * @param runs every kept run of the node, oldest first (what may be selected instead)
 */
public record Timeline(
    String node, Optional<String> run, List<RunRef> runs, List<TimelineEvent> events) {
  public Timeline {
    runs = List.copyOf(runs);
    events = List.copyOf(events);
  }
}
