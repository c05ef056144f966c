package dev.lui.dhcp;

import dev.lui.contract.value.InvalidValueException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Checks shared by every renderer: the host set as a whole must make sense. */
public final class DhcpHosts {
  private DhcpHosts() {}

  /**
   * The hosts sorted by name, so rendering does not depend on the caller's order.
   *
   * @throws IllegalArgumentException if two hosts share a name, a MAC or an IP address: a DHCP
   *     server would answer one of them with the other's configuration (dhcpd refuses duplicate
   *     names outright)
   */
  public static List<DhcpHost> sortedUnique(List<DhcpHost> hosts) {
    Objects.requireNonNull(hosts, "hosts");
    List<DhcpHost> sorted = new ArrayList<>(hosts);
    sorted.forEach(h -> Objects.requireNonNull(h, "hosts contains null"));
    sorted.sort(Comparator.comparing(DhcpHost::name));
    requireUnique(sorted, "name", DhcpHost::name);
    requireUnique(sorted, "mac", DhcpHost::mac);
    requireUnique(sorted, "ip", h -> h.ip().getHostAddress());
    return List.copyOf(sorted);
  }

  /** Distinct networks of the hosts, ordered by address then prefix length. */
  public static List<Network> networks(List<DhcpHost> hosts) {
    return hosts.stream()
        .map(h -> new Network(h.network(), h.netmask()))
        .distinct()
        .sorted(
            Comparator.<Network, Inet4Address>comparing(Network::address, Ipv4::compare)
                .thenComparing(Network::mask, Ipv4::compare))
        .toList();
  }

  /** One IPv4 network: its address (host bits zero) and mask. */
  public record Network(Inet4Address address, Inet4Address mask) {
    public Network {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(mask, "mask");
    }

    /** True if {@code ip} is inside this network: {@code ip & mask == address}. */
    public boolean contains(Inet4Address ip) {
      return (Ipv4.toInt(ip) & Ipv4.toInt(mask)) == Ipv4.toInt(address);
    }
  }

  private static void requireUnique(
      List<DhcpHost> hosts, String field, Function<DhcpHost, String> key) {
    List<DhcpChecks.Duplicate> dups =
        DhcpChecks.duplicates(hosts, field, h -> java.util.Optional.of(key.apply(h)));
    if (!dups.isEmpty()) {
      DhcpChecks.Duplicate d = dups.get(0);
      throw new InvalidValueException(
          field,
          d.value(),
          "each host needs its own " + field,
          "hosts '"
              + d.first()
              + "' and '"
              + d.second()
              + "' share "
              + field
              + " '"
              + d.value()
              + "': each host needs its own "
              + field);
    }
  }
}
