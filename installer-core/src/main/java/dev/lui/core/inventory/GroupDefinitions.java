package dev.lui.core.inventory;

import dev.lui.contract.disk.DiskSelector;
import dev.lui.contract.value.InvalidValueException;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Allocation.TargetKind;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Names;
import dev.lui.core.domain.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Groups: define, set their disk selector, remove (with the confirmation rule). */
final class GroupDefinitions {
  private final Inventory inv;

  GroupDefinitions(Inventory inv) {
    this.inv = inv;
  }

  /** Checks a disk selector with the plan contract's parser, the one the agent uses. */
  public static void checkDisk(String field, String selector) {
    try {
      DiskSelector.parse(selector);
    } catch (InvalidValueException e) {
      throw LuiException.invalid(field, selector, e.rule());
    }
  }

  public Group defineGroup(String name) {
    return defineGroup(name, Optional.empty());
  }

  /** A group; {@code disk} is the selector of members that have none of their own. */
  public Group defineGroup(String name, Optional<String> disk) {
    Names.name("name", name);
    disk.ifPresent(d -> checkDisk("--disk", d));
    return inv.store()
        .transaction(
            () -> {
              if (inv.store().group(name).isPresent()) {
                throw LuiException.conflict(
                    "group '"
                        + name
                        + "' is already defined"
                        + (disk.isPresent()
                            ? "; change its disk with 'lui set-group " + name + " --disk SELECTOR'"
                            : ""));
              }
              if (inv.store().node(name).isPresent()) {
                throw LuiException.conflict(
                    "'"
                        + name
                        + "' is already a node name; a group needs a name no node has, so that allocations are unambiguous");
              }
              Group g = new Group(name, disk);
              inv.store().putGroup(g);
              return g;
            });
  }

  /**
   * Changes a group's disk selector (empty: none); the plans of its members are refreshed. Their
   * next install targets the disk the new selector matches, unless they name their own. Armed
   * members whose plan changes need {@code confirmed}.
   */
  public Group setGroupDisk(String name, Optional<String> disk, boolean confirmed) {
    disk.ifPresent(d -> checkDisk("--disk", d));
    return inv.publication()
        .commit(
            inv.store(),
            () -> {
              Group g =
                  inv.store().group(name).orElseThrow(() -> LuiException.notFound("group", name));
              List<String> members = membersOf(name);
              Map<String, String> before = inv.armedPlans(members);
              Group changed = new Group(g.name(), disk);
              inv.store().putGroup(changed);
              inv.confirmPlanChanges("setting the disk of group " + name, before, confirmed);
              return Publication.Outcome.of(changed, Change.of(members));
            });
  }

  public Group setGroupDisk(String name, Optional<String> disk) {
    return setGroupDisk(name, disk, false);
  }

  List<String> membersOf(String group) {
    return inv.store().nodes().stream()
        .filter(n -> n.groups().contains(group))
        .map(Node::name)
        .toList();
  }

  /**
   * Removes the group, its members' membership and its allocations; members' plans are refreshed.
   * Armed members whose plan changes (they lose the group's resources or disk) need {@code
   * confirmed}; a member left without a system is no longer armed.
   */
  public Inventory.GroupRemoval removeGroup(String name, boolean confirmed) {
    return inv.publication()
        .commit(
            inv.store(),
            () -> {
              if (inv.store().group(name).isEmpty()) {
                throw LuiException.notFound("group", name);
              }
              List<String> members = membersOf(name);
              Map<String, String> before = inv.armedPlans(members);
              Set<String> armedBefore = inv.armedAmong(members);
              for (Node n : inv.store().nodes()) {
                if (n.groups().contains(name)) {
                  List<String> groups = new ArrayList<>(n.groups());
                  groups.remove(name);
                  inv.store().putNode(n.withGroups(groups));
                }
              }
              for (Allocation a : inv.store().allocations()) {
                if (a.kind() == TargetKind.GROUP && a.target().equals(name)) {
                  inv.store().deleteAllocation(a);
                }
              }
              inv.store().deleteGroup(name);
              inv.confirmPlanChanges("removing group " + name, before, confirmed);
              return Publication.Outcome.of(
                  new Inventory.GroupRemoval(
                      members, inv.minus(armedBefore, inv.armedAmong(members))),
                  Change.of(members));
            });
  }

  public Inventory.GroupRemoval removeGroup(String name) {
    return removeGroup(name, false);
  }
}
