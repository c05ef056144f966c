package dev.lui.dhcp.dns;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.dhcp.DhcpHost;
import dev.lui.dhcp.DhcpHosts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * RFC 2136 dynamic updates signed with TSIG (RFC 8945): replaces the A records of hosts in a
 * forward zone, or the PTR records in a reverse zone, on a configured server. Each host's record
 * set is deleted and added in the same message, so a name never points at two addresses. Hosts are
 * sent in messages of at most {@link #BATCH} hosts, over TCP (a batch does not fit in UDP). The
 * TSIG secret is never logged or put in an exception message.
 */
public final class DnsUpdater {
  /** Hosts per UPDATE message: about 60 bytes each, far below TCP's 64 KiB limit. */
  public static final int BATCH = 500;

  private final SimpleResolver resolver;

  /** Thrown when the server refuses an update (its RCODE) or cannot be reached. */
  public static final class DnsUpdateException extends Exception {
    private final int rcode;

    DnsUpdateException(String message, int rcode, Throwable cause) {
      super(message, cause);
      this.rcode = rcode;
    }

    /** The server's RCODE (e.g. {@link Rcode#NOTAUTH}), or -1 if there was no answer. */
    public int rcode() {
      return rcode;
    }
  }

  /**
   * @param algorithm a TSIG algorithm name such as {@code hmac-sha256}
   * @param secretBase64 the shared secret as in a BIND {@code key} statement
   */
  public DnsUpdater(
      InetSocketAddress server,
      String keyName,
      String algorithm,
      String secretBase64,
      Duration timeout) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(secretBase64, "secret");
    this.resolver = new SimpleResolver(server);
    resolver.setTCP(true);
    resolver.setTimeout(timeout);
    Name alg = name("algorithm", algorithm.endsWith(".") ? algorithm : algorithm + ".");
    Name key = name("keyName", keyName.endsWith(".") ? keyName : keyName + ".");
    try {
      resolver.setTSIGKey(new TSIG(alg, key, secretBase64));
    } catch (IllegalArgumentException e) {
      // Not e.getMessage(): it could quote the secret.
      throw new InvalidValueException(
          "TSIG key",
          keyName,
          "must have a known algorithm and a base64 secret",
          "TSIG key '" + keyName + "' is invalid: must have a known algorithm and a base64 secret");
    }
  }

  /**
   * Sets each named host's A record in {@code zone} to its IP (hosts without a host name skipped).
   */
  public void replaceForward(String zone, List<DhcpHost> hosts) throws DnsUpdateException {
    Name origin = name("zone", zone);
    List<DhcpHost> named = named(hosts);
    for (int from = 0; from < named.size(); from += BATCH) {
      Update update = new Update(origin);
      for (DhcpHost h : named.subList(from, Math.min(named.size(), from + BATCH))) {
        Name owner = owner(h.hostname().get(), origin);
        update.delete(owner, Type.A);
        update.add(new ARecord(owner, DClass.IN, 3600, h.ip()));
      }
      send(zone, update);
    }
  }

  /** Sets the PTR of each named host whose address is inside {@code network}. */
  public void replaceReverse(DhcpHosts.Network network, String domain, List<DhcpHost> hosts)
      throws DnsUpdateException {
    String zone = DnsZones.reverseOrigin(network);
    Name origin = name("zone", zone);
    Name forward = name("domain", domain);
    List<DhcpHost> inside = new ArrayList<>();
    for (DhcpHost h : named(hosts)) {
      if ((dev.lui.dhcp.Ipv4.toInt(h.ip()) & dev.lui.dhcp.Ipv4.toInt(network.mask()))
          == dev.lui.dhcp.Ipv4.toInt(network.address())) {
        inside.add(h);
      }
    }
    for (int from = 0; from < inside.size(); from += BATCH) {
      Update update = new Update(origin);
      for (DhcpHost h : inside.subList(from, Math.min(inside.size(), from + BATCH))) {
        Name owner = ReverseMap.fromAddress(h.ip());
        update.delete(owner, Type.PTR);
        update.add(new PTRRecord(owner, DClass.IN, 3600, owner(h.hostname().get(), forward)));
      }
      send(zone, update);
    }
  }

  /** Deletes the A records of {@code hosts} (by host name) from {@code zone}: removed nodes. */
  public void removeForward(String zone, List<DhcpHost> hosts) throws DnsUpdateException {
    Name origin = name("zone", zone);
    List<DhcpHost> named = named(hosts);
    for (int from = 0; from < named.size(); from += BATCH) {
      Update update = new Update(origin);
      for (DhcpHost h : named.subList(from, Math.min(named.size(), from + BATCH))) {
        update.delete(owner(h.hostname().get(), origin), Type.A);
      }
      send(zone, update);
    }
  }

  /** Deletes the PTR records of the {@code hosts} inside {@code network}: removed nodes. */
  public void removeReverse(DhcpHosts.Network network, List<DhcpHost> hosts)
      throws DnsUpdateException {
    String zone = DnsZones.reverseOrigin(network);
    Name origin = name("zone", zone);
    List<DhcpHost> inside = new ArrayList<>();
    for (DhcpHost h : DhcpHosts.sortedUnique(hosts)) {
      if ((dev.lui.dhcp.Ipv4.toInt(h.ip()) & dev.lui.dhcp.Ipv4.toInt(network.mask()))
          == dev.lui.dhcp.Ipv4.toInt(network.address())) {
        inside.add(h);
      }
    }
    for (int from = 0; from < inside.size(); from += BATCH) {
      Update update = new Update(origin);
      for (DhcpHost h : inside.subList(from, Math.min(inside.size(), from + BATCH))) {
        update.delete(ReverseMap.fromAddress(h.ip()), Type.PTR);
      }
      send(zone, update);
    }
  }

  private void send(String zone, Update update) throws DnsUpdateException {
    Message response;
    try {
      response = resolver.send(update);
    } catch (IOException e) {
      throw new DnsUpdateException("dynamic update of zone " + zone + " failed: " + e, -1, e);
    }
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR) {
      throw new DnsUpdateException(
          "dynamic update of zone " + zone + " refused: " + Rcode.string(rcode), rcode, null);
    }
    if (!response.isVerified()) {
      throw new DnsUpdateException(
          "dynamic update of zone " + zone + ": the answer's TSIG signature did not verify",
          rcode,
          null);
    }
  }

  private static List<DhcpHost> named(List<DhcpHost> hosts) {
    return DhcpHosts.sortedUnique(hosts).stream().filter(h -> h.hostname().isPresent()).toList();
  }

  private static Name owner(String hostname, Name origin) {
    try {
      return Name.fromString(hostname, origin);
    } catch (TextParseException e) {
      throw new InvalidValueException(
          "hostname",
          hostname,
          e.getMessage(),
          "hostname '" + hostname + "' is invalid: " + e.getMessage());
    }
  }

  private static Name name(String field, String text) {
    try {
      return Name.fromString(text.endsWith(".") ? text : text + ".");
    } catch (TextParseException e) {
      throw new InvalidValueException(
          field,
          text,
          "must be a DNS name (" + e.getMessage() + ")",
          field + " '" + text + "' is invalid: must be a DNS name (" + e.getMessage() + ")");
    }
  }
}
