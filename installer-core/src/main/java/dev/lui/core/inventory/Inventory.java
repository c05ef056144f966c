package dev.lui.core.inventory;

import dev.lui.contract.disk.DiskSelector;
import dev.lui.contract.plan.PartitionLayout;
import dev.lui.contract.value.InvalidValueException;
import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.MacAddress;
import dev.lui.core.LuiException;
import dev.lui.core.content.Contents;
import dev.lui.core.domain.AfterInstall;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Allocation.TargetKind;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Names;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceType;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.domain.Values;
import dev.lui.core.identity.InstallTokens;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.DiskChoice;
import dev.lui.core.plan.PlanCompiler;
import dev.lui.core.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The admin's operations on nodes, groups, resources and allocations: every business rule lives
 * here. Each operation validates everything first, then changes the store in one transaction
 * through the {@link Publication}, which stages the files the change implies before the commit and
 * puts them in place after it: bad input changes nothing, and a failed publication keeps nothing.
 */
public final class Inventory {
  private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
  private static final Pattern OWNER =
      Pattern.compile("[a-z_][a-z0-9_-]{0,31}(:[a-z_][a-z0-9_-]{0,31})?|[0-9]+(:[0-9]+)?");

  private final Store store;
  private final Publication publication;
  private final Clock clock;
  private final InstallTokens tokens;
  private final Optional<HostResolver> resolver;
  private final String domain;

  /**
   * Compiles plans only to compare them (the URL is never shown): see {@link #confirmPlanChanges}.
   */
  private static final PlanCompiler FINGERPRINTS =
      new PlanCompiler("http://lui", dev.lui.contract.plan.Finish.NONE);

  private final Contents contents;

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
    Ipv4 ip = spec.ip().isEmpty() ? resolve(spec, name) : Values.ipv4("--ip", spec.ip());
    Ipv4 netmask = Values.netmask("--netmask", spec.netmask());
    if (ip.equals(ip.network(netmask)) || ip.equals(ip.broadcast(netmask))) {
      throw LuiException.invalid(
          "--ip",
          spec.ip(),
          "is the network or broadcast address of "
              + ip.network(netmask)
              + "/"
              + netmask.prefixLength());
    }
    Optional<Ipv4> gateway = spec.gateway().map(g -> Values.ipv4("--gateway", g));
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
    return new Node(name, mac, ip, netmask, gateway, hostname, groups, disk, arm(name), after);
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
    return publication.commit(
        store,
        () -> {
          List<Node> armed = new ArrayList<>();
          Catalog catalog = Catalog.of(store);
          List<String> names = select(set).names();
          if (names.isEmpty()) {
            throw LuiException.invalid(
                "no node to install: " + set.describe() + " selects none; nothing was armed");
          }
          for (String nodeName : names) {
            Node n = node(nodeName);
            Node rearmed = n.withStatus(arm(nodeName));
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

  // ---------------------------------------------------------------- confirmation

  /**
   * The plans of the armed nodes among {@code names}, to compare after a change: a change that
   * alters what an armed node would install (or disarms it) needs the admin's confirmation.
   */
  Map<String, String> armedPlans(Collection<String> names) {
    Catalog catalog = Catalog.of(store);
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : names) {
      Optional<Node> node = store.node(name);
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
        FINGERPRINTS.compile(node, catalog.groupsOf(node), resources, List.of()));
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
      throw LuiException.confirmationRequired(
          what
              + " changes the install plan of "
              + changed.size()
              + " armed node"
              + (changed.size() == 1 ? "" : "s")
              + ": "
              + sample(changed)
              + "; nothing was changed. Confirm with --yes (API: ?yes=true)",
          changed);
    }
  }

  /**
   * The nodes of {@code before} (armed, with their plans) whose plan changed or that are no longer
   * armed.
   */
  List<String> changedArmedPlans(Map<String, String> before) {
    Catalog catalog = Catalog.of(store);
    List<String> changed = new ArrayList<>();
    before.forEach(
        (name, plan) -> {
          Optional<Node> node = store.node(name);
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

  // ---------------------------------------------------------------- groups

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
    return store.transaction(
        () -> {
          if (store.group(name).isPresent()) {
            throw LuiException.conflict(
                "group '"
                    + name
                    + "' is already defined"
                    + (disk.isPresent()
                        ? "; change its disk with 'lui set-group " + name + " --disk SELECTOR'"
                        : ""));
          }
          if (store.node(name).isPresent()) {
            throw LuiException.conflict(
                "'"
                    + name
                    + "' is already a node name; a group needs a name no node has, so that allocations are unambiguous");
          }
          Group g = new Group(name, disk);
          store.putGroup(g);
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
    return publication.commit(
        store,
        () -> {
          Group g = store.group(name).orElseThrow(() -> LuiException.notFound("group", name));
          List<String> members = membersOf(name);
          Map<String, String> before = armedPlans(members);
          Group changed = new Group(g.name(), disk);
          store.putGroup(changed);
          confirmPlanChanges("setting the disk of group " + name, before, confirmed);
          return Publication.Outcome.of(changed, Change.of(members));
        });
  }

  public Group setGroupDisk(String name, Optional<String> disk) {
    return setGroupDisk(name, disk, false);
  }

  List<String> membersOf(String group) {
    return store.nodes().stream().filter(n -> n.groups().contains(group)).map(Node::name).toList();
  }

  /** A removed group's members, and those of them it left without a system (no longer armed). */
  public record GroupRemoval(List<String> members, List<String> disarmed) {}

  /**
   * Removes the group, its members' membership and its allocations; members' plans are refreshed.
   * Armed members whose plan changes (they lose the group's resources or disk) need {@code
   * confirmed}; a member left without a system is no longer armed.
   */
  public GroupRemoval removeGroup(String name, boolean confirmed) {
    return publication.commit(
        store,
        () -> {
          if (store.group(name).isEmpty()) {
            throw LuiException.notFound("group", name);
          }
          List<String> members = membersOf(name);
          Map<String, String> before = armedPlans(members);
          Set<String> armedBefore = armedAmong(members);
          for (Node n : store.nodes()) {
            if (n.groups().contains(name)) {
              List<String> groups = new ArrayList<>(n.groups());
              groups.remove(name);
              store.putNode(n.withGroups(groups));
            }
          }
          for (Allocation a : store.allocations()) {
            if (a.kind() == TargetKind.GROUP && a.target().equals(name)) {
              store.deleteAllocation(a);
            }
          }
          store.deleteGroup(name);
          confirmPlanChanges("removing group " + name, before, confirmed);
          return Publication.Outcome.of(
              new GroupRemoval(members, minus(armedBefore, armedAmong(members))),
              Change.of(members));
        });
  }

  public GroupRemoval removeGroup(String name) {
    return removeGroup(name, false);
  }

  // ---------------------------------------------------------------- resources

  public Resource defineResource(ResourceSpec spec) {
    Resource resource = validateResource(spec);
    return store.transaction(
        () -> {
          if (store.resource(resource.name()).isPresent()) {
            throw LuiException.conflict(
                "resource '"
                    + resource.name()
                    + "' is already defined; make a new version with 'lui update-resource "
                    + resource.name()
                    + " --source PATH'");
          }
          store.putResource(resource, clock.instant());
          return resource;
        });
  }

  /**
   * Makes a new version of a resource, which becomes current: fields the spec leaves out keep the
   * current version's values, the type never changes. The plans of the nodes it is allocated to
   * (directly or through groups) are refreshed in the same transaction. A spec that changes nothing
   * makes no version.
   *
   * @param confirmed the admin confirmed the change ({@code --yes}, {@code ?yes=true}) for nodes
   *     armed with the current version
   */
  public ResourceUpdates.Updated updateResource(ResourceSpec spec, boolean confirmed) {
    return publication.commit(
        store,
        () -> {
          List<ResourceVersion> versions = resourceVersions(spec.name());
          ResourceVersion current = versions.get(versions.size() - 1);
          Resource next = validateResource(ResourceUpdates.merge(current.resource(), spec));
          List<String> targets =
              store.allocations().stream()
                  .filter(a -> a.resource().equals(current.name()))
                  .map(a -> a.kind().wireName() + ":" + a.target())
                  .toList();
          List<String> affected = resolveNodes(targets);
          if (next.equals(current.resource()) && current.status() == ResourceVersion.Status.READY) {
            return Publication.Outcome.of(
                new ResourceUpdates.Updated(current, false, affected), Change.NONE);
          }
          Map<String, String> before = armedPlans(affected);
          ResourceVersion made = store.putResource(next, clock.instant());
          Catalog catalog = Catalog.of(store);
          for (String n : affected) {
            catalog.resourcesFor(node(n));
          }
          confirmPlanChanges("updating resource " + current.name(), before, confirmed);
          return Publication.Outcome.of(
              new ResourceUpdates.Updated(made, true, affected), Change.of(affected));
        });
  }

  /** Every version of the resource, oldest first; the last is current. */
  public List<ResourceVersion> resourceVersions(String name) {
    List<ResourceVersion> versions = store.resourceVersions(name);
    if (versions.isEmpty()) {
      throw LuiException.notFound("resource", name);
    }
    return versions;
  }

  Resource validateResource(ResourceSpec spec) {
    String name = Names.name("name", spec.name());
    ResourceType type = ResourceType.parse("--type", spec.type());
    allowOnly(spec, type);
    ResourceContents refs = new ResourceContents(contents);
    Blob source =
        refs.require(
            "--source",
            spec.source()
                .orElseThrow(
                    () ->
                        LuiException.invalid(
                            "--source",
                            "",
                            "a " + type.wireName() + " resource needs --source PATH")));
    return switch (type) {
      case RPM_LIST -> new Resource.RpmList(name, source, refs.packages(source, spec.packages()));
      case DEB_LIST -> new Resource.DebList(name, source, refs.packages(source, spec.packages()));
      case TARBALL -> {
        String dir = spec.directory().orElse("/");
        absolutePath("--directory", dir);
        yield new Resource.Tarball(name, source, dir);
      }
      case KERNEL ->
          new Resource.Kernel(
              name,
              source,
              spec.initrd().map(i -> refs.require("--initrd", i)),
              spec.version().orElse(name));
      case FILE -> {
        String target =
            spec.target()
                .orElseThrow(
                    () ->
                        LuiException.invalid(
                            "--target",
                            "",
                            "a file resource needs --target PATH (where the file goes on the node)"));
        absolutePath("--target", target);
        String mode = spec.mode().orElse("0644");
        if (!MODE.matcher(mode).matches()) {
          throw LuiException.invalid("--mode", mode, "an octal mode of 3 or 4 digits, like 0644");
        }
        if (Integer.parseInt(mode, 8) > 0777 && !spec.allowsSpecialBits()) {
          throw LuiException.invalid(
              "--mode",
              mode,
              "setuid, setgid and sticky bits (4000, 2000, 1000) are refused"
                  + " unless you mean them: add --special-bits (API: \"specialBits\": true)");
        }
        String owner = spec.owner().orElse("root:root");
        if (!OWNER.matcher(owner).matches()) {
          throw LuiException.invalid(
              "--owner", owner, "USER[:GROUP] by name or number, like root:root");
        }
        yield new Resource.FileResource(name, source, target, mode, owner);
      }
      case PARTITION_TABLE -> {
        String text = refs.text("--source", source);
        PartitionLayout layout = PartitionTableParser.parse(source.name(), text);
        Optional<dev.lui.contract.plan.Bootloader> bootloader =
            PartitionTableParser.bootloader(source.name(), text);
        PlanCompiler.checkLayout(source.name(), layout, bootloader);
        Optional<String> disk = PartitionTableParser.disk(source.name(), text);
        yield new Resource.PartitionTable(name, source, layout, bootloader, disk);
      }
      case SCRIPT -> new Resource.Script(name, source);
    };
  }

  /** An option that does not apply to this type is an error, not silently ignored. */
  private static void allowOnly(ResourceSpec spec, ResourceType type) {
    Map<String, Optional<String>> options = new LinkedHashMap<>();
    options.put("--target", spec.target());
    options.put("--mode", spec.mode());
    options.put("--owner", spec.owner());
    options.put("--directory", spec.directory());
    options.put("--version", spec.version());
    Set<String> allowed =
        switch (type) {
          case FILE -> Set.of("--target", "--mode", "--owner");
          case TARBALL -> Set.of("--directory");
          case KERNEL -> Set.of("--initrd", "--version");
          default -> Set.of();
        };
    options.forEach(
        (option, value) -> {
          if (value.isPresent() && !allowed.contains(option)) {
            throw LuiException.invalid(
                option, value.get(), "does not apply to a " + type.wireName() + " resource");
          }
        });
    spec.initrd()
        .filter(i -> type != ResourceType.KERNEL)
        .ifPresent(
            i -> {
              throw LuiException.invalid(
                  "--initrd",
                  String.valueOf(i.name()),
                  "does not apply to a " + type.wireName() + " resource");
            });
    boolean list = type == ResourceType.RPM_LIST || type == ResourceType.DEB_LIST;
    if (!list && !spec.packages().isEmpty()) {
      throw LuiException.invalid(
          "packages",
          spec.packages().size() + " files",
          "only rpm-list and deb-list resources have packages, not a " + type.wireName());
    }
  }

  private static void absolutePath(String field, String path) {
    boolean ok = path.startsWith("/") && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    if (ok && !path.equals("/")) {
      for (String part : path.substring(1).split("/", -1)) {
        ok &= !part.isEmpty() && !part.equals(".") && !part.equals("..");
      }
    }
    if (!ok) {
      throw LuiException.invalid(
          field, path, "an absolute, normalised path on the node, like /etc/motd");
    }
  }

  public Resource resource(String name) {
    return store.resource(name).orElseThrow(() -> LuiException.notFound("resource", name));
  }

  public void removeResource(String name) {
    store.transaction(
        () -> {
          resource(name);
          List<String> users =
              store.allocations().stream()
                  .filter(a -> a.resource().equals(name))
                  .map(a -> a.kind().wireName() + " " + a.target())
                  .toList();
          if (!users.isEmpty()) {
            throw LuiException.conflict(
                "resource '"
                    + name
                    + "' is allocated to "
                    + String.join(", ", users)
                    + ": deallocate it first (lui deallocate "
                    + name
                    + " --from ...)");
          }
          store.deleteResource(name);
        });
  }

  // ---------------------------------------------------------------- allocations

  public record Target(TargetKind kind, String name) {}

  /** A name is a node or a group; {@code node:NAME} / {@code group:NAME} say which explicitly. */
  public Target resolveTarget(String text) {
    if (text.startsWith("node:")) {
      return new Target(TargetKind.NODE, node(text.substring(5)).name());
    }
    if (text.startsWith("group:")) {
      String g = text.substring(6);
      store.group(g).orElseThrow(() -> LuiException.notFound("group", g));
      return new Target(TargetKind.GROUP, g);
    }
    boolean isNode = store.node(text).isPresent();
    boolean isGroup = store.group(text).isPresent();
    if (isNode && isGroup) {
      throw LuiException.invalid(
          "target", text, "is both a node and a group: write node:" + text + " or group:" + text);
    }
    if (!isNode && !isGroup) {
      throw LuiException.notFound("node or group", text);
    }
    return new Target(isNode ? TargetKind.NODE : TargetKind.GROUP, text);
  }

  void requireResource(String field, String name) {
    if (store.resource(name).isEmpty()) {
      throw LuiException.invalid(
          field, name, "no such resource: define it first with 'lui define-resource'");
    }
  }

  /**
   * What an allocation change did: how many allocations it added or removed, which nodes it armed
   * (they got their first system) and which it disarmed (they lost their last).
   */
  public record AllocationChange(int count, List<String> armed, List<String> disarmed) {}

  /**
   * Allocates each resource to each target. A node that gets its first system this way is armed.
   */
  public AllocationChange allocate(List<String> resources, List<String> targets) {
    return changeAllocations(resources, targets, true, true);
  }

  /** Removes allocations; armed nodes whose plan changes need {@code confirmed}. */
  public AllocationChange deallocate(
      List<String> resources, List<String> targets, boolean confirmed) {
    return changeAllocations(resources, targets, false, confirmed);
  }

  public AllocationChange deallocate(List<String> resources, List<String> targets) {
    return deallocate(resources, targets, false);
  }

  /** The armed nodes among {@code names}. */
  Set<String> armedAmong(Collection<String> names) {
    Catalog catalog = Catalog.of(store);
    Set<String> out = new LinkedHashSet<>();
    for (String name : names) {
      store.node(name).filter(n -> catalog.arming(n).armed()).ifPresent(n -> out.add(name));
    }
    return out;
  }

  static List<String> minus(Set<String> a, Set<String> b) {
    return a.stream().filter(x -> !b.contains(x)).toList();
  }

  private AllocationChange changeAllocations(
      List<String> resources, List<String> targets, boolean add, boolean confirmed) {
    if (resources.isEmpty() || targets.isEmpty()) {
      throw LuiException.invalid("name at least one resource and one node or group");
    }
    return publication.commit(
        store,
        () -> {
          for (String r : resources) {
            requireResource("resource", r);
          }
          List<Target> resolved = targets.stream().map(this::resolveTarget).toList();
          List<String> affected =
              resolveNodes(
                  resolved.stream().map(t -> t.kind().wireName() + ":" + t.name()).toList());
          Map<String, String> before = add ? Map.of() : armedPlans(affected);
          Set<String> armedBefore = armedAmong(affected);
          int changed = 0;
          for (String r : resources) {
            for (Target t : resolved) {
              Allocation a = new Allocation(r, t.kind(), t.name());
              if (add ? store.addAllocation(a) : store.deleteAllocation(a)) {
                changed++;
              }
            }
          }
          // A node given two partition tables has no plan: refuse the allocation instead.
          Catalog catalog = Catalog.of(store);
          for (String n : affected) {
            catalog.resourcesFor(node(n));
          }
          confirmPlanChanges("deallocating " + String.join(", ", resources), before, confirmed);
          Set<String> armedAfter = armedAmong(affected);
          return Publication.Outcome.of(
              new AllocationChange(
                  changed, minus(armedAfter, armedBefore), minus(armedBefore, armedAfter)),
              Change.of(affected));
        });
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
}
