package dev.lui.core.inventory;

import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.MacAddress;
import dev.lui.core.LuiException;
import dev.lui.core.domain.AfterInstall;
import dev.lui.core.domain.Names;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Values;
import dev.lui.power.BmcAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * What makes a node definition valid: its values, its groups, its network placement, its BMC, and
 * an address from DNS when none is given.
 */
final class NodeValidation {
  private final Inventory inv;

  NodeValidation(Inventory inv) {
    this.inv = inv;
  }

  Node validateNode(NodeSpec spec) {
    String name = Names.name("name", spec.name());
    MacAddress mac = Values.mac("--mac", spec.mac());
    Optional<Integer> prefix = Optional.empty();
    Ipv4 ip;
    if (spec.ip().isEmpty()) {
      ip = resolve(spec, name);
    } else if (spec.ip().contains("/")) {
      dev.lui.contract.value.Ipv4Network cidr = Values.network("--ip", spec.ip());
      ip = cidr.address();
      prefix = Optional.of(cidr.prefixLength());
    } else {
      ip = Values.ipv4("--ip", spec.ip());
    }
    NetworkDefinitions.Placement placement = inv.networks().place(spec, ip, prefix);
    Ipv4 netmask = placement.netmask();
    if (ip.equals(ip.network(netmask)) || ip.equals(ip.broadcast(netmask))) {
      throw LuiException.invalid(
          "--ip",
          spec.ip(),
          "is the network or broadcast address of "
              + ip.network(netmask)
              + "/"
              + netmask.prefixLength());
    }
    Optional<Ipv4> gateway = placement.gateway();
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
      if (inv.store().group(g).isEmpty()) {
        throw LuiException.invalid(
            "--group", g, "no such group: define it first with 'lui define-group " + g + "'");
      }
    }
    Optional<String> disk = spec.disk().filter(d -> !d.isBlank());
    disk.ifPresent(d -> inv.checkDisk("--disk", d));
    AfterInstall after =
        spec.afterInstall()
            .map(a -> AfterInstall.parse("--after-install", a))
            .orElse(AfterInstall.REMOVE);
    Optional<BmcAddress> bmc = spec.bmc().filter(b -> !b.isBlank()).map(NodeValidation::bmc);
    return new Node(
        name,
        mac,
        ip,
        netmask,
        gateway,
        hostname,
        groups,
        disk,
        inv.arm(name),
        after,
        placement.network().map(dev.lui.core.domain.Network::name),
        bmc);
  }

  /** {@code --bmc ipmi://USER@HOST[:PORT]}: bmc-power's one rule; a password in it is refused. */
  static BmcAddress bmc(String text) {
    try {
      return BmcAddress.parse("--bmc", text);
    } catch (dev.lui.contract.value.InvalidValueException e) {
      throw LuiException.invalid(e);
    }
  }

  /** A node defined without --ip takes the one address DNS has for its host name. */
  private Ipv4 resolve(NodeSpec spec, String name) {
    String host = Names.hostname("--hostname", spec.hostname().orElse(name));
    if (inv.resolver().isEmpty()) {
      throw LuiException.invalid(
          "--ip",
          "",
          "required (or start the server with --dns-server so lui resolves the host name)");
    }
    String fqdn = host.contains(".") ? host : host + "." + inv.domain();
    List<String> found;
    try {
      found = inv.resolver().get().addresses(fqdn);
    } catch (java.io.IOException e) {
      throw LuiException.failed(
          "cannot ask " + inv.resolver().get().describe() + " for " + fqdn + ": " + e.getMessage(),
          e);
    }
    if (found.size() != 1) {
      throw LuiException.invalid(
          "--hostname",
          fqdn,
          (found.isEmpty() ? "has no A record" : "has " + found.size() + " A records " + found)
              + " at "
              + inv.resolver().get().describe()
              + "; give --ip");
    }
    return Values.ipv4("--ip (from DNS)", found.get(0));
  }
}
