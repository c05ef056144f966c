package dev.lui.core.server;

import dev.lui.core.config.ServerConfig;
import dev.lui.core.domain.Node;
import dev.lui.core.publish.Renderings;
import dev.lui.dhcp.DhcpChecks;
import dev.lui.dhcp.IscPools;
import dev.lui.dhcp.dns.DnsLookup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an admin should hear about newly defined nodes without it stopping the definition: an
 * address in one of their DHCP server's dynamic pools, or DNS that disagrees with the node. DHCP
 * pools and DNS are the admin's; lui only points the problem out.
 */
final class DefinitionWarnings {
  private final ServerConfig config;
  private final Renderings renderings;

  DefinitionWarnings(ServerConfig config, Renderings renderings) {
    this.config = config;
    this.renderings = renderings;
  }

  List<String> of(List<Node> nodes) {
    return Stream.concat(poolWarnings(nodes).stream(), dnsWarnings(nodes).stream()).toList();
  }

  /**
   * Nodes whose address lies in a dynamic pool of the admin's dhcpd.conf (when one is configured).
   */
  private List<String> poolWarnings(List<Node> nodes) {
    if (config.dhcp().adminConf().isEmpty()) {
      return List.of();
    }
    Path conf = config.dhcp().adminConf().get();
    try {
      List<IscPools.Pool> pools = IscPools.parse(Files.readString(conf));
      return DhcpChecks.poolWarnings(renderings.hosts(nodes), pools).stream()
          .map(p -> p.message() + " (" + conf + ")")
          .toList();
    } catch (IOException | IllegalArgumentException e) {
      return List.of("cannot read the dynamic pools of " + conf + ": " + e.getMessage());
    }
  }

  /** Nodes whose host name does not resolve to their address, or whose PTR does not name them. */
  private List<String> dnsWarnings(List<Node> nodes) {
    if (config.dns().server().isEmpty() || nodes.isEmpty()) {
      return List.of();
    }
    InetSocketAddress server = config.dns().server().get();
    try {
      return new DnsLookup(server, Duration.ofSeconds(3))
          .disagreements(config.dns().domain(), renderings.hosts(nodes)).stream()
              .map(
                  p ->
                      p.message()
                          + " (DNS server "
                          + server.getHostString()
                          + ":"
                          + server.getPort()
                          + ")")
              .toList();
    } catch (IOException | IllegalArgumentException e) {
      return List.of(
          "cannot check forward and reverse DNS at "
              + server.getHostString()
              + ":"
              + server.getPort()
              + ": "
              + e.getMessage());
    }
  }
}
