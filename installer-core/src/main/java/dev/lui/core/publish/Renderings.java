package dev.lui.core.publish;

import dev.lui.contract.value.Ipv4;
import dev.lui.core.LuiException;
import dev.lui.core.config.InstallEnv;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Values;
import dev.lui.core.plan.Arming;
import dev.lui.dhcp.DhcpHost;
import dev.lui.dhcp.DhcpHosts;
import dev.lui.dhcp.NameService;
import dev.lui.dhcp.dns.DnsZones;
import dev.lui.nfsroot.NodeRoots;
import dev.lui.nfsroot.boot.BootLoader;
import dev.lui.nfsroot.boot.NodeBoot;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pure mappings from nodes and the server's settings to what lui publishes: DHCP hosts, boot
 * entries, node identity, DNS zones. The publisher, the request-time boot entries and {@code lui
 * dhcp render} / {@code lui dns render} all use these, so what is rendered is what is written.
 */
public final class Renderings {
  private final ServerConfig config;
  private final NodeRoots nodeRoots;

  public Renderings(ServerConfig config) {
    this.config = config;
    this.nodeRoots = new NodeRoots(config.nfsrootDir());
  }

  public ServerConfig config() {
    return config;
  }

  /** The node's root directory (whether or not it exists). */
  public Path nodeRoot(String node) {
    return nodeRoots.pathOf(node);
  }

  /** DHCP hosts of the nodes DHCP answers for, in the order given. */
  public List<DhcpHost> dhcpHosts(
      List<Node> nodes, java.util.function.Function<Node, Arming> arming) {
    return hosts(nodes.stream().filter(n -> arming.apply(n).inDhcp()).toList());
  }

  /** DHCP host records of {@code nodes} (every one given): also what DNS publishes. */
  public List<DhcpHost> hosts(List<Node> nodes) {
    Inet4Address nextServer = Values.ipv4("next-server", config.boot().nextServer()).inet();
    // DNS servers and the search domain go to every node when the admin names the servers.
    NameService nameService =
        config.dhcp().nameServers().isEmpty()
            ? NameService.none()
            : new NameService(
                config.dhcp().nameServers().stream()
                    .map(a -> Values.ipv4("--dhcp-dns-servers", a).inet())
                    .toList(),
                Optional.of(config.dns().domain()));
    List<DhcpHost> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      out.add(
          new DhcpHost(
              n.name(),
              n.mac().value(),
              n.ip().inet(),
              n.netmask().inet(),
              n.gateway().map(Ipv4::inet),
              Optional.of(n.hostname()),
              nextServer,
              config.boot().bootFile(),
              nameService));
    }
    return out;
  }

  /** What a node's install boot entries need. */
  public NodeBoot bootOf(Node node) {
    String nodeRoot = config.boot().nfsServer() + ":" + nodeRoots.pathOf(node.name());
    InstallEnv env = config.installEnv();
    List<String> args = new ArrayList<>();
    String nfsRoot = nodeRoot;
    if (env.root().isPresent()) {
      nfsRoot = config.boot().nfsServer() + ":" + env.root().get();
      args.add("lui.noderoot=" + nodeRoot);
    }
    args.addAll(env.kernelArgs());
    return new NodeBoot(
        node.name(),
        node.mac().value(),
        config.listeners().publicUrl(),
        nfsRoot,
        config.boot().installKernel(),
        config.boot().installInitrd(),
        args);
  }

  /** A node's entry of one boot loader: install while armed, local boot if kept, else none. */
  public Optional<String> bootEntry(BootLoader loader, Node node, Arming arming) {
    if (arming.armed()) {
      return Optional.of(loader.renderInstall(bootOf(node)));
    }
    if (arming.localBoot()) {
      return Optional.of(loader.renderLocalBoot(node.name()));
    }
    return Optional.empty();
  }

  /** The node's identity file ({@code lui/identity} in its root). */
  public Map<String, String> identity(Node node) {
    Map<String, String> id = new TreeMap<>();
    id.put("name", node.name());
    id.put("hostname", node.hostname());
    id.put("mac", node.mac().value());
    id.put("ip", node.ip().toString());
    id.put("netmask", node.netmask().toString());
    node.gateway().ifPresent(g -> id.put("gateway", g.toString()));
    id.put("server", config.listeners().publicUrl());
    return id;
  }

  /**
   * Forward and reverse zone data for every defined node (installed ones too: DNS outlives the
   * install), one zone after another, each headed by a comment naming it.
   *
   * @param serial the SOA serial: the store's change counter, so it grows with every change
   */
  /** A domain name's longest text form with its final dot (RFC 1035: 255 octets on the wire). */
  private static final int MAX_NAME = 254;

  public String dnsZones(List<Node> nodes, long serial) {
    String origin =
        config.dns().domain().endsWith(".") ? config.dns().domain() : config.dns().domain() + ".";
    // A host name may be 253 characters, but DNS bounds the whole name, domain included: such a
    // node gets no records (said in a comment) instead of failing every zone.
    List<DhcpHost> hosts = new ArrayList<>();
    List<String> tooLong = new ArrayList<>();
    for (DhcpHost h : hosts(nodes)) {
      if (h.hostname().map(n -> n.length() + 1 + origin.length() > MAX_NAME).orElse(false)) {
        tooLong.add(h.name());
      } else {
        hosts.add(h);
      }
    }
    StringBuilder out = new StringBuilder();
    try {
      out.append("; zone ").append(origin).append("\n");
      for (String name : tooLong) {
        out.append("; no records for node ")
            .append(name)
            .append(": its host name with ")
            .append(origin)
            .append(" is over ")
            .append(MAX_NAME - 1)
            .append(" characters\n");
      }
      out.append(
          DnsZones.forward(origin, hosts, DnsZones.Settings.defaults(origin).withSerial(serial)));
      for (DhcpHosts.Network network : DhcpHosts.networks(hosts)) {
        String reverse = DnsZones.reverseOrigin(network);
        out.append("\n; zone ").append(reverse).append("\n");
        out.append(
            DnsZones.reverse(
                network, origin, hosts, DnsZones.Settings.defaults(origin).withSerial(serial)));
      }
    } catch (IllegalArgumentException e) {
      throw LuiException.failed("cannot render the DNS zones: " + e.getMessage(), e);
    }
    return out.toString();
  }
}
