package dev.lui.core.publish;

import dev.lui.core.domain.Node;
import dev.lui.core.inventory.Change;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import dev.lui.core.store.Store;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The store as a change left it, read inside the change's transaction (or the reconcile's): the one
 * input every artifact renders from, together with the settings.
 */
final class Snapshot {
  /** Which part of the published state to bring in line: what a change touched, or everything. */
  record Scope(boolean all, Change change) {
    static Scope everything() {
      return new Scope(true, Change.NONE);
    }

    static Scope of(Change change) {
      return new Scope(false, change);
    }
  }

  final Store store;
  final List<Node> nodes;
  final Catalog catalog;
  final Scope scope;

  /** Each node's recorded disk (plans carry it), read once for the whole change. */
  final Map<String, dev.lui.contract.disk.DiskIdentity> disks;

  private final Map<String, Node> byName = new HashMap<>();
  private final Map<String, Arming> arming = new HashMap<>();

  private Snapshot(Store store, List<Node> nodes, Catalog catalog, Scope scope) {
    this.disks = store.installedDisks();
    this.store = store;
    this.nodes = List.copyOf(nodes);
    this.catalog = catalog;
    this.scope = scope;
    nodes.forEach(n -> byName.put(n.name(), n));
  }

  static Snapshot read(Store store, Scope scope) {
    return new Snapshot(store, store.nodes(), Catalog.of(store), scope);
  }

  Optional<Node> node(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  Arming arming(Node node) {
    synchronized (arming) {
      return arming.computeIfAbsent(node.name(), n -> catalog.arming(node));
    }
  }

  /** The names to re-render: every node, or those the change touched (removed ones included). */
  Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    if (scope.all()) {
      nodes.forEach(n -> out.add(n.name()));
    } else {
      out.addAll(scope.change().nodes());
      scope.change().removed().forEach(n -> out.add(n.name()));
    }
    return out;
  }

  /** Removed nodes that were not defined again in the same change. */
  List<Node> removed() {
    return scope.change().removed().stream().filter(n -> node(n.name()).isEmpty()).toList();
  }

  /** The existing nodes to re-render, with their arming, in order. */
  Map<Node, Arming> touched() {
    Map<Node, Arming> out = new LinkedHashMap<>();
    for (String name : names()) {
      node(name).ifPresent(n -> out.put(n, arming(n)));
    }
    return out;
  }
}
