package dev.lui.core.cli;

import dev.lui.core.domain.NodeSet;
import dev.lui.core.inventory.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** define-network, list-networks, remove-network (#14). */
final class NetworkCommands {
  private NetworkCommands() {}

  @Command(
      name = "define-network",
      description = {
        "Define a network: nodes on it inherit its netmask and gateway, and their installed systems get its DNS servers and search domain.",
        "",
        "A node is on it when define-node names it (--network) or when its --ip is inside the CIDR. Networks do not overlap."
      },
      footer = {
        "",
        "Examples:",
        "  lui define-network cluster --cidr 10.0.0.0/24 --gateway 10.0.0.1 \\",
        "      --dns 10.0.0.2,10.0.0.3 --domain cluster.example.org",
        "  lui define-node n01 --mac 52:54:00:00:00:01 --ip 10.0.0.11   # netmask, gateway: cluster's",
        "  lui define-network ib --cidr 10.1.0.0/16                       # no gateway, no DNS"
      })
  static final class Define extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Network name.")
    String name;

    @Option(
        names = "--cidr",
        required = true,
        paramLabel = "NET/PREFIX",
        description = "Its network address and prefix, /8 to /30, like 10.0.0.0/24.")
    String cidr;

    @Option(
        names = "--gateway",
        paramLabel = "IP",
        description = "Default route of its nodes (a host address inside it).")
    Optional<String> gateway = Optional.empty();

    @Option(
        names = "--dns",
        paramLabel = "IP",
        split = ",",
        description = "DNS servers of its nodes, in order (comma-separated or repeated).")
    List<String> dns = new ArrayList<>();

    @Option(
        names = "--domain",
        paramLabel = "NAME",
        description = "Search domain of its nodes, like cluster.example.org.")
    Optional<String> domain = Optional.empty();

    @Override
    public Integer call() {
      api()
          .post(
              "/api/v1/networks",
              new NetworkSpec(
                  name,
                  cidr,
                  gateway,
                  dns.isEmpty() ? Optional.empty() : Optional.of(dns),
                  domain));
      out()
          .println(
              "defined network "
                  + name
                  + " ("
                  + cidr
                  + gateway.map(g -> ", gateway " + g).orElse("")
                  + (dns.isEmpty() ? "" : ", dns " + String.join(",", dns))
                  + domain.map(d -> ", domain " + d).orElse("")
                  + ")");
      out().flush();
      return 0;
    }
  }

  @Command(
      name = "list-networks",
      description = {"List networks with their nodes (folded: n[01-64])."},
      footer = {"", "Examples:", "  lui list-networks", "  lui list-networks --json"})
  static final class ListNetworks extends ClientCommand {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      return list(
          "/api/v1/networks",
          json,
          List.of("NAME", "CIDR", "GATEWAY", "DNS", "DOMAIN", "NODES"),
          n -> {
            List<String> nodes = new ArrayList<>();
            n.path("nodes").forEach(x -> nodes.add(x.asText()));
            return List.of(
                text(n, "name"),
                text(n, "cidr"),
                text(n, "gateway"),
                text(n, "dns"),
                text(n, "domain"),
                nodes.isEmpty() ? "-" : NodeSet.compress(nodes));
          });
    }
  }

  @Command(
      name = "remove-network",
      description = {
        "Remove networks that no node is on.",
        "",
        "A network nodes are on is refused, naming them: remove those nodes or define them on another network first."
      },
      footer = {"", "Example:", "  lui remove-network ib"})
  static final class Remove extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Network names.")
    List<String> names;

    @Override
    public Integer call() {
      for (String n : names) {
        api().delete("/api/v1/networks/" + Paths.segment(n));
        out().println("removed network " + n);
      }
      out().flush();
      return 0;
    }
  }
}
