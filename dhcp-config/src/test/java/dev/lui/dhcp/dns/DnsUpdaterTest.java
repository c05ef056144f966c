package dev.lui.dhcp.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.dhcp.DhcpChecks;
import dev.lui.dhcp.DhcpHost;
import dev.lui.dhcp.DhcpHosts;
import dev.lui.dhcp.Ipv4;
import dev.lui.dhcp.TestHosts;
import dev.lui.testkit.RealTools;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** RFC 2136 + TSIG against the real named, started by the test on 127.0.0.1 and a free port. */
@Tag("slow")
class DnsUpdaterTest {
  private static final Path NAMED = Path.of("/usr/sbin/named");
  private static final String ZONE = "cluster.example.org.";
  private static final DhcpHosts.Network NET =
      new DhcpHosts.Network(Ipv4.parse("10.0.0.0"), Ipv4.parse("255.255.255.0"));
  private static final String SECRET =
      Base64.getEncoder().encodeToString("lui-test-secret-0123456789abcdef".getBytes());

  @TempDir Path dir;
  private Process named;
  private int port;

  @BeforeEach
  void startNamed() throws Exception {
    RealTools.program(NAMED);
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("forward.zone"), DnsZones.forward(ZONE, List.of()));
    Files.writeString(dir.resolve("reverse.zone"), DnsZones.reverse(NET, ZONE, List.of()));
    Files.writeString(
        dir.resolve("named.conf"),
"""
key "lui-update" { algorithm hmac-sha256; secret "%s"; };
options {
  directory "%s";
  pid-file "%s/named.pid";
  listen-on port %d { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
};
controls { };
zone "cluster.example.org" { type primary; file "forward.zone"; allow-update { key "lui-update"; }; };
zone "0.0.10.in-addr.arpa" { type primary; file "reverse.zone"; allow-update { key "lui-update"; }; };
"""
            .formatted(SECRET, dir, dir, port));
    named =
        new ProcessBuilder(
                NAMED.toString(), "-g", "-4", "-n", "1", "-c", dir.resolve("named.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("named.log").toFile())
            .start();
    // Ready when it answers the SOA (a bound of 60 s, not a measurement).
    for (int i = 0; i < 600; i++) {
      if (!named.isAlive()) {
        break;
      }
      try {
        if (query(ZONE, Type.SOA).getRcode() == Rcode.NOERROR) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("named did not start:\n" + Files.readString(dir.resolve("named.log")));
  }

  @AfterEach
  void stopNamed() throws Exception {
    if (named != null) {
      named.destroy();
      if (!named.waitFor(20, TimeUnit.SECONDS)) {
        named.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  private Message query(String name, int type) throws Exception {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    r.setTimeout(Duration.ofSeconds(5));
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  private List<String> answers(String name, int type) throws Exception {
    List<String> out = new ArrayList<>();
    for (Record r : query(name, type).getSection(Section.ANSWER)) {
      out.add(r.rdataToString());
    }
    return out;
  }

  private DnsUpdater updater(String secret) {
    return new DnsUpdater(
        new InetSocketAddress("127.0.0.1", port),
        "lui-update",
        "hmac-sha256",
        secret,
        Duration.ofSeconds(30));
  }

  @Test
  void signedUpdatesSetForwardAndReverseRecords() throws Exception {
    List<DhcpHost> hosts = TestHosts.many(40); // 20 on 10.0.0.0/24, 20 on 10.0.1.0/24
    DnsUpdater u = updater(SECRET);
    u.replaceForward(ZONE, hosts);
    u.replaceReverse(NET, ZONE, hosts);

    assertThat(answers("node000.cluster.example.org.", Type.A)).containsExactly("10.0.0.10");
    assertThat(answers("node039.cluster.example.org.", Type.A)).containsExactly("10.0.1.49");
    assertThat(answers(ReverseMap.fromAddress(Ipv4.parse("10.0.0.10")).toString(), Type.PTR))
        .containsExactly("node000.cluster.example.org.");

    // A host that moved: its old A record is replaced, not joined.
    List<DhcpHost> moved = new ArrayList<>(hosts.subList(1, hosts.size()));
    moved.add(TestHosts.node("node000", "52:54:00:00:00:00", "10.0.0.200"));
    u.replaceForward(ZONE, moved);
    assertThat(answers("node000.cluster.example.org.", Type.A)).containsExactly("10.0.0.200");
  }

  @Test
  void largeBatchGoesInSeveralMessages() throws Exception {
    List<DhcpHost> hosts = TestHosts.cluster(1200);
    updater(SECRET).replaceForward(ZONE, hosts);
    assertThat(answers("n01199.cluster.example.org.", Type.A)).containsExactly("10.1.4.201");
  }

  @Test
  void wrongKeyIsRefusedAndNothingChanges() throws Exception {
    String wrong =
        Base64.getEncoder().encodeToString("another-secret-of-enough-length!".getBytes());
    assertThatThrownBy(
            () ->
                updater(wrong)
                    .replaceForward(
                        ZONE, List.of(TestHosts.node("x1", "52:54:00:00:00:01", "10.0.0.5"))))
        .isInstanceOf(DnsUpdater.DnsUpdateException.class)
        .hasMessageContaining("dynamic update of zone cluster.example.org.")
        .hasMessageNotContaining(wrong);
    assertThat(answers("x1.cluster.example.org.", Type.A)).isEmpty();
  }

  @Test
  void lookupFindsAddressesAndReportsForwardReverseDisagreement() throws Exception {
    List<DhcpHost> hosts = TestHosts.many(4); // node000, node002 on 10.0.0.x
    updater(SECRET).replaceForward(ZONE, hosts);
    updater(SECRET).replaceReverse(NET, ZONE, hosts);
    DnsLookup lookup =
        new DnsLookup(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(10));

    assertThat(lookup.addresses("node002.cluster.example.org"))
        .containsExactly(Ipv4.parse("10.0.0.12"));
    assertThat(lookup.addresses("nobody.cluster.example.org")).isEmpty();

    List<DhcpHost> drifted =
        List.of(hosts.get(0), TestHosts.node("node002", "52:54:00:00:00:02", "10.0.0.99"));
    assertThat(lookup.disagreements(ZONE, drifted))
        .extracting(DhcpChecks.Problem::message)
        .containsExactly(
            "host 'node002': hostname 'node002.cluster.example.org.' resolves to [10.0.0.12] in"
                + " DNS, not to the host's ip 10.0.0.99",
            "host 'node002': ip '10.0.0.99' has reverse record none in DNS, not the host's"
                + " node002.cluster.example.org.");
  }
}
