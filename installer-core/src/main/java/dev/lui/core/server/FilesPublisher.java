package dev.lui.core.server;

import dev.lui.agent.plan.PlanCodec;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeState;
import dev.lui.core.inventory.Change;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.inventory.Publication;
import dev.lui.core.plan.PlanCompiler;
import dev.lui.core.store.Store;
import dev.lui.dhcp.DhcpHost;
import dev.lui.dhcp.DhcpPublishException;
import dev.lui.dhcp.DhcpPublisher;
import dev.lui.nfsroot.BootEntries;
import dev.lui.core.domain.Ipv4;
import dev.lui.nfsroot.export.NodeExport;
import dev.lui.nfsroot.export.ExportsPublisher;
import dev.lui.nfsroot.export.ExportsReload;
import dev.lui.nfsroot.export.ExportPlan;
import dev.lui.nfsroot.NodeBoot;
import dev.lui.nfsroot.NodeRoots;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps the generated files in line with the store: the DHCP/BOOTP files list every node that is
 * armed (defined, installing or failed), each armed node has a boot entry and an NFS root, and an
 * installed node has neither DHCP entry nor boot entry (LUI's behaviour).
 */
public final class FilesPublisher implements Publication {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FilesPublisher.class);
  private final ServerConfig config;
  private final Store store;
  private final PlanCompiler compiler;
  private final DhcpPublisher dhcp;
  private final BootEntries bootEntries;
  private final NodeRoots nodeRoots;

  public FilesPublisher(
      ServerConfig config, Store store, PlanCompiler compiler, DhcpPublisher dhcp,
      BootEntries bootEntries, NodeRoots nodeRoots) {
    this.config = config;
    this.store = store;
    this.compiler = compiler;
    this.dhcp = dhcp;
    this.bootEntries = bootEntries;
    this.nodeRoots = nodeRoots;
    this.dns = DnsPublisher.of(config);
  }

  private final Optional<DnsPublisher> dns;

  /** The last DNS update's failure, if the last one failed (dynamic updates configured). */
  public Optional<String> dnsFailure() {
    return dns.flatMap(DnsPublisher::lastFailure);
  }

  /** Sends every node's A and PTR records (at server start). */
  public void publishDns() {
    dns.ifPresent(d -> d.publish(allHosts(store.nodes()), List.of()));
  }

  @Override
  public void publish(Change change) {
    try {
      // DHCP first: it is validated before it is written, so a failure here leaves every file as it was.
      publishDhcp();
      for (Map.Entry<String, String> armed : change.armed().entrySet()) {
        Node node = store.node(armed.getKey()).orElseThrow();
        nodeRoots.write(node.name(), planJson(node, armed.getValue()), armed.getValue(), identity(node));
        bootEntries.writeInstallAll(bootOf(node));
      }
      for (String name : change.refreshed()) {
        Optional<Node> node = store.node(name);
        if (node.isPresent() && !change.armed().containsKey(name)) {
          refreshPlan(node.get());
        }
      }
      for (Node removed : change.removed()) {
        bootEntries.removeAll(removed.mac().value());
        nodeRoots.remove(removed.name());
      }
      if (!change.armed().isEmpty() || !change.removed().isEmpty()) {
        publishExports();
        if (dns.isPresent()) {
          List<Node> armed = change.armed().keySet().stream().map(n -> store.node(n).orElseThrow()).toList();
          dns.get().publish(allHosts(armed), allHosts(change.removed()));
        }
      }
    } catch (IOException e) {
      throw LuiException.failed("cannot write node files: " + e.getMessage(), e);
    }
  }

  public DhcpPublisher.ReloadStatus dhcpStatus() {
    return dhcp.reloadStatus();
  }

  /**
   * After an install ended: an installed node loses its DHCP and boot entries (LUI), or keeps its
   * DHCP entry and boots its disk (local-boot).
   */
  public void installEnded(Node node) {
    try {
      publishDhcp();
      if (node.status().state().isInstalled()) {
        if (node.afterInstall() == dev.lui.core.domain.AfterInstall.LOCAL_BOOT) {
          bootEntries.writeLocalBootAll(node.name(), node.mac().value());
        } else {
          bootEntries.removeAll(node.mac().value());
        }
      }
    } catch (IOException e) {
      throw LuiException.failed("cannot update boot entries of " + node.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * STATE/nfs/exports (kernel server) and STATE/nfs/ganesha.conf: the image root read-only to the
   * install network, each node's root read-write to that node's address only. Written atomically,
   * only when they change; then the admin's reload command runs.
   */
  public void publishExports() throws IOException {
    List<Node> nodes = store.nodes();
    InstallEnv env = config.installEnv();
    Optional<String> network = env.installNetwork().or(() -> nodes.stream().findFirst()
        .map(n -> n.ip().network(n.netmask()) + "/" + n.netmask().prefixLength()));
    if (network.isEmpty()) {
      return; // nothing to export to yet
    }
    List<NodeExport> exports = new ArrayList<>();
    for (Node n : nodes) {
      exports.add(new NodeExport(n.name(), nodeRoots.pathOf(n.name()), n.ip().toString()));
    }
    ExportPlan plan;
    try {
      plan = new ExportPlan(env.root().map(Path::of).stream().toList(), network.get(), exports);
    } catch (IllegalArgumentException e) {
      throw LuiException.failed("cannot export the NFS roots: " + e.getMessage(), e);
    }
    Path dir = config.stateDir().resolve("nfs");
    Files.createDirectories(dir);
    // ganesha first, unreloaded; then the kernel file, whose change runs the admin's one reload
    // command. A failed reload puts the previous file back and fails the change (like DHCP).
    new ExportsPublisher(new ExportsPublisher.Target(
        ExportsPublisher.Server.GANESHA, dir.resolve("ganesha.conf"), Optional.of(config.nfsServer()), Optional.empty()))
        .publish(plan);
    Optional<ExportsReload> reload = env.exportsReload().isEmpty()
        ? Optional.empty() : Optional.of(new ExportsReload.Command(env.exportsReload()));
    try {
      new ExportsPublisher(new ExportsPublisher.Target(ExportsPublisher.Server.KERNEL, dir.resolve("exports"), Optional.empty(), reload))
          .publish(plan);
    } catch (IOException | RuntimeException e) {
      throw LuiException.failed("NFS exports changed but '" + String.join(" ", env.exportsReload()) + "' failed (previous exports kept): " + e.getMessage(), e);
    }
  }

  private void publishDhcp() {
    try {
      dhcp.publish(dhcpHosts(store.nodes()));
    } catch (DhcpPublishException e) {
      // A value a backend cannot hold (RENDER: too long for bootptab...) is the input's fault.
      throw new LuiException(e.stage() == DhcpPublishException.Stage.RENDER ? dev.lui.core.ErrorKind.INVALID_INPUT
          : dev.lui.core.ErrorKind.FAILED, "DHCP configuration not changed: " + e.getMessage(), e);
    }
  }

  public List<DhcpHost> dhcpHosts(List<Node> nodes) {
    return allHosts(nodes.stream().filter(Node::inDhcp).toList());
  }

  private List<DhcpHost> allHosts(List<Node> nodes) {
    Inet4Address nextServer = dev.lui.core.domain.Ipv4.parse("next-server", config.nextServer()).inet();
    // DNS servers and the search domain go to every node when the admin names the servers.
    dev.lui.dhcp.NameService nameService = config.dhcpNameServers().isEmpty()
        ? dev.lui.dhcp.NameService.none()
        : new dev.lui.dhcp.NameService(
            config.dhcpNameServers().stream().map(a -> dev.lui.core.domain.Ipv4.parse("--dhcp-dns-servers", a).inet()).toList(),
            Optional.of(config.dnsDomain()));
    return nodes.stream()
        .map(
            n ->
                new DhcpHost(
                    n.name(), n.mac().value(), n.ip().inet(), n.netmask().inet(),
                    n.gateway().map(g -> g.inet()), Optional.of(n.hostname()), nextServer,
                    config.bootFile()).withNameService(nameService))
        .toList();
  }

  /**
   * Warnings for nodes whose address lies in a dynamic pool of the admin's dhcpd.conf (when one is
   * configured): dhcpd could lease that address to another client.
   */
  public List<String> poolWarnings(List<Node> nodes) {
    if (config.dhcpAdminConf().isEmpty()) {
      return List.of();
    }
    Path conf = config.dhcpAdminConf().get();
    try {
      List<dev.lui.dhcp.IscPools.Pool> pools = dev.lui.dhcp.IscPools.parse(Files.readString(conf));
      return dev.lui.dhcp.DhcpChecks.poolWarnings(allHosts(nodes), pools).stream()
          .map(p -> p.message() + " (" + conf + ")")
          .toList();
    } catch (IOException | IllegalArgumentException e) {
      return List.of("cannot read the dynamic pools of " + conf + ": " + e.getMessage());
    }
  }

  /**
   * With a configured DNS server: a warning per node whose host name does not resolve to its
   * address or whose address's PTR does not name it. DNS is the admin's; lui only points it out.
   */
  public List<String> dnsWarnings(List<Node> nodes) {
    if (config.dnsServer().isEmpty() || nodes.isEmpty()) {
      return List.of();
    }
    java.net.InetSocketAddress server = config.dnsServer().get();
    try {
      return new dev.lui.dhcp.dns.DnsLookup(server, java.time.Duration.ofSeconds(3))
          .disagreements(config.dnsDomain(), allHosts(nodes)).stream()
          .map(p -> p.message() + " (DNS server " + server.getHostString() + ":" + server.getPort() + ")")
          .toList();
    } catch (IOException | IllegalArgumentException e) {
      return List.of("cannot check forward and reverse DNS at " + server.getHostString() + ":" + server.getPort() + ": " + e.getMessage());
    }
  }

  /**
   * Forward and reverse zone data for every defined node (installed ones too: DNS outlives the
   * install), one zone after another, each headed by a comment naming it.
   */
  public String dnsZones() {
    List<DhcpHost> hosts = allHosts(store.nodes());
    String origin = config.dnsDomain().endsWith(".") ? config.dnsDomain() : config.dnsDomain() + ".";
    StringBuilder out = new StringBuilder();
    try {
      out.append("; zone ").append(origin).append("\n");
      out.append(dev.lui.dhcp.dns.DnsZones.forward(origin, hosts));
      for (dev.lui.dhcp.DhcpHosts.Network network : dev.lui.dhcp.DhcpHosts.networks(hosts)) {
        out.append("\n; zone ").append(dev.lui.dhcp.dns.DnsZones.reverseOrigin(network)).append("\n");
        out.append(dev.lui.dhcp.dns.DnsZones.reverse(network, origin, hosts));
      }
    } catch (IllegalArgumentException e) {
      throw LuiException.failed("cannot render the DNS zones: " + e.getMessage(), e);
    }
    return out.toString();
  }

  /** The plan file in a node root follows allocation changes; its token stays as it was. */
  private void refreshPlan(Node node) throws IOException {
    Path tokenFile = nodeRoots.pathOf(node.name()).resolve("lui/token");
    if (node.status().state().isInstalled() || !Files.exists(tokenFile)) {
      return;
    }
    String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
    nodeRoots.write(node.name(), planJson(node, token), token, identity(node));
  }

  /** The plan as the admin sees it: no secrets (no first-boot token). */
  public String planJson(Node node) {
    return PlanCodec.toJson(plan(node, List.of()));
  }

  /**
   * The plan as the node gets it: with where and how its installed system reports its first boot
   * (the install token it was installed with; see AgentService#firstBoot).
   */
  public String planJson(Node node, String installToken) {
    String url = config.publicUrl() + "/api/v1/agent/" + node.name() + "/first-boot";
    return PlanCodec.toJson(plan(node, sshHostKeys(node))
        .withFirstBoot(Optional.of(new dev.lui.agent.plan.FirstBoot(url, installToken))));
  }

  /** Made the first time a node's plan goes to the node, then kept: reinstalls keep its identity. */
  private List<dev.lui.agent.plan.SshHostKey> sshHostKeys(Node node) {
    List<dev.lui.agent.plan.SshHostKey> keys = store.sshHostKeys(node.name());
    if (keys.isEmpty()) {
      keys = List.of(dev.lui.core.identity.SshHostKeys.ed25519("root@" + node.hostname()));
      store.putSshHostKeys(node.name(), keys);
    }
    return keys;
  }

  private dev.lui.agent.plan.InstallPlan plan(Node node, List<dev.lui.agent.plan.SshHostKey> sshHostKeys) {
    return compiler.compile(node, Inventory.groupsOf(store, node), Inventory.resourcesFor(store, node), sshHostKeys)
        .withExpectedDisk(store.installedDisk(node.name()));
  }

  public NodeBoot bootOf(Node node) {
    String nodeRoot = config.nfsServer() + ":" + nodeRoots.pathOf(node.name());
    InstallEnv env = config.installEnv();
    List<String> args = new ArrayList<>();
    String nfsRoot = nodeRoot;
    if (env.root().isPresent()) {
      nfsRoot = config.nfsServer() + ":" + env.root().get();
      args.add("lui.noderoot=" + nodeRoot);
    }
    args.addAll(env.kernelArgs());
    return new NodeBoot(
        node.name(), node.mac().value(), config.publicUrl(), nfsRoot,
        config.installKernel(), config.installInitrd(), args);
  }

  private Map<String, String> identity(Node node) {
    Map<String, String> id = new TreeMap<>();
    id.put("name", node.name());
    id.put("hostname", node.hostname());
    id.put("mac", node.mac().value());
    id.put("ip", node.ip().toString());
    id.put("netmask", node.netmask().toString());
    node.gateway().ifPresent(g -> id.put("gateway", g.toString()));
    id.put("server", config.publicUrl());
    return id;
  }
}
