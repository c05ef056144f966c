package dev.lui.core.inventory;

import dev.lui.dhcp.dns.DnsLookup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Host names of nodes defined without {@code --ip}, looked up in the configured DNS server. */
public final class DnsHostResolver implements Inventory.HostResolver {
  private final InetSocketAddress server;
  private final DnsLookup lookup;

  public DnsHostResolver(InetSocketAddress server, Duration timeout) {
    this.server = server;
    this.lookup = new DnsLookup(server, timeout);
  }

  @Override
  public List<String> addresses(String fqdn) throws IOException {
    return lookup.addresses(fqdn).stream().map(InetAddress::getHostAddress).toList();
  }

  @Override
  public String describe() {
    return server.getHostString() + ":" + server.getPort();
  }
}
