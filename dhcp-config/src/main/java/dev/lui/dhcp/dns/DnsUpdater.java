package dev.lui.dhcp.dns;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.dhcp.DhcpHost;
import dev.lui.dhcp.DhcpHosts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
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
    Name alg = DnsNames.absolute("algorithm", algorithm);
    Name key = DnsNames.absolute("keyName", keyName);
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
    Name origin = DnsNames.absolute("zone", zone);
    sendInBatches(
        zone,
        origin,
        named(hosts),
        (update, h) -> {
          Name owner = DnsNames.host(h.hostname().get(), origin);
          update.delete(owner, Type.A);
          update.add(new ARecord(owner, DClass.IN, 3600, h.ip()));
        });
  }

  /** Sets the PTR of each named host whose address is inside {@code network}. */
  public void replaceReverse(DhcpHosts.Network network, String domain, List<DhcpHost> hosts)
      throws DnsUpdateException {
    String zone = DnsZones.reverseOrigin(network);
    Name origin = DnsNames.absolute("zone", zone);
    Name forward = DnsNames.absolute("domain", domain);
    sendInBatches(
        zone,
        origin,
        inside(network, named(hosts)),
        (update, h) -> {
          Name owner = ReverseMap.fromAddress(h.ip());
          update.delete(owner, Type.PTR);
          update.add(
              new PTRRecord(owner, DClass.IN, 3600, DnsNames.host(h.hostname().get(), forward)));
        });
  }

  /** Deletes the A records of {@code hosts} (by host name) from {@code zone}: removed nodes. */
  public void removeForward(String zone, List<DhcpHost> hosts) throws DnsUpdateException {
    Name origin = DnsNames.absolute("zone", zone);
    sendInBatches(
        zone,
        origin,
        named(hosts),
        (update, h) -> update.delete(DnsNames.host(h.hostname().get(), origin), Type.A));
  }

  /** Deletes the PTR records of the {@code hosts} inside {@code network}: removed nodes. */
  public void removeReverse(DhcpHosts.Network network, List<DhcpHost> hosts)
      throws DnsUpdateException {
    String zone = DnsZones.reverseOrigin(network);
    Name origin = DnsNames.absolute("zone", zone);
    sendInBatches(
        zone,
        origin,
        inside(network, DhcpHosts.sortedUnique(hosts)),
        (update, h) -> update.delete(ReverseMap.fromAddress(h.ip()), Type.PTR));
  }

  /** Sends one update of {@code zone} per {@code BATCH} hosts, each made by {@code change}. */
  private void sendInBatches(
      String zone, Name origin, List<DhcpHost> hosts, BiConsumer<Update, DhcpHost> change)
      throws DnsUpdateException {
    for (int from = 0; from < hosts.size(); from += BATCH) {
      Update update = new Update(origin);
      for (DhcpHost h : hosts.subList(from, Math.min(hosts.size(), from + BATCH))) {
        change.accept(update, h);
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

  private static List<DhcpHost> inside(DhcpHosts.Network network, List<DhcpHost> hosts) {
    return hosts.stream().filter(h -> network.contains(h.ip())).toList();
  }

  private static List<DhcpHost> named(List<DhcpHost> hosts) {
    return DhcpHosts.sortedUnique(hosts).stream().filter(h -> h.hostname().isPresent()).toList();
  }
}
