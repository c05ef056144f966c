package dev.lui.core.power;

import dev.lui.core.LuiException;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.domain.Node;
import dev.lui.power.BmcFailure;
import dev.lui.power.IpmitoolDriver;
import dev.lui.power.PowerBatch;
import dev.lui.power.PowerOperation;
import dev.lui.power.PowerResult;
import dev.lui.power.PowerState;
import dev.lui.power.PowerTarget;
import dev.lui.power.SecretFiles;
import dev.lui.power.SecretSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Power actions on nodes through their BMCs (#14): bmc-power's {@link PowerBatch} over the nodes'
 * {@code --bmc} addresses, one {@link NodePower} per node in the order given. A node without a BMC
 * is its own failure; one node's failure never stops the others.
 */
public final class PowerService {
  /** The action name of {@link #start}: next boot from the network, then cycle or on. */
  public static final String START = "start";

  private final PowerBatch batch;
  private final Optional<PowerJournal> journal;

  public PowerService(PowerBatch batch) {
    this(batch, Optional.empty());
  }

  private PowerService(PowerBatch batch, Optional<PowerJournal> journal) {
    this.batch = batch;
    this.journal = journal;
  }

  /** The same service, recording each action's outcome as the node's event (its timeline). */
  public PowerService recordingTo(dev.lui.core.store.Store store, java.time.Clock clock) {
    return new PowerService(batch, Optional.of(new PowerJournal(store, clock)));
  }

  /** ipmitool with the server's settings, passwords from its {@code bmc-secrets} directory. */
  public static PowerService of(ServerConfig config) {
    IpmitoolDriver.Options options =
        IpmitoolDriver.Options.defaults()
            .withTimeouts(config.power().timeoutSeconds(), config.power().retries());
    if (config.power().cipherSuite().isPresent()) {
      options = options.withCipherSuite(config.power().cipherSuite().get());
    }
    SecretSource secrets = SecretFiles.directory(config.bmcSecretsDir());
    return new PowerService(new PowerBatch(new IpmitoolDriver(options), secrets));
  }

  /** {@code action} on every node; one result per node, in order. */
  public List<NodePower> run(PowerAction action, List<Node> nodes) {
    Map<String, NodePower> out = new LinkedHashMap<>();
    List<PowerTarget> targets = targets(nodes, action.wireName(), out);
    for (PowerResult r : run(action.operation(), targets)) {
      out.put(r.node(), NodePower.of(action.wireName(), r));
    }
    List<NodePower> results = ordered(nodes, out);
    if (action != PowerAction.STATUS) {
      journal.ifPresent(j -> j.record(results));
    }
    return results;
  }

  /**
   * Starts an install on each node: its next boot from the network (a BMC that cannot set it, like
   * ipmi_sim without a chassis control program, is noted, not failed: the node may boot from the
   * network anyway), then a power cycle if it is on, power on if it is off.
   */
  public List<NodePower> start(List<Node> nodes) {
    Map<String, NodePower> out = new LinkedHashMap<>();
    List<PowerTarget> targets = targets(nodes, START, out);
    Map<String, String> notes = new LinkedHashMap<>();
    List<PowerTarget> next = new ArrayList<>();
    for (PowerResult r : run(PowerOperation.BOOT_PXE, targets)) {
      if (r instanceof PowerResult.Failed f && f.failure() != BmcFailure.UNSUPPORTED) {
        out.put(r.node(), NodePower.of(START, r));
      } else {
        if (r instanceof PowerResult.Failed f) {
          notes.put(r.node(), "next boot device not set: " + f.message());
        }
        next.add(new PowerTarget(r.node(), r.bmc()));
      }
    }
    List<PowerTarget> on = new ArrayList<>();
    List<PowerTarget> off = new ArrayList<>();
    for (PowerResult r : run(PowerOperation.STATUS, next)) {
      if (r instanceof PowerResult.Done d) {
        (d.state().orElse(PowerState.OFF) == PowerState.ON ? on : off)
            .add(new PowerTarget(r.node(), r.bmc()));
      } else {
        out.put(r.node(), NodePower.of(START, r));
      }
    }
    List<PowerResult> switched = new ArrayList<>(run(PowerOperation.CYCLE, on));
    switched.addAll(run(PowerOperation.ON, off));
    for (PowerResult r : switched) {
      NodePower p = NodePower.of(START, r);
      out.put(r.node(), notes.containsKey(r.node()) ? p.noting(notes.get(r.node())) : p);
    }
    List<NodePower> results = ordered(nodes, out);
    journal.ifPresent(j -> j.record(results));
    return results;
  }

  private static List<PowerTarget> targets(
      List<Node> nodes, String action, Map<String, NodePower> out) {
    List<PowerTarget> targets = new ArrayList<>();
    for (Node n : nodes) {
      if (n.bmc().isPresent()) {
        targets.add(new PowerTarget(n.name(), n.bmc().get()));
      } else {
        out.put(n.name(), NodePower.noBmc(n.name(), action));
      }
    }
    return targets;
  }

  private List<PowerResult> run(PowerOperation operation, List<PowerTarget> targets) {
    try {
      return batch.run(operation, targets);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LuiException.failed("interrupted while talking to BMCs (the server is stopping)");
    }
  }

  private static List<NodePower> ordered(List<Node> nodes, Map<String, NodePower> out) {
    return nodes.stream()
        .map(n -> Optional.ofNullable(out.get(n.name())))
        .flatMap(Optional::stream)
        .toList();
  }
}
