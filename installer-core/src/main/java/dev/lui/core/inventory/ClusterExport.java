package dev.lui.core.inventory;

import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Allocation.TargetKind;
import dev.lui.core.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code lui export}: the store as a cluster file that {@link ClusterApply} reads back. */
final class ClusterExport {
  private ClusterExport() {}

  /** The store as a cluster file, as an admin writes one. */
  static ClusterSpec of(Store store) {
    return store.transaction(
        () -> {
          List<ClusterSpec.GroupSpec> groups =
              store.groups().stream()
                  .map(g -> new ClusterSpec.GroupSpec(g.name(), g.disk()))
                  .toList();
          List<ResourceSpec> resources = store.resources().stream().map(ResourceSpecs::of).toList();
          Map<String, List<String>> byGroup = new LinkedHashMap<>();
          store.groups().forEach(g -> byGroup.put(g.name(), new ArrayList<>()));
          Map<String, List<String>> byNode = new LinkedHashMap<>();
          for (Allocation a : store.allocations()) {
            (a.kind() == TargetKind.GROUP ? byGroup : byNode)
                .computeIfAbsent(a.target(), k -> new ArrayList<>())
                .add(a.resource());
          }
          // Groups with the same resources in the same order share one entry, as an admin writes
          // it.
          Map<List<String>, List<String>> shared = new LinkedHashMap<>();
          byGroup.forEach(
              (g, list) -> {
                if (!list.isEmpty()) {
                  shared.computeIfAbsent(list, k -> new ArrayList<>()).add(g);
                }
              });
          List<ClusterSpec.AllocationSpec> allocations = new ArrayList<>();
          shared.forEach((list, to) -> allocations.add(new ClusterSpec.AllocationSpec(list, to)));
          List<NodeSpec> nodes =
              store.nodes().stream()
                  .map(
                      n ->
                          new NodeSpec(
                              n.name(),
                              n.mac().value(),
                              n.ip().toString(),
                              n.netmask().toString(),
                              n.gateway().map(Object::toString),
                              n.hostname().equals(n.name())
                                  ? Optional.empty()
                                  : Optional.of(n.hostname()),
                              n.groups(),
                              byNode.getOrDefault(n.name(), List.of()),
                              n.disk(),
                              n.afterInstall() == dev.lui.core.domain.AfterInstall.REMOVE
                                  ? Optional.empty()
                                  : Optional.of(n.afterInstall().wireName()),
                              n.network(),
                              n.bmc().map(Object::toString)))
                  .toList();
          List<NetworkSpec> networks = store.networks().stream().map(NetworkSpec::of).toList();
          return new ClusterSpec(groups, resources, allocations, nodes, Optional.of(networks));
        });
  }
}
