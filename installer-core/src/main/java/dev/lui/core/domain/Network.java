package dev.lui.core.domain;

import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.Ipv4Network;
import dev.lui.core.LuiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A network nodes live on (issue #14): its CIDR, and what its nodes inherit - the netmask, the
 * default route - plus the DNS servers and domain it hands out.
 *
 * @param cidr written as its network address ({@code 10.0.0.0/24}, not {@code 10.0.0.5/24})
 * @param gateway inside the network, neither its network nor its broadcast address
 */
public record Network(
    String name,
    Ipv4Network cidr,
    Optional<Ipv4> gateway,
    List<Ipv4> dns,
    Optional<String> domain) {
  public Network {
    dns = List.copyOf(dns);
  }

  /** A network from the admin's text; errors name the option, the value and the rule. */
  public static Network of(
      String name,
      String cidr,
      Optional<String> gateway,
      List<String> dns,
      Optional<String> domain) {
    Names.name("name", name);
    Ipv4Network network = Values.network("--cidr", cidr);
    Ipv4 base = network.address().network(network.netmask());
    if (!base.equals(network.address())) {
      throw LuiException.invalid(
          "--cidr", cidr, "give the network's own address: " + base + "/" + network.prefixLength());
    }
    if (network.prefixLength() > 30) {
      throw LuiException.invalid(
          "--cidr", cidr, "a network for nodes needs room for addresses: at most /30");
    }
    Optional<Ipv4> gw = gateway.map(g -> Values.ipv4("--gateway", g));
    if (gw.isPresent()) {
      Ipv4 g = gw.get();
      if (!network.contains(g) || g.equals(base) || g.equals(base.broadcast(network.netmask()))) {
        throw LuiException.invalid(
            "--gateway",
            g.toString(),
            "must be a host address inside " + base + "/" + network.prefixLength());
      }
    }
    List<Ipv4> servers = new ArrayList<>();
    for (String d : dns) {
      servers.add(Values.ipv4("--dns", d));
    }
    Optional<String> dom = domain.map(d -> Names.hostname("--domain", d));
    return new Network(name, new Ipv4Network(base, network.prefixLength()), gw, servers, dom);
  }

  public Ipv4 netmask() {
    return cidr.netmask();
  }

  public boolean contains(Ipv4 ip) {
    return cidr.contains(ip);
  }

  /** Whether the two networks share an address. */
  public boolean overlaps(Network other) {
    int prefix = Math.min(cidr.prefixLength(), other.cidr.prefixLength());
    Ipv4 mask = Ipv4.ofBits(prefix == 0 ? 0 : -1 << (32 - prefix));
    return cidr.address().sameNetwork(other.cidr.address(), mask);
  }
}
