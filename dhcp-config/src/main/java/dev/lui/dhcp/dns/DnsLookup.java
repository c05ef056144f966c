package dev.lui.dhcp.dns;

import dev.lui.dhcp.DhcpChecks;
import dev.lui.dhcp.DhcpHost;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Asks a DNS server what it has for lui's hosts: the address of a host name (for {@code
 * define-node} without {@code --ip}), and whether forward and reverse records agree with lui's data
 * (warnings, since DNS may lag behind a change on purpose).
 */
public final class DnsLookup {
  private final SimpleResolver resolver;

  public DnsLookup(InetSocketAddress server, Duration timeout) {
    resolver = new SimpleResolver(server);
    resolver.setTimeout(timeout);
  }

  /** The A records of {@code fqdn} (empty if none or NXDOMAIN). */
  public List<Inet4Address> addresses(String fqdn) throws IOException {
    List<Inet4Address> out = new ArrayList<>();
    for (Record r : answers(DnsNames.absolute("name", fqdn), Type.A)) {
      if (r instanceof ARecord a) {
        out.add((Inet4Address) a.getAddress());
      }
    }
    return out;
  }

  /**
   * A warning per host whose {@code hostname.domain} does not resolve to its IP, or whose IP's PTR
   * does not name it. Hosts without a host name are skipped.
   */
  public List<DhcpChecks.Problem> disagreements(String domain, List<DhcpHost> hosts)
      throws IOException {
    Name origin = DnsNames.absolute("name", domain);
    List<DhcpChecks.Problem> warnings = new ArrayList<>();
    for (DhcpHost h : hosts) {
      if (h.hostname().isEmpty()) {
        continue;
      }
      Name fqdn = DnsNames.host(h.hostname().get(), origin);
      List<Inet4Address> a = addresses(fqdn.toString());
      if (!a.contains(h.ip())) {
        warnings.add(
            new DhcpChecks.Problem(
                h.name(),
                "hostname",
                fqdn.toString(),
                "resolves to "
                    + (a.isEmpty()
                        ? "nothing"
                        : a.stream().map(Inet4Address::getHostAddress).toList())
                    + " in DNS, not to the host's ip "
                    + h.ip().getHostAddress(),
                true));
      }
      Optional<Name> ptr =
          answers(ReverseMap.fromAddress(h.ip()), Type.PTR).stream()
              .filter(r -> r instanceof PTRRecord)
              .map(r -> ((PTRRecord) r).getTarget())
              .findFirst();
      if (ptr.isEmpty() || !ptr.get().equals(fqdn)) {
        warnings.add(
            new DhcpChecks.Problem(
                h.name(),
                "ip",
                h.ip().getHostAddress(),
                "has reverse record "
                    + ptr.map(Name::toString).orElse("none")
                    + " in DNS, not the host's "
                    + fqdn,
                true));
      }
    }
    return List.copyOf(warnings);
  }

  private List<Record> answers(Name name, int type) throws IOException {
    Message m = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
    if (m.getRcode() != Rcode.NOERROR && m.getRcode() != Rcode.NXDOMAIN) {
      throw new IOException(
          "DNS query " + name + " " + Type.string(type) + " failed: " + Rcode.string(m.getRcode()));
    }
    return m.getSection(Section.ANSWER);
  }
}
