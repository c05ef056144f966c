package dev.lui.core.inventory;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Allocation.TargetKind;
import dev.lui.core.plan.Catalog;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Allocations of resources to nodes and groups, and what they arm or disarm. */
final class Allocations {
  private final Inventory inv;

  Allocations(Inventory inv) {
    this.inv = inv;
  }

  /** A name is a node or a group; {@code node:NAME} / {@code group:NAME} say which explicitly. */
  public Inventory.Target resolveTarget(String text) {
    if (text.startsWith("node:")) {
      return new Inventory.Target(TargetKind.NODE, inv.node(text.substring(5)).name());
    }
    if (text.startsWith("group:")) {
      String g = text.substring(6);
      inv.store().group(g).orElseThrow(() -> LuiException.notFound("group", g));
      return new Inventory.Target(TargetKind.GROUP, g);
    }
    boolean isNode = inv.store().node(text).isPresent();
    boolean isGroup = inv.store().group(text).isPresent();
    if (isNode && isGroup) {
      throw LuiException.invalid(
          "target", text, "is both a node and a group: write node:" + text + " or group:" + text);
    }
    if (!isNode && !isGroup) {
      throw LuiException.notFound("node or group", text);
    }
    return new Inventory.Target(isNode ? TargetKind.NODE : TargetKind.GROUP, text);
  }

  void requireResource(String field, String name) {
    if (inv.store().resource(name).isEmpty()) {
      throw LuiException.invalid(
          field, name, "no such resource: define it first with 'lui define-resource'");
    }
  }

  /**
   * Allocates each resource to each target. A node that gets its first system this way is armed.
   */
  public Inventory.AllocationChange allocate(List<String> resources, List<String> targets) {
    return changeAllocations(resources, targets, true, true);
  }

  /** Removes allocations; armed nodes whose plan changes need {@code confirmed}. */
  public Inventory.AllocationChange deallocate(
      List<String> resources, List<String> targets, boolean confirmed) {
    return changeAllocations(resources, targets, false, confirmed);
  }

  public Inventory.AllocationChange deallocate(List<String> resources, List<String> targets) {
    return deallocate(resources, targets, false);
  }

  private Inventory.AllocationChange changeAllocations(
      List<String> resources, List<String> targets, boolean add, boolean confirmed) {
    if (resources.isEmpty() || targets.isEmpty()) {
      throw LuiException.invalid("name at least one resource and one node or group");
    }
    return inv.publication()
        .commit(
            inv.store(),
            () -> {
              for (String r : resources) {
                requireResource("resource", r);
              }
              List<Inventory.Target> resolved = targets.stream().map(this::resolveTarget).toList();
              List<String> affected =
                  inv.resolveNodes(
                      resolved.stream().map(t -> t.kind().wireName() + ":" + t.name()).toList());
              Map<String, String> before = add ? Map.of() : inv.armedPlans(affected);
              Set<String> armedBefore = inv.armedAmong(affected);
              int changed = 0;
              for (String r : resources) {
                for (Inventory.Target t : resolved) {
                  Allocation a = new Allocation(r, t.kind(), t.name());
                  if (add ? inv.store().addAllocation(a) : inv.store().deleteAllocation(a)) {
                    changed++;
                  }
                }
              }
              // A node given two partition tables has no plan: refuse the allocation instead.
              Catalog catalog = Catalog.of(inv.store());
              for (String n : affected) {
                catalog.resourcesFor(inv.node(n));
              }
              inv.confirmPlanChanges(
                  "deallocating " + String.join(", ", resources), before, confirmed);
              Set<String> armedAfter = inv.armedAmong(affected);
              return Publication.Outcome.of(
                  new Inventory.AllocationChange(
                      changed,
                      inv.minus(armedAfter, armedBefore),
                      inv.minus(armedBefore, armedAfter)),
                  Change.of(affected));
            });
  }
}
