package dev.lui.core.inventory;

import dev.lui.core.LuiException;
import dev.lui.core.content.Contents;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Allocation.TargetKind;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.identity.InstallTokens;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.DiskChoice;
import dev.lui.core.store.NodeEvent;
import dev.lui.core.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin's operations on nodes, groups, resources and allocations: every business rule lives
 * here. Each operation validates everything first, then changes the store in one transaction
 * through the {@link Publication}, which stages the files the change implies before the commit and
 * puts them in place after it: bad input changes nothing, and a failed publication keeps nothing.
 */
public final class Inventory {

  private final Store store;
  private final Publication publication;
  private final Clock clock;
  private final InstallTokens tokens;
  private final Optional<HostResolver> resolver;
  private final String domain;

  private final Contents contents;
  private final Confirmations confirmations = new Confirmations(this);
  private final GroupDefinitions groups = new GroupDefinitions(this);
  private final ResourceDefinitions resources = new ResourceDefinitions(this);
  private final Allocations allocations = new Allocations(this);
  private final NodeValidation validation = new NodeValidation(this);
  private final Installs installs = new Installs(this);
  private final NetworkDefinitions networks = new NetworkDefinitions(this);

  /** Looks up a host name's IPv4 addresses (a DNS server the admin configured). */
  public interface HostResolver {
    List<String> addresses(String fqdn) throws java.io.IOException;

    String describe();
  }

  /**
   * @param tokens derives each node's install token from its arm id
   * @param resolver resolves the host names of nodes defined without an IP, in {@code domain}
   * @param contents the content store resource definitions refer to (uploaded files by SHA-256)
   */
  public Inventory(
      Store store,
      Publication publication,
      Clock clock,
      InstallTokens tokens,
      Optional<HostResolver> resolver,
      String domain,
      Contents contents) {
    this.store = store;
    this.publication = publication;
    this.clock = clock;
    this.tokens = tokens;
    this.resolver = resolver;
    this.domain = domain;
    this.contents = contents;
  }

  /** A new arming of {@code node}: a fresh arm id, so a fresh install token. */
  InstallStatus arm(String node) {
    String armId = InstallTokens.newArmId();
    java.time.Instant now = clock.instant();
    // The timeline's start (#16); an arming that does not land leaves an event nothing names.
    store.recordNodeEvent(new NodeEvent(node, armId, now, NodeEvent.Kind.ARMED, "armed", "", true));
    return InstallStatus.armed(armId, tokens.tokenHash(node, armId), now);
  }

  NetworkDefinitions networks() {
    return networks;
  }

  Optional<HostResolver> resolver() {
    return resolver;
  }

  String domain() {
    return domain;
  }

  public Store store() {
    return store;
  }

  Publication publication() {
    return publication;
  }

  java.time.Clock clock() {
    return clock;
  }

  public Contents contents() {
    return contents;
  }

  // ---------------------------------------------------------------- nodes

  /**
   * Defines a batch of nodes, all or none. A node whose plan installs a system is armed for install
   * when this returns; others wait until an allocation gives them one (see {@link Arming}).
   */
  public List<Node> defineNodes(List<NodeSpec> specs) {
    if (specs.isEmpty()) {
      throw LuiException.invalid("no nodes to define");
    }
    return publication.commit(
        store,
        () -> {
          NodeUniqueness unique = new NodeUniqueness(store.nodes());
          List<Node> created = new ArrayList<>();
          for (int i = 0; i < specs.size(); i++) {
            NodeSpec spec = specs.get(i);
            String where =
                specs.size() > 1
                    ? "node "
                        + (i + 1)
                        + " ("
                        + LuiException.printable(String.valueOf(spec.name()))
                        + "): "
                    : "";
            Node node;
            try {
              node = validateNode(spec);
              unique.add(node);
              for (String r : spec.resources()) {
                requireResource("--resource", r);
              }
            } catch (LuiException e) {
              throw e.kind() == dev.lui.core.ErrorKind.FAILED
                  ? e
                  : new LuiException(e.kind(), where + e.getMessage());
            }
            created.add(node);
          }
          for (int i = 0; i < created.size(); i++) {
            Node n = created.get(i);
            store.addNode(n); // new: a concurrent definition of it is refused by the store
            for (String r : specs.get(i).resources()) {
              store.addAllocation(new Allocation(r, TargetKind.NODE, n.name()));
            }
          }
          Catalog catalog = Catalog.of(store);
          for (Node n : created) {
            catalog.resourcesFor(n); // two partition tables: refused here, nothing kept
          }
          return Publication.Outcome.of(
              created, Change.of(created.stream().map(Node::name).toList()));
        });
  }

  Node validateNode(NodeSpec spec) {
    return validation.validateNode(spec);
  }

  public Node node(String name) {
    return store.node(name).orElseThrow(() -> LuiException.notFound("node", name));
  }

  public void removeNode(String name) {
    publication.commit(
        store,
        () -> {
          Node node = node(name);
          for (Allocation a : store.allocations()) {
            if (a.kind() == TargetKind.NODE && a.target().equals(name)) {
              store.deleteAllocation(a);
            }
          }
          store.deleteNode(name);
          store.deleteLog(name);
          return Publication.Outcome.of(null, Change.removed(node));
        });
  }

  /** The nodes a node set selects, against the committed store (one read of nodes and groups). */
  public NodeSet.Selection select(NodeSet set) {
    return set.select(store.nodes(), store.groups());
  }

  public List<String> removeNodes(NodeSet set, boolean confirmed) {
    return installs.removeNodes(set, confirmed);
  }

  public List<Node> install(List<String> targets) {
    return installs.install(targets);
  }

  public List<Node> install(List<String> targets, boolean newDisk) {
    return installs.install(targets, newDisk);
  }

  public List<Node> install(NodeSet set, boolean newDisk) {
    return installs.install(set, newDisk);
  }

  public List<Node> install(NodeSet set, boolean newDisk, Optional<dev.lui.core.domain.Wave> wave) {
    return installs.install(set, newDisk, wave);
  }

  /** Node names for targets that each name a node or a group; in the order given, no repeats. */
  public List<String> resolveNodes(List<String> targets) {
    Set<String> out = new LinkedHashSet<>();
    List<Node> all = null;
    for (String t : targets) {
      Target target = resolveTarget(t);
      if (target.kind() == TargetKind.NODE) {
        out.add(target.name());
      } else {
        if (all == null) {
          all = store.nodes();
        }
        all.stream()
            .filter(n -> n.groups().contains(target.name()))
            .forEach(n -> out.add(n.name()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The resources a node gets, in install order: its own allocations and its groups', each resource
   * once, in the order they were allocated. More than one partition table is an error.
   */
  public List<Resource> resourcesFor(Node node) {
    return Catalog.of(store).resourcesFor(node);
  }

  /** Which disk the node's plan targets, and why. */
  public DiskChoice diskFor(Node node) {
    return Catalog.of(store).diskFor(node);
  }

  // ---------------------------------------------------------------- records

  /** A removed group's members, and those of them it left without a system (no longer armed). */
  public record GroupRemoval(List<String> members, List<String> disarmed) {}

  public record Target(TargetKind kind, String name) {}

  /**
   * What an allocation change did: how many allocations it added or removed, which nodes it armed
   * (they got their first system) and which it disarmed (they lost their last).
   */
  public record AllocationChange(int count, List<String> armed, List<String> disarmed) {}

  // ---------------------------------------------------------------- by part
  Map<String, String> armedPlans(Collection<String> names) {
    return confirmations.armedPlans(names);
  }

  void confirmPlanChanges(String what, Map<String, String> before, boolean confirmed) {
    confirmations.confirmPlanChanges(what, before, confirmed);
  }

  List<String> changedArmedPlans(Map<String, String> before) {
    return confirmations.changedArmedPlans(before);
  }

  Set<String> armedAmong(Collection<String> names) {
    return confirmations.armedAmong(names);
  }

  static List<String> minus(Set<String> a, Set<String> b) {
    return Confirmations.minus(a, b);
  }

  public static void checkDisk(String field, String selector) {
    GroupDefinitions.checkDisk(field, selector);
  }

  public Group defineGroup(String name) {
    return groups.defineGroup(name);
  }

  public Group defineGroup(String name, Optional<String> disk) {
    return groups.defineGroup(name, disk);
  }

  public Group setGroupDisk(String name, Optional<String> disk, boolean confirmed) {
    return groups.setGroupDisk(name, disk, confirmed);
  }

  public Group setGroupDisk(String name, Optional<String> disk) {
    return groups.setGroupDisk(name, disk);
  }

  List<String> membersOf(String group) {
    return groups.membersOf(group);
  }

  public GroupRemoval removeGroup(String name, boolean confirmed) {
    return groups.removeGroup(name, confirmed);
  }

  public GroupRemoval removeGroup(String name) {
    return groups.removeGroup(name);
  }

  public dev.lui.core.domain.Network defineNetwork(NetworkSpec spec) {
    return networks.defineNetwork(spec);
  }

  public dev.lui.core.domain.Network network(String name) {
    return networks.network(name);
  }

  /** The nodes on a network, by name. */
  public List<String> networkUsers(String name) {
    return networks.usersOf(name);
  }

  public void removeNetwork(String name) {
    networks.removeNetwork(name);
  }

  public Resource defineResource(ResourceSpec spec) {
    return resources.defineResource(spec);
  }

  public ResourceUpdates.Updated updateResource(ResourceSpec spec, boolean confirmed) {
    return resources.updateResource(spec, confirmed);
  }

  public List<ResourceVersion> resourceVersions(String name) {
    return resources.resourceVersions(name);
  }

  Resource validateResource(ResourceSpec spec) {
    return resources.validateResource(spec);
  }

  public Resource resource(String name) {
    return resources.resource(name);
  }

  public void removeResource(String name) {
    resources.removeResource(name);
  }

  public Target resolveTarget(String text) {
    return allocations.resolveTarget(text);
  }

  void requireResource(String field, String name) {
    allocations.requireResource(field, name);
  }

  public AllocationChange allocate(List<String> resources, List<String> targets) {
    return allocations.allocate(resources, targets);
  }

  public AllocationChange deallocate(
      List<String> resources, List<String> targets, boolean confirmed) {
    return allocations.deallocate(resources, targets, confirmed);
  }

  public AllocationChange deallocate(List<String> resources, List<String> targets) {
    return allocations.deallocate(resources, targets);
  }
}
