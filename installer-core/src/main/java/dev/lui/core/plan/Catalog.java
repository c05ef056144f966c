package dev.lui.core.plan;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Network;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups, resources and allocations read once, so that the resources, groups and arming of many
 * nodes are resolved without a store query per node (a 10,000-node batch reads them once).
 * Immutable: a view of the store at the moment it was read.
 */
public final class Catalog {
  private final Map<String, Group> groups;
  private final Map<String, Network> networks;
  private final Map<String, Resource> resources;
  private final List<Allocation> allocations;
  private final Map<String, List<Allocation>> byTarget = new HashMap<>();
  private final Map<Allocation, Integer> position = new HashMap<>();

  public Catalog(List<Group> groups, List<Resource> resources, List<Allocation> allocations) {
    this(groups, resources, allocations, List.of());
  }

  /** With the networks, whose DNS servers and domain reach their nodes' plans. */
  public Catalog(
      List<Group> groups,
      List<Resource> resources,
      List<Allocation> allocations,
      List<Network> networks) {
    Map<String, Network> n = new HashMap<>();
    networks.forEach(x -> n.put(x.name(), x));
    this.networks = Map.copyOf(n);
    Map<String, Group> g = new LinkedHashMap<>();
    groups.forEach(x -> g.put(x.name(), x));
    Map<String, Resource> r = new LinkedHashMap<>();
    resources.forEach(x -> r.put(x.name(), x));
    this.groups = Map.copyOf(g);
    this.resources = Map.copyOf(r);
    this.allocations = List.copyOf(allocations);
    for (Allocation a : this.allocations) {
      position.putIfAbsent(a, position.size());
      byTarget
          .computeIfAbsent(a.kind().wireName() + ":" + a.target(), k -> new ArrayList<>())
          .add(a);
    }
  }

  public static Catalog of(Store store) {
    return new Catalog(store.groups(), store.resources(), store.allocations(), store.networks());
  }

  /**
   * The catalog as one node sees it: every group, allocation and network, but only the resources
   * allocated to {@code node} or its groups. An agent's plan fetch and each download need no more,
   * and reading (and decoding) every resource made each of them cost O(resources): with a file
   * resource per node, a rack's agents queued on the store for minutes (#17).
   */
  public static Catalog forNode(Store store, Node node) {
    List<Allocation> allocations = store.allocations();
    java.util.Set<String> targets = new java.util.HashSet<>();
    targets.add("node:" + node.name());
    node.groups().forEach(g -> targets.add("group:" + g));
    List<Resource> mine =
        allocations.stream()
            .filter(a -> targets.contains(a.kind().wireName() + ":" + a.target()))
            .map(Allocation::resource)
            .distinct()
            .map(store::resource)
            .flatMap(Optional::stream)
            .toList();
    return new Catalog(store.groups(), mine, allocations, store.networks());
  }

  /** The network the node records, if it is on one. */
  public Optional<Network> networkOf(Node node) {
    return node.network().map(networks::get);
  }

  public Optional<Group> group(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  public Map<String, Group> groups() {
    return groups;
  }

  public List<Allocation> allocations() {
    return allocations;
  }

  /** The node's groups by name, in its group order. */
  public Map<String, Group> groupsOf(Node node) {
    Map<String, Group> out = new LinkedHashMap<>();
    for (String g : node.groups()) {
      Group group = groups.get(g);
      if (group != null) {
        out.put(g, group);
      }
    }
    return out;
  }

  /**
   * The resources a node gets, in install order: its own allocations and its groups', each resource
   * once, in the order they were allocated. More than one partition table is an error.
   */
  public List<Resource> resourcesFor(Node node) {
    // Allocation order across the node's own and its groups' allocations: by allocation position.
    List<Allocation> mine =
        new ArrayList<>(byTarget.getOrDefault("node:" + node.name(), List.of()));
    for (String g : node.groups()) {
      mine.addAll(byTarget.getOrDefault("group:" + g, List.of()));
    }
    if (!node.groups().isEmpty()) {
      mine.sort(
          java.util.Comparator.comparingInt(a -> position.getOrDefault(a, Integer.MAX_VALUE)));
    }
    Map<String, String> origin = new LinkedHashMap<>();
    for (Allocation a : mine) {
      origin.putIfAbsent(a.resource(), a.kind().wireName() + " " + a.target());
    }
    List<Resource> out = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    origin.forEach(
        (name, from) -> {
          Resource r = resources.get(name);
          if (r != null) {
            out.add(r);
            if (r instanceof Resource.PartitionTable) {
              tables.add(name + " (from " + from + ")");
            }
          }
        });
    if (tables.size() > 1) {
      throw LuiException.conflict(
          "node "
              + node.name()
              + " would get "
              + tables.size()
              + " partition tables: "
              + String.join(", ", tables)
              + "; a node takes exactly one");
    }
    return out;
  }

  /** Which disk the node's plan targets, and why. */
  public DiskChoice diskFor(Node node) {
    return DiskChoice.of(node, groupsOf(node), resourcesFor(node));
  }

  /** Whether the node is armed: see {@link Arming}. */
  public Arming arming(Node node) {
    return Arming.of(node, resourcesFor(node));
  }
}
