package dev.lui.core.inventory;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.PlanCompiler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Armed nodes whose install plan a change alters: found by comparing plans before and after, and
 * refused unless the admin confirmed.
 */
final class Confirmations {
  private final Inventory inv;

  Confirmations(Inventory inv) {
    this.inv = inv;
  }

  /**
   * Compiles plans only to compare them (the URL is never shown): see {@link #confirmPlanChanges}.
   */
  private static final PlanCompiler FINGERPRINTS =
      new PlanCompiler("http://lui", dev.lui.contract.plan.Finish.NONE);

  /**
   * The plans of the armed nodes among {@code names}, to compare after a change: a change that
   * alters what an armed node would install (or disarms it) needs the admin's confirmation.
   */
  Map<String, String> armedPlans(Collection<String> names) {
    Catalog catalog = Catalog.of(inv.store());
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : names) {
      Optional<Node> node = inv.store().node(name);
      if (node.isEmpty()) {
        continue;
      }
      List<Resource> resources = catalog.resourcesFor(node.get());
      if (Arming.of(node.get(), resources).armed()) {
        out.put(name, fingerprint(node.get(), catalog, resources));
      }
    }
    return out;
  }

  private static String fingerprint(Node node, Catalog catalog, List<Resource> resources) {
    return dev.lui.contract.plan.PlanCodec.toJson(
        FINGERPRINTS.compile(
            node, catalog.groupsOf(node), catalog.networkOf(node), resources, List.of()));
  }

  /**
   * Refuses (rolling the transaction back) when the change altered the plan of armed nodes and the
   * admin did not confirm: the message names them and how to confirm.
   */
  void confirmPlanChanges(String what, Map<String, String> before, boolean confirmed) {
    if (confirmed || before.isEmpty()) {
      return;
    }
    List<String> changed = changedArmedPlans(before);
    if (!changed.isEmpty()) {
      throw required(what + " changes the install plan of", changed, sample(changed));
    }
  }

  /**
   * The one refusal of the confirmation rule: {@code "LEAD N armed node(s): SHOWN; nothing was
   * changed. Confirm with --yes"}, naming {@code nodes} for the API.
   */
  static LuiException required(String lead, List<String> nodes, String shown) {
    return LuiException.confirmationRequired(
        lead
            + " "
            + nodes.size()
            + " armed node"
            + (nodes.size() == 1 ? "" : "s")
            + ": "
            + shown
            + "; nothing was changed. Confirm with --yes (API: ?yes=true)",
        nodes);
  }

  /**
   * The nodes of {@code before} (armed, with their plans) whose plan changed or that are no longer
   * armed.
   */
  List<String> changedArmedPlans(Map<String, String> before) {
    Catalog catalog = Catalog.of(inv.store());
    List<String> changed = new ArrayList<>();
    before.forEach(
        (name, plan) -> {
          Optional<Node> node = inv.store().node(name);
          if (node.isEmpty()) {
            changed.add(name);
            return;
          }
          List<Resource> resources;
          try {
            resources = catalog.resourcesFor(node.get());
          } catch (LuiException e) {
            changed.add(name);
            return;
          }
          if (!Arming.of(node.get(), resources).armed()
              || !fingerprint(node.get(), catalog, resources).equals(plan)) {
            changed.add(name);
          }
        });
    return changed;
  }

  private static String sample(List<String> names) {
    int shown = Math.min(names.size(), 10);
    String list = String.join(", ", names.subList(0, shown));
    return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
  }

  /** The armed nodes among {@code names}. */
  Set<String> armedAmong(Collection<String> names) {
    Catalog catalog = Catalog.of(inv.store());
    Set<String> out = new LinkedHashSet<>();
    for (String name : names) {
      inv.store().node(name).filter(n -> catalog.arming(n).armed()).ifPresent(n -> out.add(name));
    }
    return out;
  }

  static List<String> minus(Set<String> a, Set<String> b) {
    return a.stream().filter(x -> !b.contains(x)).toList();
  }
}
