package dev.lui.core.inventory;

import java.util.List;
import java.util.Optional;

/**
 * A whole cluster as a file describes it ({@code lui apply}, {@code lui export}): networks, groups,
 * resources, allocations, nodes. {@code lui apply} makes the store match it in one transaction;
 * {@code lui export} writes the store as one.
 *
 * @param allocations in install order; a node's own {@code resources} are allocations too
 * @param networks applied before the nodes (#14); absent in files written before networks
 */
public record ClusterSpec(
    List<GroupSpec> groups,
    List<ResourceSpec> resources,
    List<AllocationSpec> allocations,
    List<NodeSpec> nodes,
    Optional<List<NetworkSpec>> networks) {
  public ClusterSpec {
    groups = List.copyOf(groups);
    resources = List.copyOf(resources);
    allocations = List.copyOf(allocations);
    nodes = List.copyOf(nodes);
    networks = networks == null ? Optional.empty() : networks.map(List::copyOf);
  }

  /** A file without networks. */
  public ClusterSpec(
      List<GroupSpec> groups,
      List<ResourceSpec> resources,
      List<AllocationSpec> allocations,
      List<NodeSpec> nodes) {
    this(groups, resources, allocations, nodes, Optional.empty());
  }

  /** A group and the disk selector of members that name none. */
  public record GroupSpec(String name, Optional<String> disk) {}

  /** Resources given to nodes or groups ({@code to}), in install order. */
  public record AllocationSpec(List<String> resources, List<String> to) {
    public AllocationSpec {
      resources = List.copyOf(resources);
      to = List.copyOf(to);
    }
  }
}
