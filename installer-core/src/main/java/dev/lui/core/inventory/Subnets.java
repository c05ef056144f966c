package dev.lui.core.inventory;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Ipv4;
import dev.lui.core.domain.Node;
import java.util.List;

/**
 * The network rules between nodes: a node's subnet (its address and netmask) is either the very
 * subnet of another node or shares no address with it. Overlapping but different subnets (10.77.0.0/24
 * and 10.77.0.0/16) have no single DHCP configuration: Kea, dhcpd and dnsmasq each need one
 * subnet per address. And a node's address is a unicast host address, not one of the blocks no
 * host may use.
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

  /** Reserved blocks a node address (or gateway) cannot be in: this network, loopback, multicast, reserved. */
  private static final List<Subnet> NOT_FOR_HOSTS = List.of(
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
    hostAddress("--ip", node.ip());
    node.gateway().ifPresent(g -> hostAddress("--gateway", g));
    Subnet mine = Subnet.of(node);
    int mask = node.netmask().bits();
    int net = node.ip().bits() & mask;
    for (List<Node> others : List.of(existing, batch)) {
      for (Node o : others) {
        // Without allocating: a batch of 10,000 nodes compares 50 million pairs.
        int theirMask = o.netmask().bits();
        int theirNet = o.ip().bits() & theirMask;
        int wider = mask & theirMask; // contiguous masks: the shorter prefix
        if ((theirNet != net || theirMask != mask) && (theirNet & wider) == (net & wider)) {
          Subnet theirs = Subnet.of(o);
          throw LuiException.conflict(
              "node " + node.name() + " is on subnet " + mine + " (--ip " + node.ip() + " --netmask " + node.netmask()
                  + "), which overlaps subnet " + theirs + " of node " + o.name()
                  + (others == batch ? " earlier in this batch" : "")
                  + ": nodes that share addresses must share one subnet (the same netmask)");
        }
      }
    }
  }

  private static void hostAddress(String field, Ipv4 ip) {
    for (Subnet reserved : NOT_FOR_HOSTS) {
      if (reserved.overlaps(new Subnet(ip, Ipv4.ofBits(-1)))) {
        throw LuiException.invalid(field, ip.toString(),
            "is in " + reserved + ", which no host may use (0/8 this network, 127/8 loopback, 224/4 multicast, 240/4 reserved)");
      }
    }
  }
}
