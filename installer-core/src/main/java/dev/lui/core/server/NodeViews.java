package dev.lui.core.server;

import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import java.util.List;

/** Node views for API answers. */
final class NodeViews {
  private NodeViews() {}

  /** Views of many nodes: groups, resources and allocations are read once for all. */
  static List<Views.NodeView> of(dev.lui.core.store.Store store, List<Node> nodes) {
    Catalog catalog = Catalog.of(store);
    return nodes.stream().map(n -> view(n, catalog, store)).toList();
  }

  /** The nodes of a set, in its order (every node, in the store's order, for no expression). */
  static List<Node> selected(dev.lui.core.store.Store store, dev.lui.core.domain.NodeSet set) {
    List<Node> all = store.nodes();
    if (set.isAll() && set.state().isEmpty()) {
      return all;
    }
    java.util.Map<String, Node> byName = new java.util.HashMap<>();
    all.forEach(n -> byName.put(n.name(), n));
    return set.select(all, store.groups()).names().stream().map(byName::get).toList();
  }

  private static Views.NodeView view(Node n, Catalog catalog, dev.lui.core.store.Store store) {
    List<Resource> resources = catalog.resourcesFor(n);
    return Views.NodeView.of(
        n,
        resources.stream().map(Resource::name).toList(),
        dev.lui.core.plan.DiskChoice.of(n, catalog.groupsOf(n), resources),
        Arming.of(n, resources),
        dev.lui.core.power.BootWatch.firstBootFile(store, n));
  }
}
