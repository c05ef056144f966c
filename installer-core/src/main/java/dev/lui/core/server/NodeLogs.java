package dev.lui.core.server;

import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.domain.NodeState;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.Run;
import dev.lui.core.store.Store;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The logs of a node set after one cursor ({@code GET /api/v1/log?nodes=SET&after=ID}), so {@code
 * lui logs --follow} over 1,000 nodes is one request per poll, not 1,000. Log ids are one sequence
 * for every node, so the cursor is the last id seen.
 */
final class NodeLogs {
  private NodeLogs() {}

  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 10_000;

  /**
   * A page: the entries, the cursor for the next call ({@code next}: the last entry's id, or the
   * given one when there is none), and {@code done}: every node of the set has ended (installed,
   * verified, failed, or not armed, so never going to install) and nothing of theirs is left after
   * this page. The states are read before the log, so a node's last events are in the log by the
   * time it counts as ended.
   */
  record Page(List<Views.LogView> entries, long next, boolean done) {}

  /**
   * The page shows each node's current arming: entries of runs under an earlier arming (kept by
   * {@code log-runs-kept}, read with {@code ?run=}) are skipped, so {@code lui logs --follow} after
   * {@code lui install} starts at the new install.
   */
  static Page page(Store store, NodeSet set, long after, int limit) {
    List<Node> nodes = NodeViews.selected(store, set);
    boolean ended = allEnded(store, nodes);
    Map<String, String> armIds = new HashMap<>();
    nodes.forEach(n -> armIds.put(n.name(), n.status().armId()));
    Map<String, Optional<Run>> runs = new HashMap<>();
    List<Views.LogView> views = new java.util.ArrayList<>();
    long next = after;
    boolean more = true;
    while (more && views.size() < limit) {
      List<LogEntry> entries = store.log(armIds.keySet(), next, limit);
      more = entries.size() == limit;
      for (LogEntry e : entries) {
        if (views.size() == limit) {
          more = true;
          break;
        }
        next = e.id();
        Optional<Run> run = runs.computeIfAbsent(e.runId(), store::run);
        if (run.map(r -> r.armId().equals(armIds.get(e.node()))).orElse(true)) {
          views.add(Views.LogView.of(e, run));
        }
      }
    }
    return new Page(List.copyOf(views), next, ended && !more);
  }

  /**
   * One node's entries of one run after {@code after}, oldest first, at most {@code limit} ({@code
   * GET /api/v1/nodes/NAME/log?run=N}).
   */
  static List<Views.LogView> runPage(Store store, String node, Run run, long after, int limit) {
    List<Views.LogView> out = new java.util.ArrayList<>();
    long cursor = after;
    while (out.size() < limit) {
      List<LogEntry> entries = store.log(node, cursor, limit);
      for (LogEntry e : entries) {
        cursor = e.id();
        if (e.runId().equals(run.id()) && out.size() < limit) {
          out.add(Views.LogView.of(e, Optional.of(run)));
        }
      }
      if (entries.size() < limit) {
        break;
      }
    }
    return out;
  }

  /** Whether no node of these will log any more of its current install. */
  static boolean allEnded(Store store, List<Node> nodes) {
    Catalog catalog = null;
    for (Node n : nodes) {
      NodeState state = n.status().state();
      if (state == NodeState.INSTALLING) {
        return false;
      }
      if (state == NodeState.DEFINED) {
        catalog = catalog == null ? Catalog.of(store) : catalog;
        if (Arming.of(n, catalog.resourcesFor(n)).armed()) {
          return false;
        }
      }
    }
    return true;
  }
}
