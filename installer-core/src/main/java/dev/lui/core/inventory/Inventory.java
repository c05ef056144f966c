package dev.lui.core.inventory;

import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.MacAddress;
import dev.lui.core.LuiException;
import dev.lui.core.content.Contents;
import dev.lui.core.domain.AfterInstall;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Allocation.TargetKind;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Names;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.domain.Values;
import dev.lui.core.identity.InstallTokens;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.DiskChoice;
import dev.lui.core.store.Store;
import dev.lui.power.BmcAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
  private final NetworkDefinitions networks = new NetworkDefinitions(this);

  /** Looks up a host name's IPv4 addresses (a DNS server the admin configured). */
  public interface HostResolver {
    List<String> addresses(String fqdn) throws java.io.IOException;

    String describe();
  }

  public Inventory(Store store, Publication publication, Clock clock) {
    this(store, publication, clock, InstallTokens.random(), Optional.empty(), "cluster");
  }

  /**
   * @param tokens derives each node's install token from its arm id
   * @param resolver resolves the host names of nodes defined without an IP, in {@code domain}
   */
  public Inventory(
      Store store,
      Publication publication,
      Clock clock,
      InstallTokens tokens,
      Optional<HostResolver> resolver,
      String domain) {
    this(store, publication, clock, tokens, resolver, domain, Contents.NONE);
  }

  /**
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
    return InstallStatus.armed(armId, tokens.tokenHash(node, armId), clock.instant());
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
          Uniqueness unique = new Uniqueness(store.nodes());
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
            store.putNode(n);
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

  /** Names, MACs, addresses and host names already taken, with their owners; O(1) per node. */
  static final class Uniqueness {
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> macs = new HashMap<>();
    private final Map<String, String> ips = new HashMap<>();
    private final Map<String, String> hostnames = new HashMap<>();
    private final Set<String> batch = new java.util.HashSet<>();

    private final Subnets.Registry subnets;

    Uniqueness(List<Node> existing) {
      existing.forEach(this::put);
      subnets = new Subnets.Registry(existing);
    }

    void add(Node node) {
      subnets.add(node);
      check(names, node.name(), "node name '" + node.name() + "' is already defined");
      check(macs, node.mac().value(), "--mac '" + node.mac() + "' is already used by node ");
      check(ips, node.ip().toString(), "--ip '" + node.ip() + "' is already used by node ");
      check(
          hostnames,
          node.hostname().toLowerCase(java.util.Locale.ROOT),
          "--hostname '" + node.hostname() + "' is already used by node ");
      put(node);
      batch.add(node.name());
    }

    private void check(Map<String, String> taken, String key, String message) {
      String owner = taken.get(key);
      if (owner != null) {
        String source = batch.contains(owner) ? " earlier in this batch" : "";
        throw LuiException.conflict(
            message.endsWith("by node ") ? message + owner + source : message + source);
      }
    }

    private void put(Node n) {
      names.put(n.name(), n.name());
      macs.put(n.mac().value(), n.name());
      ips.put(n.ip().toString(), n.name());
      hostnames.put(n.hostname().toLowerCase(java.util.Locale.ROOT), n.name());
    }
  }

  Node validateNode(NodeSpec spec) {
    String name = Names.name("name", spec.name());
    MacAddress mac = Values.mac("--mac", spec.mac());
    Optional<Integer> prefix = Optional.empty();
    Ipv4 ip;
    if (spec.ip().isEmpty()) {
      ip = resolve(spec, name);
    } else if (spec.ip().contains("/")) {
      dev.lui.contract.value.Ipv4Network cidr = Values.network("--ip", spec.ip());
      ip = cidr.address();
      prefix = Optional.of(cidr.prefixLength());
    } else {
      ip = Values.ipv4("--ip", spec.ip());
    }
    NetworkDefinitions.Placement placement = networks.place(spec, ip, prefix);
    Ipv4 netmask = placement.netmask();
    if (ip.equals(ip.network(netmask)) || ip.equals(ip.broadcast(netmask))) {
      throw LuiException.invalid(
          "--ip",
          spec.ip(),
          "is the network or broadcast address of "
              + ip.network(netmask)
              + "/"
              + netmask.prefixLength());
    }
    Optional<Ipv4> gateway = placement.gateway();
    if (gateway.isPresent()) {
      Ipv4 gw = gateway.get();
      if (!gw.sameNetwork(ip, netmask)) {
        throw LuiException.invalid(
            "--gateway",
            gw.toString(),
            "the gateway must be inside the node's subnet "
                + ip.network(netmask)
                + "/"
                + netmask.prefixLength());
      }
      if (gw.equals(ip)) {
        throw LuiException.invalid(
            "--gateway", gw.toString(), "the gateway cannot be the node's own address");
      }
    }
    String hostname;
    if (spec.hostname().isPresent()) {
      hostname = Names.hostname("--hostname", spec.hostname().get());
    } else {
      try {
        hostname = Names.hostname("--hostname", name);
      } catch (LuiException e) {
        throw LuiException.invalid(
            "name", name, "is not a valid host name (RFC 1123: no '_'), so give --hostname");
      }
    }
    List<String> groups = new ArrayList<>(new LinkedHashSet<>(spec.groups()));
    for (String g : groups) {
      Names.name("--group", g);
      if (store.group(g).isEmpty()) {
        throw LuiException.invalid(
            "--group", g, "no such group: define it first with 'lui define-group " + g + "'");
      }
    }
    Optional<String> disk = spec.disk().filter(d -> !d.isBlank());
    disk.ifPresent(d -> checkDisk("--disk", d));
    AfterInstall after =
        spec.afterInstall()
            .map(a -> AfterInstall.parse("--after-install", a))
            .orElse(AfterInstall.REMOVE);
    Optional<BmcAddress> bmc = spec.bmc().filter(b -> !b.isBlank()).map(Inventory::bmc);
    return new Node(
        name,
        mac,
        ip,
        netmask,
        gateway,
        hostname,
        groups,
        disk,
        arm(name),
        after,
        placement.network().map(dev.lui.core.domain.Network::name),
        bmc);
  }

  /** {@code --bmc ipmi://USER@HOST[:PORT]}: bmc-power's one rule; a password in it is refused. */
  static BmcAddress bmc(String text) {
    try {
      return BmcAddress.parse("--bmc", text);
    } catch (dev.lui.contract.value.InvalidValueException e) {
      throw LuiException.invalid(e);
    }
  }

  /** A node defined without --ip takes the one address DNS has for its host name. */
  private Ipv4 resolve(NodeSpec spec, String name) {
    String host = Names.hostname("--hostname", spec.hostname().orElse(name));
    if (resolver.isEmpty()) {
      throw LuiException.invalid(
          "--ip",
          "",
          "required (or start the server with --dns-server so lui resolves the host name)");
    }
    String fqdn = host.contains(".") ? host : host + "." + domain;
    List<String> found;
    try {
      found = resolver.get().addresses(fqdn);
    } catch (java.io.IOException e) {
      throw LuiException.failed(
          "cannot ask " + resolver.get().describe() + " for " + fqdn + ": " + e.getMessage(), e);
    }
    if (found.size() != 1) {
      throw LuiException.invalid(
          "--hostname",
          fqdn,
          (found.isEmpty() ? "has no A record" : "has " + found.size() + " A records " + found)
              + " at "
              + resolver.get().describe()
              + "; give --ip");
    }
    return Values.ipv4("--ip (from DNS)", found.get(0));
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

  /**
   * Removes every node of the set in one transaction, with their allocations and logs. A set that
   * expands (a range, a group, a state filter) and takes armed nodes needs {@code confirmed}, as
   * every change to what armed nodes install does; naming each node, as before, does not.
   */
  public List<String> removeNodes(NodeSet set, boolean confirmed) {
    return publication.commit(
        store,
        () -> {
          NodeSet.Selection selected = select(set);
          if (selected.names().isEmpty()) {
            throw LuiException.invalid(
                "no node to remove: " + set.describe() + " selects none; nothing was removed");
          }
          if (selected.expanded() && !confirmed) {
            List<String> armed = List.copyOf(armedAmong(selected.names()));
            if (!armed.isEmpty()) {
              throw LuiException.confirmationRequired(
                  "removing "
                      + set.describe()
                      + " removes "
                      + armed.size()
                      + " armed node"
                      + (armed.size() == 1 ? "" : "s")
                      + ": "
                      + NodeSet.compress(armed)
                      + "; nothing was changed. Confirm with --yes (API: ?yes=true)",
                  armed);
            }
          }
          Set<String> names = new java.util.HashSet<>(selected.names());
          for (Allocation a : store.allocations()) {
            if (a.kind() == TargetKind.NODE && names.contains(a.target())) {
              store.deleteAllocation(a);
            }
          }
          List<Node> removed = new ArrayList<>();
          for (String name : selected.names()) {
            removed.add(node(name));
            store.deleteNode(name);
            store.deleteLog(name);
          }
          return Publication.Outcome.of(selected.names(), new Change(java.util.Set.of(), removed));
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
    return publication.commit(
        store,
        () -> {
          wave.ifPresent(store::putWave);
          List<Node> armed = new ArrayList<>();
          Catalog catalog = Catalog.of(store);
          List<String> names = select(set).names();
          if (names.isEmpty()) {
            throw LuiException.invalid(
                "no node to install: " + set.describe() + " selects none; nothing was armed");
          }
          for (String nodeName : names) {
            Node n = node(nodeName);
            InstallStatus status = arm(nodeName);
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
            store.putNode(rearmed);
            if (newDisk) {
              store.deleteInstalledDisk(nodeName);
            }
            armed.add(rearmed);
          }
          return Publication.Outcome.of(armed, Change.of(names));
        });
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
