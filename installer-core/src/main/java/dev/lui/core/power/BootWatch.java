package dev.lui.core.power;

import dev.lui.core.LuiException;
import dev.lui.core.config.WaveWatch;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.domain.NodeState;
import dev.lui.core.domain.Wave;
import dev.lui.core.store.Store;
import dev.lui.core.store.TransferEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the boots a wave started (#14), from the boot-file transfers the TFTP and HTTP servers
 * record per node: fails a node whose agent has not called within the boot timeout, and says why a
 * wave must pause (its booting nodes' transfers failed, or one of them was served nothing).
 */
public final class BootWatch {
  private static final Logger LOG = LoggerFactory.getLogger(BootWatch.class);

  /**
   * Outcomes that are a failure: an error, a refusal, a timeout. Not {@code not_found} (boot
   * loaders probe for files that need not exist) nor {@code aborted_by_client} (UEFI's size probe).
   */
  static final Set<String> FAILED = Set.of("failed", "denied", "timed_out");

  /** Outcomes of a file served: TFTP's completed, HTTP's served. */
  static final Set<String> SERVED = Set.of("completed", "served");

  /** A node's transfers read per look: far more than a boot makes. */
  private static final int READ = 500;

  /**
   * How far before its agent's first call the boot of a node lui did not power on is looked for.
   */
  static final Duration UNPOWERED_BOOT = Duration.ofHours(1);

  private final Store store;
  private final WaveWatch watch;

  public BootWatch(Store store, WaveWatch watch) {
    this.store = store;
    this.watch = watch;
  }

  /** Fails each booting node powered on a boot timeout ago or more; returns their names. */
  List<String> failLateBoots(List<Node> nodes, Instant now) {
    List<String> failed = new ArrayList<>();
    for (Node n : nodes) {
      if (!n.status().booting()
          || n.status().poweredOn().get().plus(watch.bootTimeout()).isAfter(now)) {
        continue;
      }
      String why = "no agent call within " + WaveWatch.words(watch.bootTimeout()) + " of power-on";
      boolean done =
          store.transaction(
              () -> {
                Optional<Node> current = store.node(n.name());
                if (current.isEmpty() || !current.get().status().equals(n.status())) {
                  return false; // its agent called, or it was re-armed, meanwhile
                }
                store.putNode(n.withStatus(n.status().bootFailed(why, now)));
                return true;
              });
      if (done) {
        LOG.warn("node {} failed: {}", n.name(), why);
        failed.add(n.name());
      }
    }
    return failed;
  }

  /**
   * Why {@code wave} must power on no more nodes now, from its {@code booting} nodes' transfers
   * since their power-on (or since the wave was resumed, if later); empty when nothing is wrong.
   */
  Optional<String> trouble(Wave wave, List<Node> booting, Instant now) {
    int failures = 0;
    List<String> examples = new ArrayList<>();
    List<String> stalled = new ArrayList<>();
    for (Node n : booting) {
      Instant poweredOn = n.status().poweredOn().orElseThrow();
      Instant from = wave.resumed().filter(r -> r.isAfter(poweredOn)).orElse(poweredOn);
      List<TransferEntry> transfers = store.transfersOf(n.name(), from, READ);
      for (TransferEntry t : transfers) {
        if (FAILED.contains(t.outcome())) {
          failures++;
          if (examples.size() < 3) {
            examples.add(n.name() + " " + shortPath(t.path()) + ": " + t.outcome());
          }
        }
      }
      boolean served = transfers.stream().anyMatch(t -> SERVED.contains(t.outcome()));
      if (!served && Duration.between(from, now).compareTo(watch.stallAfter()) >= 0) {
        stalled.add(n.name());
      }
    }
    List<String> why = new ArrayList<>();
    if (failures >= watch.failures()) {
      why.add(
          failures
              + " boot-file transfers of booting nodes failed ("
              + String.join(", ", examples)
              + (failures > examples.size() ? ", ..." : "")
              + ")");
    }
    if (!stalled.isEmpty()) {
      why.add(
          "no boot file served to "
              + NodeSet.compress(stalled)
              + " within "
              + WaveWatch.words(watch.stallAfter())
              + " of power-on");
    }
    return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
  }

  private static String shortPath(String path) {
    String p = LuiException.printable(path);
    return p.length() > 60 ? p.substring(0, 57) + "..." : p;
  }

  /**
   * When the first boot file was served to {@code n} for its current arming: the first after lui
   * powered it on; for a node lui did not power on, the first since it was armed while it waits,
   * else the first within {@link #UNPOWERED_BOOT} before its agent's first call.
   */
  public static Optional<Instant> firstBootFile(Store store, Node n) {
    Optional<Instant> from =
        n.status()
            .poweredOn()
            .or(
                () ->
                    n.status().state() == NodeState.DEFINED
                        ? Optional.of(n.status().since())
                        : n.status().started().map(s -> s.minus(UNPOWERED_BOOT)));
    return from.flatMap(
        f ->
            store.transfersOf(n.name(), f, READ).stream()
                .filter(t -> SERVED.contains(t.outcome()))
                .map(TransferEntry::time)
                .findFirst());
  }
}
