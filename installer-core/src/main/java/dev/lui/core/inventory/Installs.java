package dev.lui.core.inventory;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Allocation.TargetKind;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Arming nodes for install (by name, group or node set, optionally into a power-on wave) and
 * removing node sets.
 */
final class Installs {
  private final Inventory inv;

  Installs(Inventory inv) {
    this.inv = inv;
  }

  /**
   * Removes every node of the set in one transaction, with their allocations and logs. A set that
   * expands (a range, a group, a state filter) and takes armed nodes needs {@code confirmed}, as
   * every change to what armed nodes install does; naming each node, as before, does not.
   */
  public List<String> removeNodes(NodeSet set, boolean confirmed) {
    return inv.publication()
        .commit(
            inv.store(),
            () -> {
              NodeSet.Selection selected = inv.select(set);
              if (selected.names().isEmpty()) {
                throw LuiException.invalid(
                    "no node to remove: " + set.describe() + " selects none; nothing was removed");
              }
              if (selected.expanded() && !confirmed) {
                List<String> armed = List.copyOf(inv.armedAmong(selected.names()));
                if (!armed.isEmpty()) {
                  throw Confirmations.required(
                      "removing " + set.describe() + " removes", armed, NodeSet.compress(armed));
                }
              }
              Set<String> names = new java.util.HashSet<>(selected.names());
              for (Allocation a : inv.store().allocations()) {
                if (a.kind() == TargetKind.NODE && names.contains(a.target())) {
                  inv.store().deleteAllocation(a);
                }
              }
              List<Node> removed = new ArrayList<>();
              for (String name : selected.names()) {
                removed.add(inv.node(name));
                inv.store().deleteNode(name);
                inv.store().deleteLog(name);
              }
              return Publication.Outcome.of(
                  selected.names(), new Change(java.util.Set.of(), removed));
            });
  }

  /** Re-arms nodes (named directly or through their groups) for a fresh install. */
  public List<Node> install(List<String> targets) {
    return install(targets, false);
  }

  /**
   * Re-arms nodes with a new install token; with {@code newDisk} the disk recorded at their last
   * install is forgotten, so the agent accepts a replaced disk (without it, it refuses one). A node
   * whose plan installs no system is refused, naming it: nothing is armed then.
   */
  public List<Node> install(List<String> targets, boolean newDisk) {
    if (targets.isEmpty()) {
      throw LuiException.invalid("name at least one node or group to install");
    }
    return install(NodeSet.parse("install", targets, Optional.empty()), newDisk);
  }

  /** Re-arms the nodes of a node set; see {@link #install(List, boolean)}. */
  public List<Node> install(NodeSet set, boolean newDisk) {
    return install(set, newDisk, Optional.empty());
  }

  /**
   * Re-arms the nodes of a node set; with a {@code wave}, in the same transaction the wave is
   * stored and every armed node waits in it for the wave scheduler to power it on (#14).
   */
  public List<Node> install(NodeSet set, boolean newDisk, Optional<dev.lui.core.domain.Wave> wave) {
    return inv.publication()
        .commit(
            inv.store(),
            () -> {
              wave.ifPresent(inv.store()::putWave);
              List<Node> armed = new ArrayList<>();
              Catalog catalog = Catalog.of(inv.store());
              List<String> names = inv.select(set).names();
              if (names.isEmpty()) {
                throw LuiException.invalid(
                    "no node to install: " + set.describe() + " selects none; nothing was armed");
              }
              for (String nodeName : names) {
                Node n = inv.node(nodeName);
                InstallStatus status = inv.arm(nodeName);
                Node rearmed = n.withStatus(wave.map(w -> status.inWave(w.id())).orElse(status));
                Arming arming = Arming.of(rearmed, catalog.resourcesFor(rearmed));
                if (!arming.armed()) {
                  throw LuiException.invalid(
                      "node "
                          + nodeName
                          + " cannot be armed: "
                          + arming.why().orElse("")
                          + "; nothing was armed");
                }
                inv.store().putNode(rearmed);
                if (newDisk) {
                  inv.store().deleteInstalledDisk(nodeName);
                }
                armed.add(rearmed);
              }
              return Publication.Outcome.of(armed, Change.of(names));
            });
  }
}
