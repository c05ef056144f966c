package dev.lui.core.server;

import dev.lui.core.store.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs a node's log keeps ({@code log-runs-kept}), how admins name one ({@code lui logs NODE
 * --run N}, {@code GET /api/v1/nodes/NAME/log?run=N}) and how they are listed ({@code lui logs NODE
 * --runs}, {@code GET /api/v1/nodes/NAME/runs}).
 *
 * <p>A run is named by its number in the list of kept runs, oldest first (1 is the oldest kept), by
 * a negative number counting back from the newest (-1 is the newest, -2 the one before), or by its
 * id ({@code r-...}). Numbers shift when old runs are dropped; ids do not.
 */
final class NodeRuns {
  private NodeRuns() {}

  /**
   * A kept run as listed; {@code outcome} is {@code succeeded}, {@code failed}, {@code running}
   * (the newest run, no end yet) or {@code unfinished} (an older run that never reported its end);
   * {@code current}: it belongs to the node's current arming (what {@code lui logs NODE} shows).
   */
  record RunView(
      int number,
      String id,
      String kind,
      Instant opened,
      Optional<Instant> ended,
      String outcome,
      boolean current) {}

  /**
   * The runs to drop so that at most {@code kept} remain, given the node's runs oldest first: the
   * oldest go, except the latest install run of the current arming (what the node's state and the
   * batch report describe), which stays even when rehearsals came after it.
   */
  static List<String> beyond(List<Run> runs, String armId, int kept) {
    Optional<String> install =
        runs.stream()
            .filter(r -> !r.isRehearsal() && r.armId().equals(armId))
            .reduce((a, b) -> b)
            .map(Run::id);
    List<String> drop = new ArrayList<>();
    int excess = runs.size() - kept;
    for (Run r : runs) {
      if (drop.size() >= excess) {
        break;
      }
      if (!install.equals(Optional.of(r.id()))) {
        drop.add(r.id());
      }
    }
    return drop;
  }

  static List<RunView> views(List<Run> runs, String armId) {
    List<RunView> out = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      String outcome =
          r.ok()
              .map(ok -> ok ? "succeeded" : "failed")
              .orElse(i == runs.size() - 1 ? "running" : "unfinished");
      out.add(
          new RunView(
              i + 1,
              r.id(),
              r.kind().wireName(),
              r.opened(),
              r.ended(),
              outcome,
              r.armId().equals(armId)));
    }
    return out;
  }

  /** The run {@code spec} names among the node's kept runs (oldest first). */
  static Run named(List<Run> runs, String node, String spec) {
    return dev.lui.core.timeline.RunNames.named(runs, node, spec);
  }
}
