package dev.lui.core.power;

import dev.lui.core.store.NodeEvent;
import dev.lui.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Records each power action lui made on a node, with its outcome, as the node's event (#16: its
 * timeline shows them); a status query changes nothing and is not recorded.
 */
final class PowerJournal {
  private final Store store;
  private final Clock clock;

  PowerJournal(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  void record(List<NodePower> results) {
    Instant now = clock.instant();
    store.transaction(
        () -> {
          for (NodePower p : results) {
            store
                .node(p.node())
                .ifPresent(
                    n ->
                        store.recordNodeEvent(
                            new NodeEvent(
                                n.name(),
                                n.status().armId(),
                                now,
                                NodeEvent.Kind.POWER,
                                "power " + p.action(),
                                p.line(),
                                p.ok())));
          }
        });
  }
}
