package dev.lui.core.inventory;

import dev.lui.agent.disk.DiskSelector;
import dev.lui.agent.plan.InvalidPlanException;
import dev.lui.agent.plan.PartitionLayout;
import dev.lui.core.LuiException;
import dev.lui.core.domain.AfterInstall;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Allocation.TargetKind;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Ipv4;
import dev.lui.core.domain.MacAddress;
import dev.lui.core.domain.Names;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceType;
import dev.lui.core.plan.DiskChoice;
import dev.lui.core.plan.PlanCompiler;
import dev.lui.core.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
 * here. Each operation validates everything first, then changes the store and publishes files in
 * one transaction, so bad input changes nothing and a failed publication keeps nothing.
 */
public final class Inventory {
  private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
  private static final Pattern OWNER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}(:[a-z_][a-z0-9_-]{0,31})?|[0-9]+(:[0-9]+)?");

  private final Store store;
  private final Publication publication;
  private final Clock clock;
  private final Optional<HostResolver> resolver;
  private final String domain;

  /** Looks up a host name's IPv4 addresses (a DNS server the admin configured). */
  public interface HostResolver {
    List<String> addresses(String fqdn) throws java.io.IOException;

    String describe();
  }

  public Inventory(Store store, Publication publication, Clock clock) {
    this(store, publication, clock, Optional.empty(), "cluster");
  }

  /**
   * @param resolver resolves the host names of nodes defined without an IP, in {@code domain}
   */
  public Inventory(Store store, Publication publication, Clock clock, Optional<HostResolver> resolver, String domain) {
    this.store = store;
    this.publication = publication;
    this.clock = clock;
    this.resolver = resolver;
    this.domain = domain;
  }

  public Store store() {
    return store;
  }

  // ---------------------------------------------------------------- nodes

  /** Defines a batch of nodes, all or none; each is armed for install when this returns. */
  public List<Node> defineNodes(List<NodeSpec> specs) {
    if (specs.isEmpty()) {
      throw LuiException.invalid("no nodes to define");
    }
    return store.transaction(
        () -> {
          List<Node> existing = store.nodes();
          List<Node> created = new ArrayList<>();
          Map<String, String> tokens = new LinkedHashMap<>();
          for (int i = 0; i < specs.size(); i++) {
            NodeSpec spec = specs.get(i);
            String where = specs.size() > 1 ? "node " + (i + 1) + " (" + LuiException.printable(spec.name()) + "): " : "";
            Node node;
            try {
              String token = Tokens.newToken();
              node = validateNode(spec, Tokens.hash(token));
              checkUnique(node, existing, created);
              for (String r : spec.resources()) {
                requireResource("--resource", r);
              }
              tokens.put(node.name(), token);
            } catch (LuiException e) {
              throw e.kind() == dev.lui.core.ErrorKind.FAILED ? e : new LuiException(e.kind(), where + e.getMessage());
            }
            created.add(node);
          }
          for (int i = 0; i < created.size(); i++) {
            store.putNode(created.get(i));
            for (String r : specs.get(i).resources()) {
              store.addAllocation(new Allocation(r, TargetKind.NODE, created.get(i).name()));
            }
          }
          publication.publish(new Change(tokens, List.of(), List.of()));
          return created;
        });
  }

  private Node validateNode(NodeSpec spec, String tokenHash) {
    String name = Names.name("name", spec.name());
    MacAddress mac = MacAddress.parse("--mac", spec.mac());
    Ipv4 ip = spec.ip().isEmpty() ? resolve(spec, name) : Ipv4.parse("--ip", spec.ip());
    Ipv4 netmask = Ipv4.parseNetmask("--netmask", spec.netmask());
    if (ip.equals(ip.network(netmask)) || ip.equals(ip.broadcast(netmask))) {
      throw LuiException.invalid(
          "--ip", spec.ip(), "is the network or broadcast address of " + ip.network(netmask) + "/" + netmask.prefixLength());
    }
    Optional<Ipv4> gateway = spec.gateway().map(g -> Ipv4.parse("--gateway", g));
    if (gateway.isPresent()) {
      Ipv4 gw = gateway.get();
      if (!gw.sameNetwork(ip, netmask)) {
        throw LuiException.invalid(
            "--gateway", gw.toString(),
            "the gateway must be inside the node's subnet " + ip.network(netmask) + "/" + netmask.prefixLength());
      }
      if (gw.equals(ip)) {
        throw LuiException.invalid("--gateway", gw.toString(), "the gateway cannot be the node's own address");
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
        throw LuiException.invalid("--group", g, "no such group: define it first with 'lui define-group " + g + "'");
      }
    }
    Optional<String> disk = spec.disk().filter(d -> !d.isBlank());
    disk.ifPresent(d -> checkDisk("--disk", d));
    AfterInstall after = spec.afterInstall().map(a -> AfterInstall.parse("--after-install", a)).orElse(AfterInstall.REMOVE);
    return new Node(
        name, mac, ip, netmask, gateway, hostname, groups, disk,
        InstallStatus.armed(tokenHash, clock.instant()), after);
  }

  /** A node defined without --ip takes the one address DNS has for its host name. */
  private Ipv4 resolve(NodeSpec spec, String name) {
    String host = Names.hostname("--hostname", spec.hostname().orElse(name));
    if (resolver.isEmpty()) {
      throw LuiException.invalid("--ip", "", "required (or start the server with --dns-server so lui resolves the host name)");
    }
    String fqdn = host.contains(".") ? host : host + "." + domain;
    List<String> found;
    try {
      found = resolver.get().addresses(fqdn);
    } catch (java.io.IOException e) {
      throw LuiException.failed("cannot ask " + resolver.get().describe() + " for " + fqdn + ": " + e.getMessage(), e);
    }
    if (found.size() != 1) {
      throw LuiException.invalid(
          "--hostname", fqdn,
          (found.isEmpty() ? "has no A record" : "has " + found.size() + " A records " + found) + " at "
              + resolver.get().describe() + "; give --ip");
    }
    return Ipv4.parse("--ip (from DNS)", found.get(0));
  }

  private static void checkUnique(Node node, List<Node> existing, List<Node> batch) {
    Subnets.check(node, existing, batch);
    for (List<Node> others : List.of(existing, batch)) {
      String source = others == existing ? "" : " earlier in this batch";
      for (Node o : others) {
        if (o.name().equals(node.name())) {
          throw LuiException.conflict("node name '" + node.name() + "' is already defined" + source);
        }
        if (o.mac().equals(node.mac())) {
          throw LuiException.conflict("--mac '" + node.mac() + "' is already used by node " + o.name() + source);
        }
        if (o.ip().equals(node.ip())) {
          throw LuiException.conflict("--ip '" + node.ip() + "' is already used by node " + o.name() + source);
        }
        if (o.hostname().equalsIgnoreCase(node.hostname())) {
          throw LuiException.conflict(
              "--hostname '" + node.hostname() + "' is already used by node " + o.name() + source);
        }
      }
    }
  }

  public Node node(String name) {
    return store.node(name).orElseThrow(() -> LuiException.notFound("node", name));
  }

  public void removeNode(String name) {
    store.transaction(
        () -> {
          Node node = node(name);
          for (Allocation a : store.allocations()) {
            if (a.kind() == TargetKind.NODE && a.target().equals(name)) {
              store.deleteAllocation(a);
            }
          }
          store.deleteNode(name);
          store.deleteLog(name);
          publication.publish(new Change(Map.of(), List.of(), List.of(node)));
        });
  }

  /** Re-arms nodes (named directly or through their groups) for a fresh install. */
  public List<Node> install(List<String> targets) {
    return install(targets, false);
  }

  /**
   * Re-arms nodes; with {@code newDisk} the disk recorded at their last install is forgotten, so
   * the agent accepts a replaced disk (without it, it refuses one).
   */
  public List<Node> install(List<String> targets, boolean newDisk) {
    if (targets.isEmpty()) {
      throw LuiException.invalid("name at least one node or group to install");
    }
    return store.transaction(
        () -> {
          Map<String, String> tokens = new LinkedHashMap<>();
          List<Node> armed = new ArrayList<>();
          for (String nodeName : resolveNodes(targets)) {
            String token = Tokens.newToken();
            Node n = node(nodeName);
            Node rearmed = n.withStatus(InstallStatus.armed(Tokens.hash(token), clock.instant()));
            store.putNode(rearmed);
            if (newDisk) {
              store.deleteInstalledDisk(nodeName);
            }
            tokens.put(nodeName, token);
            armed.add(rearmed);
          }
          publication.publish(new Change(tokens, List.of(), List.of()));
          return armed;
        });
  }

  /** Node names for targets that each name a node or a group; in the order given, no repeats. */
  public List<String> resolveNodes(List<String> targets) {
    Set<String> out = new LinkedHashSet<>();
    for (String t : targets) {
      Target target = resolveTarget(t);
      if (target.kind() == TargetKind.NODE) {
        out.add(target.name());
      } else {
        store.nodes().stream().filter(n -> n.groups().contains(target.name())).forEach(n -> out.add(n.name()));
      }
    }
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- groups

  /** Checks a disk selector with the agent's own parser. */
  public static void checkDisk(String field, String selector) {
    try {
      DiskSelector.parse(selector);
    } catch (InvalidPlanException e) {
      throw LuiException.invalid(field, selector, e.getMessage());
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
            throw LuiException.conflict("group '" + name + "' is already defined"
                + (disk.isPresent() ? "; change its disk with 'lui set-group " + name + " --disk SELECTOR'" : ""));
          }
          if (store.node(name).isPresent()) {
            throw LuiException.conflict(
                "'" + name + "' is already a node name; a group needs a name no node has, so that allocations are unambiguous");
          }
          Group g = new Group(name, disk);
          store.putGroup(g);
          return g;
        });
  }

  /**
   * Changes a group's disk selector (empty: none); the plans of its members are refreshed. Their
   * next install targets the disk the new selector matches, unless they name their own.
   */
  public Group setGroupDisk(String name, Optional<String> disk) {
    disk.ifPresent(d -> checkDisk("--disk", d));
    return store.transaction(
        () -> {
          Group g = store.group(name).orElseThrow(() -> LuiException.notFound("group", name));
          Group changed = new Group(g.name(), disk);
          store.putGroup(changed);
          List<String> members = store.nodes().stream()
              .filter(n -> n.groups().contains(name)).map(Node::name).toList();
          publication.publish(Change.refresh(members));
          return changed;
        });
  }

  /** Removes the group, its members' membership and its allocations; members' plans are refreshed. */
  public List<String> removeGroup(String name) {
    return store.transaction(
        () -> {
          if (store.group(name).isEmpty()) {
            throw LuiException.notFound("group", name);
          }
          List<String> members = new ArrayList<>();
          for (Node n : store.nodes()) {
            if (n.groups().contains(name)) {
              List<String> groups = new ArrayList<>(n.groups());
              groups.remove(name);
              store.putNode(n.withGroups(groups));
              members.add(n.name());
            }
          }
          for (Allocation a : store.allocations()) {
            if (a.kind() == TargetKind.GROUP && a.target().equals(name)) {
              store.deleteAllocation(a);
            }
          }
          store.deleteGroup(name);
          publication.publish(Change.refresh(members));
          return members;
        });
  }

  // ---------------------------------------------------------------- resources

  public Resource defineResource(ResourceSpec spec) {
    Resource resource = validateResource(spec);
    return store.transaction(
        () -> {
          if (store.resource(resource.name()).isPresent()) {
            throw LuiException.conflict(
                "resource '" + resource.name() + "' is already defined; remove it first to redefine it");
          }
          store.putResource(resource);
          return resource;
        });
  }

  private Resource validateResource(ResourceSpec spec) {
    String name = Names.name("name", spec.name());
    ResourceType type = ResourceType.parse("--type", spec.type());
    String source =
        spec.source().orElseThrow(() -> LuiException.invalid("--source", "", "a " + type.wireName() + " resource needs --source PATH"));
    allowOnly(spec, type);
    return switch (type) {
      case RPM_LIST -> {
        Blob list = Blobs.of("--source", source);
        yield new Resource.RpmList(name, list, packagesOf(list));
      }
      case DEB_LIST -> {
        Blob list = Blobs.of("--source", source);
        yield new Resource.DebList(name, list, packagesOf(list));
      }
      case TARBALL -> {
        String dir = spec.directory().orElse("/");
        absolutePath("--directory", dir);
        yield new Resource.Tarball(name, Blobs.of("--source", source), dir);
      }
      case KERNEL ->
          new Resource.Kernel(
              name, Blobs.of("--source", source), spec.initrd().map(i -> Blobs.of("--initrd", i)),
              spec.version().orElse(name));
      case FILE -> {
        String target = spec.target().orElseThrow(() -> LuiException.invalid("--target", "", "a file resource needs --target PATH (where the file goes on the node)"));
        absolutePath("--target", target);
        String mode = spec.mode().orElse("0644");
        if (!MODE.matcher(mode).matches()) {
          throw LuiException.invalid("--mode", mode, "an octal mode of 3 or 4 digits, like 0644");
        }
        String owner = spec.owner().orElse("root:root");
        if (!OWNER.matcher(owner).matches()) {
          throw LuiException.invalid("--owner", owner, "USER[:GROUP] by name or number, like root:root");
        }
        yield new Resource.FileResource(name, Blobs.of("--source", source), target, mode, owner);
      }
      case PARTITION_TABLE -> {
        Blob blob = Blobs.of("--source", source);
        String text = read(source);
        PartitionLayout layout = PartitionTableParser.parse(source, text);
        Optional<dev.lui.agent.plan.Bootloader> bootloader = PartitionTableParser.bootloader(source, text);
        PlanCompiler.checkLayout(source, layout, bootloader);
        Optional<String> disk = PartitionTableParser.disk(source, text);
        yield new Resource.PartitionTable(name, blob, layout, bootloader, disk);
      }
      case SCRIPT -> new Resource.Script(name, Blobs.of("--source", source));
    };
  }

  /** An option that does not apply to this type is an error, not silently ignored. */
  private static void allowOnly(ResourceSpec spec, ResourceType type) {
    Map<String, Optional<String>> options = new LinkedHashMap<>();
    options.put("--target", spec.target());
    options.put("--mode", spec.mode());
    options.put("--owner", spec.owner());
    options.put("--directory", spec.directory());
    options.put("--initrd", spec.initrd());
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
            throw LuiException.invalid(option, value.get(), "does not apply to a " + type.wireName() + " resource");
          }
        });
  }

  private static void absolutePath(String field, String path) {
    boolean ok = path.startsWith("/") && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    if (ok && !path.equals("/")) {
      for (String part : path.substring(1).split("/", -1)) {
        ok &= !part.isEmpty() && !part.equals(".") && !part.equals("..");
      }
    }
    if (!ok) {
      throw LuiException.invalid(field, path, "an absolute, normalised path on the node, like /etc/motd");
    }
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LuiException.failed("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** A LUI-style list: one package file per line, relative to the list's directory; # comments. */
  private static List<Blob> packagesOf(Blob list) {
    Path dir = Path.of(list.path()).getParent();
    List<Blob> out = new ArrayList<>();
    String[] lines = read(list.path()).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replaceFirst("#.*", "").trim();
      if (!line.isEmpty()) {
        out.add(Blobs.of(list.path() + " line " + (i + 1), dir.resolve(line).normalize().toString()));
      }
    }
    if (out.isEmpty()) {
      throw LuiException.invalid("--source", list.path(), "the list names no package files");
    }
    return out;
  }

  public Resource resource(String name) {
    return store.resource(name).orElseThrow(() -> LuiException.notFound("resource", name));
  }

  public void removeResource(String name) {
    store.transaction(
        () -> {
          resource(name);
          List<String> users =
              store.allocations().stream().filter(a -> a.resource().equals(name)).map(a -> a.kind().wireName() + " " + a.target()).toList();
          if (!users.isEmpty()) {
            throw LuiException.conflict(
                "resource '" + name + "' is allocated to " + String.join(", ", users)
                    + ": deallocate it first (lui deallocate " + name + " --from ...)");
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
      throw LuiException.invalid("target", text, "is both a node and a group: write node:" + text + " or group:" + text);
    }
    if (!isNode && !isGroup) {
      throw LuiException.notFound("node or group", text);
    }
    return new Target(isNode ? TargetKind.NODE : TargetKind.GROUP, text);
  }

  private void requireResource(String field, String name) {
    if (store.resource(name).isEmpty()) {
      throw LuiException.invalid(field, name, "no such resource: define it first with 'lui define-resource'");
    }
  }

  /** Allocates each resource to each target; returns how many allocations were new. */
  public int allocate(List<String> resources, List<String> targets) {
    return changeAllocations(resources, targets, true);
  }

  public int deallocate(List<String> resources, List<String> targets) {
    return changeAllocations(resources, targets, false);
  }

  private int changeAllocations(List<String> resources, List<String> targets, boolean add) {
    if (resources.isEmpty() || targets.isEmpty()) {
      throw LuiException.invalid("name at least one resource and one node or group");
    }
    return store.transaction(
        () -> {
          for (String r : resources) {
            requireResource("resource", r);
          }
          List<Target> resolved = targets.stream().map(this::resolveTarget).toList();
          int changed = 0;
          for (String r : resources) {
            for (Target t : resolved) {
              Allocation a = new Allocation(r, t.kind(), t.name());
              if (add ? store.addAllocation(a) : store.deleteAllocation(a)) {
                changed++;
              }
            }
          }
          List<String> affected = resolveNodes(resolved.stream().map(t -> t.kind().wireName() + ":" + t.name()).toList());
          // A node given two partition tables has no plan: refuse the allocation instead.
          for (String n : affected) {
            resourcesFor(node(n));
          }
          publication.publish(Change.refresh(affected));
          return changed;
        });
  }

  /**
   * The resources a node gets, in install order: its own allocations and its groups', each
   * resource once, in the order they were allocated. More than one partition table is an error.
   */
  public List<Resource> resourcesFor(Node node) {
    return resourcesFor(store, node);
  }

  /** The node's groups by name. */
  public static Map<String, Group> groupsOf(Store store, Node node) {
    Map<String, Group> out = new LinkedHashMap<>();
    for (String g : node.groups()) {
      store.group(g).ifPresent(group -> out.put(g, group));
    }
    return out;
  }

  /** Which disk the node's plan targets, and why. */
  public DiskChoice diskFor(Node node) {
    return DiskChoice.of(node, groupsOf(store, node), resourcesFor(node));
  }

  public static List<Resource> resourcesFor(Store store, Node node) {
    Map<String, String> origin = new LinkedHashMap<>();
    for (Allocation a : store.allocations()) {
      boolean mine =
          (a.kind() == TargetKind.NODE && a.target().equals(node.name()))
              || (a.kind() == TargetKind.GROUP && node.groups().contains(a.target()));
      if (mine) {
        origin.putIfAbsent(a.resource(), a.kind().wireName() + " " + a.target());
      }
    }
    Map<String, Resource> byName = new HashMap<>();
    store.resources().forEach(r -> byName.put(r.name(), r));
    List<Resource> out = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    origin.forEach(
        (name, from) -> {
          Resource r = byName.get(name);
          if (r != null) {
            out.add(r);
            if (r instanceof Resource.PartitionTable) {
              tables.add(name + " (from " + from + ")");
            }
          }
        });
    if (tables.size() > 1) {
      throw LuiException.conflict(
          "node " + node.name() + " would get " + tables.size() + " partition tables: " + String.join(", ", tables)
              + "; a node takes exactly one");
    }
    return out;
  }
}
