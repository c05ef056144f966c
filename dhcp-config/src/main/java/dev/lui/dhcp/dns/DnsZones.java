package dev.lui.dhcp.dns;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.dhcp.DhcpHost;
import dev.lui.dhcp.DhcpHosts;
import dev.lui.dhcp.Ipv4;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;

/**
 * Forward (A) and reverse (PTR) zone files for the hosts, built as dnsjava records so every line is
 * in master-file syntax {@code named-checkzone} accepts. Only hosts with a {@link
 * DhcpHost#hostname()} get records (a node name may hold '_', which is no host name). A host name
 * with dots ({@code n1.rack1}) is relative to the zone's origin.
 *
 * <p>Records are sorted by name (forward) or address (reverse), so the same hosts give the same
 * bytes; the caller raises {@link Settings#serial()} when the content changes.
 */
public final class DnsZones {
  private DnsZones() {}

  /**
   * The zone's SOA and NS data.
   *
   * @param nameServer the zone's NS (absolute); if it is inside a forward zone it needs its own A
   *     record there, which named-checkzone insists on, so give a host of the zone or a name
   *     outside it
   * @param hostmaster the SOA responsible mailbox, as a name ({@code hostmaster.example.org.})
   */
  public record Settings(String nameServer, String hostmaster, long serial, long ttl) {
    public Settings {
      Objects.requireNonNull(nameServer, "nameServer");
      Objects.requireNonNull(hostmaster, "hostmaster");
      absolute("nameServer", nameServer);
      absolute("hostmaster", hostmaster);
      requireWithin("serial", serial, 0xFFFFFFFFL, "");
      requireWithin("ttl", ttl, 0x7FFFFFFFL, " seconds");
    }

    private static void requireWithin(String field, long value, long max, String unit) {
      if (value < 0 || value > max) {
        String rule = "must be within 0.." + max + unit;
        throw new InvalidValueException(
            field, String.valueOf(value), rule, field + " '" + value + "' is invalid: " + rule);
      }
    }

    /** NS {@code localhost.} (the server itself), serial 1, TTL one hour. */
    public static Settings defaults(String origin) {
      return new Settings("localhost.", "hostmaster." + absolute("origin", origin), 1, 3600);
    }

    public Settings withSerial(long newSerial) {
      return new Settings(nameServer, hostmaster, newSerial, ttl);
    }
  }

  /** The forward zone {@code origin} with default {@link Settings}. */
  public static String forward(String origin, List<DhcpHost> hosts) {
    return forward(origin, hosts, Settings.defaults(origin));
  }

  /**
   * @throws IllegalArgumentException if two hosts have the same host name, or a name is invalid
   */
  public static String forward(String origin, List<DhcpHost> hosts, Settings settings) {
    Name zone = DnsNames.absolute("origin", absolute("origin", origin));
    List<DhcpHost> sorted = DhcpHosts.sortedUnique(hosts);
    List<Record> records = new ArrayList<>();
    Map<Name, String> owners = new HashMap<>();
    for (DhcpHost h : sorted) {
      if (h.hostname().isEmpty()) {
        continue;
      }
      Name owner = DnsNames.host(h.hostname().get(), zone);
      String previous = owners.putIfAbsent(owner, h.name());
      if (previous != null) {
        throw new InvalidValueException(
            "hostname of host '" + h.name() + "'",
            h.hostname().get(),
            "host '" + previous + "' has the same DNS name " + owner,
            "hostname '"
                + h.hostname().get()
                + "' of host '"
                + h.name()
                + "' is invalid: host '"
                + previous
                + "' has the same DNS name "
                + owner);
      }
      records.add(new ARecord(owner, DClass.IN, settings.ttl(), h.ip()));
    }
    records.sort(Comparator.comparing(Record::getName));
    return zoneText(zone, settings, records);
  }

  /** The reverse zone for {@code network} with default {@link Settings}. */
  public static String reverse(DhcpHosts.Network network, String domain, List<DhcpHost> hosts) {
    return reverse(network, domain, hosts, Settings.defaults(reverseOrigin(network)));
  }

  /**
   * The {@code in-addr.arpa} zone holding {@code network}: its prefix rounded down to a whole octet
   * (10.1.0.0/20 lives in {@code 1.10.in-addr.arpa.}), with a PTR per host of the network that has
   * a host name, pointing at {@code hostname.domain.}.
   */
  public static String reverse(
      DhcpHosts.Network network, String domain, List<DhcpHost> hosts, Settings settings) {
    Name zone = DnsNames.absolute("network", reverseOrigin(network));
    Name forwardZone = DnsNames.absolute("domain", absolute("domain", domain));
    List<DhcpHost> inside = new ArrayList<>();
    for (DhcpHost h : DhcpHosts.sortedUnique(hosts)) {
      if (h.hostname().isPresent() && network.contains(h.ip())) {
        inside.add(h);
      }
    }
    inside.sort(Comparator.comparing(DhcpHost::ip, Ipv4::compare));
    List<Record> records = new ArrayList<>();
    for (DhcpHost h : inside) {
      records.add(
          new PTRRecord(
              ReverseMap.fromAddress(h.ip()),
              DClass.IN,
              settings.ttl(),
              DnsNames.host(h.hostname().get(), forwardZone)));
    }
    return zoneText(zone, settings, records);
  }

  /** E.g. {@code 0.0.10.in-addr.arpa.} for 10.0.0.0/24 and for 10.0.0.0/25. */
  public static String reverseOrigin(DhcpHosts.Network network) {
    int prefix = Integer.bitCount(Ipv4.toInt(network.mask()));
    int octets = prefix / 8;
    if (octets == 0) {
      throw new InvalidValueException(
          "network",
          network.address().getHostAddress() + "/" + prefix,
          "prefix must be at least 8 for a reverse zone",
          "network '"
              + network.address().getHostAddress()
              + "/"
              + prefix
              + "' is invalid for a reverse zone: prefix must be at least 8");
    }
    byte[] b = network.address().getAddress();
    StringBuilder sb = new StringBuilder();
    for (int i = octets - 1; i >= 0; i--) {
      sb.append(b[i] & 0xff).append('.');
    }
    return sb.append("in-addr.arpa.").toString();
  }

  private static String zoneText(Name zone, Settings s, List<Record> records) {
    StringBuilder out = new StringBuilder(128 + 48 * records.size());
    out.append("; Generated by lui. Do not edit: lui rewrites this zone on every change.\n");
    out.append("$ORIGIN ").append(zone).append('\n');
    out.append("$TTL ").append(s.ttl()).append('\n');
    Name ns = DnsNames.absolute("nameServer", s.nameServer());
    Name admin = DnsNames.absolute("hostmaster", s.hostmaster());
    // refresh 1 h, retry 15 min, expire 1 week, negative TTL 5 min: common secondary settings.
    out.append(
            new SOARecord(zone, DClass.IN, s.ttl(), ns, admin, s.serial(), 3600, 900, 604800, 300))
        .append('\n');
    out.append(new NSRecord(zone, DClass.IN, s.ttl(), ns)).append('\n');
    for (Record r : records) {
      out.append(r).append('\n');
    }
    return out.toString();
  }

  private static String absolute(String field, String name) {
    if (!name.matches("([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+")) {
      throw new InvalidValueException(
          field,
          name,
          "must be an absolute DNS name of letters, digits and inner '-' ending in '.', e.g. cluster.example.org.",
          field
              + " '"
              + name
              + "' is invalid: must be an absolute DNS name of letters, digits"
              + " and inner '-' ending in '.', e.g. cluster.example.org.");
    }
    return name;
  }
}
