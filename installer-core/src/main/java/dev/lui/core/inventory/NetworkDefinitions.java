package dev.lui.core.inventory;

import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.Ipv4Network;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Names;
import dev.lui.core.domain.Network;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.domain.Values;
import dev.lui.core.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * Networks (#14): define, list, remove; and the one rule of how a node is placed on one. A node
 * names its network or is on the one whose CIDR holds its address (networks do not overlap, so
 * there is at most one); it inherits the network's netmask and gateway, and an explicit value that
 * disagrees is refused naming both. The node records its network, so that removing a network names
 * its users and a network's later change is a visible change of its nodes.
 */
final class NetworkDefinitions {
  private final Inventory inv;

  NetworkDefinitions(Inventory inv) {
    this.inv = inv;
  }

  /** A network from the admin's text; refused if its name is taken or it overlaps another. */
  Network defineNetwork(NetworkSpec spec) {
    Network network = validate(spec);
    String name = network.name();
    return inv.store()
        .transaction(
            () -> {
              if (inv.store().network(name).isPresent()) {
                throw LuiException.conflict(
                    "network '" + name + "' is already defined; remove it first to change it");
              }
              checkOverlaps(inv.store(), network);
              inv.store().putNetwork(network);
              return network;
            });
  }

  /** The checked value: {@link Network#of}, and a prefix a node's netmask can have (/8 to /30). */
  static Network validate(NetworkSpec spec) {
    Network network =
        Network.of(
            spec.name(),
            spec.cidr(),
            spec.gateway(),
            spec.dns().orElse(List.of()),
            spec.domain().filter(d -> !d.isEmpty()));
    if (network.cidr().prefixLength() < 8) {
      throw LuiException.invalid(
          "--cidr", spec.cidr(), "a network for nodes is /8 to /30, as a node's netmask is");
    }
    return network;
  }

  /** Refuses {@code network} if it shares an address with another network, naming both. */
  static void checkOverlaps(Store store, Network network) {
    for (Network other : store.networks()) {
      if (!other.name().equals(network.name()) && other.overlaps(network)) {
        throw LuiException.conflict(
            "network "
                + network.name()
                + " ("
                + network.cidr()
                + ") overlaps network "
                + other.name()
                + " ("
                + other.cidr()
                + "): networks share no address, so that each node address is on one network");
      }
    }
  }

  Network network(String name) {
    return inv.store().network(name).orElseThrow(() -> LuiException.notFound("network", name));
  }

  /** The nodes on the network, by name. */
  List<String> usersOf(String network) {
    return inv.store().nodes().stream()
        .filter(n -> n.network().equals(Optional.of(network)))
        .map(Node::name)
        .toList();
  }

  /** Removes a network no node is on; refused naming its nodes (folded) otherwise. */
  void removeNetwork(String name) {
    inv.store()
        .transaction(
            () -> {
              network(name);
              List<String> users = usersOf(name);
              if (!users.isEmpty()) {
                throw LuiException.conflict(
                    "network "
                        + name
                        + " is used by "
                        + users.size()
                        + " node"
                        + (users.size() == 1 ? "" : "s")
                        + ": "
                        + NodeSet.compress(users)
                        + "; remove them or define them on another network first");
              }
              inv.store().deleteNetwork(name);
              return null;
            });
  }

  /** Where a node is, from its spec: its address, netmask, gateway and network. */
  record Placement(Ipv4 netmask, Optional<Ipv4> gateway, Optional<Network> network) {}

  /**
   * The netmask, gateway and network of a node at {@code ip}: {@code ipText} may carry a prefix
   * ({@code 10.0.0.11/24}); a named network must exist and contain the address; without one, the
   * network whose CIDR holds it, if any. Explicit values must agree with the network's.
   */
  Placement place(NodeSpec spec, Ipv4 ip, Optional<Integer> prefix) {
    Optional<Ipv4> explicitMask = Optional.empty();
    if (!spec.netmask().isEmpty()) {
      explicitMask = Optional.of(Values.netmask("--netmask", spec.netmask()));
    }
    if (prefix.isPresent()) {
      Ipv4 fromCidr = new Ipv4Network(ip, prefix.get()).netmask();
      if (explicitMask.isPresent() && !explicitMask.get().equals(fromCidr)) {
        throw LuiException.invalid(
            "--netmask",
            spec.netmask(),
            "disagrees with --ip "
                + spec.ip()
                + " (/"
                + prefix.get()
                + " is "
                + fromCidr
                + "): give one or make them agree");
      }
      explicitMask = Optional.of(Values.netmask("--ip", fromCidr.toString()));
    }
    Optional<Ipv4> explicitGateway = spec.gateway().map(g -> Values.ipv4("--gateway", g));
    Optional<Network> network;
    if (spec.network().isPresent()) {
      String name = Names.name("--network", spec.network().get());
      Network named =
          inv.store()
              .network(name)
              .orElseThrow(
                  () ->
                      LuiException.invalid(
                          "--network",
                          name,
                          "no such network: define it first with 'lui define-network "
                              + name
                              + " --cidr NET/PREFIX'"));
      if (!named.contains(ip)) {
        throw LuiException.invalid(
            "--ip",
            ip.toString(),
            "is outside network " + named.name() + " (" + named.cidr() + ")");
      }
      network = Optional.of(named);
    } else {
      network = inv.store().networks().stream().filter(n -> n.contains(ip)).findFirst();
    }
    if (network.isEmpty()) {
      Ipv4 mask =
          explicitMask.orElseThrow(
              () ->
                  LuiException.invalid(
                      "--netmask",
                      "",
                      "required, like 255.255.255.0 (or --ip "
                          + ip
                          + "/24), or define a network containing "
                          + ip
                          + " with 'lui define-network NAME --cidr NET/PREFIX'"));
      return new Placement(mask, explicitGateway, Optional.empty());
    }
    Network net = network.get();
    String which = "network " + net.name() + " (" + net.cidr() + ")";
    if (explicitMask.isPresent() && !explicitMask.get().equals(net.netmask())) {
      throw LuiException.invalid(
          "--netmask",
          explicitMask.get().toString(),
          "disagrees with "
              + which
              + ", whose netmask is "
              + net.netmask()
              + ": leave it out to inherit it");
    }
    if (explicitGateway.isPresent()
        && net.gateway().isPresent()
        && !explicitGateway.equals(net.gateway())) {
      throw LuiException.invalid(
          "--gateway",
          explicitGateway.get().toString(),
          "disagrees with "
              + which
              + ", whose gateway is "
              + net.gateway().get()
              + ": leave it out to inherit it");
    }
    Ipv4 mask = Values.netmask("--netmask (from " + which + ")", net.netmask().toString());
    return new Placement(mask, explicitGateway.or(net::gateway), network);
  }
}
