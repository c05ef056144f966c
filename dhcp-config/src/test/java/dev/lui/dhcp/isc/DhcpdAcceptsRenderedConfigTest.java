package dev.lui.dhcp.isc;

import static dev.lui.dhcp.TestHosts.bare;
import static dev.lui.dhcp.TestHosts.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.dhcp.DhcpHost;
import dev.lui.dhcp.DhcpTarget;
import dev.lui.dhcp.TestHosts;
import dev.lui.dhcp.formats.DhcpFormats;
import dev.lui.io.ProcessRunner;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code dhcpd -t} parses what the renderer writes (and refuses what it should). */
class DhcpdAcceptsRenderedConfigTest {
  @TempDir Path dir;
  private Path dhcpd;

  @BeforeEach
  void needDhcpd() {
    dhcpd = RealTools.program(DhcpTarget.DHCPD);
  }

  private ProcessRunner.Result check(String config) throws Exception {
    Path file = dir.resolve("dhcpd.conf");
    Files.writeString(file, config);
    return new ProcessRunner(Duration.ofSeconds(30))
        .run(List.of(dhcpd.toString(), "-t", "-4", "-cf", file.toString()));
  }

  private void assertAccepted(List<DhcpHost> hosts) throws Exception {
    ProcessRunner.Result r = check(DhcpFormats.isc().render(hosts));
    assertThat(r.succeeded()).as(r.describe()).isTrue();
  }

  @Test
  void acceptsNoHosts() throws Exception {
    assertAccepted(List.of());
  }

  @Test
  void acceptsOneHost() throws Exception {
    assertAccepted(List.of(node("n1", "52:54:00:12:34:56", "10.0.0.5")));
  }

  @Test
  void acceptsFiftyHostsOnTwoSubnets() throws Exception {
    List<DhcpHost> hosts = TestHosts.many(50);
    assertThat(DhcpFormats.isc().render(hosts).split("subnet ", -1)).hasSize(3);
    assertAccepted(hosts);
  }

  @Test
  void acceptsHostWithoutGatewayOrHostname() throws Exception {
    List<DhcpHost> hosts = new ArrayList<>();
    hosts.add(bare("bare-1", "52:54:00:00:00:01", "192.168.7.20"));
    hosts.add(node("with_underscore.rack1", "52:54:00:00:00:02", "192.168.7.21"));
    assertAccepted(hosts);
  }

  @Test
  void refusesBrokenConfigAndSaysWhere() throws Exception {
    String broken = DhcpFormats.isc().render(List.of(node("n1", "52:54:00:12:34:56", "10.0.0.5")));
    ProcessRunner.Result r = check(broken.replace("fixed-address 10.0.0.5;", "fixed-address ;"));
    assertThat(r.succeeded()).isFalse();
    assertThat(r.output()).contains("line");
  }
}
