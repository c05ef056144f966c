package dev.lui.dhcp;

import dev.lui.contract.value.Hostname;
import dev.lui.contract.value.InvalidValueException;
import java.net.Inet4Address;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The DNS settings a node is handed: DHCP option 6 (domain name servers) and option 15 (domain
 * name). Usually the same for every host of a network; the caller sets it per host, which covers
 * both.
 *
 * @param servers in order of preference, at most {@value #MAX_SERVERS}, no repeats; empty sends no
 *     option 6
 * @param domain the DNS domain ({@link Hostname}); empty sends no option 15
 */
public record NameService(List<Inet4Address> servers, Optional<String> domain) {
  public static final int MAX_SERVERS = 8;

  public NameService {
    servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
    Objects.requireNonNull(domain, "domain");
    if (servers.size() > MAX_SERVERS || new HashSet<>(servers).size() != servers.size()) {
      throw new InvalidValueException(
          "dns servers",
          servers.stream().map(Inet4Address::getHostAddress).toList().toString(),
          "must be at most " + MAX_SERVERS + " addresses without repeats",
          "dns servers "
              + servers.stream().map(Inet4Address::getHostAddress).toList()
              + " are invalid: must be at most "
              + MAX_SERVERS
              + " addresses without repeats");
    }
    domain.ifPresent(d -> Hostname.parse("domain", d));
  }

  /** No DNS options: what lui sent before it knew about DNS. */
  public static NameService none() {
    return new NameService(List.of(), Optional.empty());
  }

  public static NameService of(String domain, Inet4Address... servers) {
    return new NameService(List.of(servers), Optional.of(domain));
  }

  public boolean isEmpty() {
    return servers.isEmpty() && domain.isEmpty();
  }

  /** The servers joined by {@code separator}, e.g. {@code ", "} for dhcpd. */
  public String serversJoined(String separator) {
    return String.join(separator, servers.stream().map(Inet4Address::getHostAddress).toList());
  }
}
