package dev.lui.core.inventory;

import dev.lui.contract.value.Ipv4;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network rules between nodes: a node's subnet (its address and netmask) is either the very
 * subnet of another node or shares no address with it. Overlapping but different subnets
 * (10.77.0.0/24 and 10.77.0.0/16) have no single DHCP configuration: Kea, dhcpd and dnsmasq each
 * need one subnet per address. And a node's address is a unicast host address, not one of the
 * blocks no host may use.
 */
public final class Subnets {
  private Subnets() {}

  /** A network and its prefix length, e.g. 10.77.0.0/24. */
  public record Subnet(Ipv4 network, Ipv4 mask) {
    public static Subnet of(Node n) {
      return new Subnet(n.ip().network(n.netmask()), n.netmask());
    }

    /** True if some address is in both. */
    public boolean overlaps(Subnet o) {
      int wider = mask.bits() & o.mask.bits(); // contiguous masks: the shorter prefix
      return (network.bits() & wider) == (o.network.bits() & wider);
    }

    @Override
    public String toString() {
      return network + "/" + mask.prefixLength();
    }
  }

  /**
   * Reserved blocks a node address (or gateway) cannot be in: this network, loopback, multicast,
   * reserved.
   */
  private static final List<Subnet> NOT_FOR_HOSTS =
      List.of(
          new Subnet(Ipv4.ofBits(0), Ipv4.ofBits(0xFF000000)),
          new Subnet(Ipv4.ofBits(127 << 24), Ipv4.ofBits(0xFF000000)),
          new Subnet(Ipv4.ofBits(224 << 24), Ipv4.ofBits(0xF0000000)),
          new Subnet(Ipv4.ofBits(240 << 24), Ipv4.ofBits(0xF0000000)));

  /**
   * Refuses {@code node} if its address is not a host address, or its subnet overlaps a different
   * subnet of an existing node or of one earlier in the batch; the message names both nodes and
   * both subnets.
   */
  public static void check(Node node, List<Node> existing, List<Node> batch) {
    Registry r = new Registry(existing);
    batch.forEach(r::addUnchecked);
    r.add(node);
  }

  /**
   * The distinct subnets seen so far, each with a node on it: a node is checked against the few
   * distinct subnets, not against every node (a 10,000-node batch has a handful of subnets).
   */
  public static final class Registry {
    private final Map<Subnet, String> owners = new LinkedHashMap<>();
    private final Set<String> batch = new HashSet<>();

    public Registry(List<Node> existing) {
      existing.forEach(n -> owners.putIfAbsent(Subnet.of(n), n.name()));
    }

    /** Checks {@code node} (see {@link Subnets#check}), then remembers it as one of the batch. */
    public void add(Node node) {
      hostAddress("--ip", node.ip());
      node.gateway().ifPresent(g -> hostAddress("--gateway", g));
      Subnet mine = Subnet.of(node);
      if (!owners.containsKey(mine)) {
        for (Map.Entry<Subnet, String> e : owners.entrySet()) {
          if (e.getKey().overlaps(mine)) {
            throw LuiException.conflict(
                "node "
                    + node.name()
                    + " is on subnet "
                    + mine
                    + " (--ip "
                    + node.ip()
                    + " --netmask "
                    + node.netmask()
                    + "), which overlaps subnet "
                    + e.getKey()
                    + " of node "
                    + e.getValue()
                    + (batch.contains(e.getValue()) ? " earlier in this batch" : "")
                    + ": nodes that share addresses must share one subnet (the same netmask)");
          }
        }
      }
      addUnchecked(node);
    }

    void addUnchecked(Node node) {
      owners.putIfAbsent(Subnet.of(node), node.name());
      batch.add(node.name());
    }
  }

  private static void hostAddress(String field, Ipv4 ip) {
    for (Subnet reserved : NOT_FOR_HOSTS) {
      if (reserved.overlaps(new Subnet(ip, Ipv4.ofBits(-1)))) {
        throw LuiException.invalid(
            field,
            ip.toString(),
            "is in "
                + reserved
                + ", which no host may use (0/8 this network, 127/8 loopback, 224/4 multicast, 240/4 reserved)");
      }
    }
  }
}
