package dev.lui.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.dhcp.formats.DhcpFormats;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kea and dnsmasq targets go through the same validate-then-swap path as dhcpd. */
class AllBackendsPublishTest {
  @TempDir Path dir;

  @Test
  void publishesKeaAndDnsmasqValidatedByTheRealPrograms() throws Exception {
    RealTools.program(DhcpTarget.KEA_DHCP4);
    RealTools.program(DhcpTarget.DNSMASQ);
    BootFiles boot = BootFiles.defaults().withUefiX64("grubx64.efi");
    DhcpPublisher publisher =
        new DhcpPublisher(
            List.of(
                DhcpTarget.kea(dir.resolve("kea-dhcp4.conf"), DhcpFormats.kea(boot), true),
                DhcpTarget.dnsmasq(
                    dir.resolve("lui-dnsmasq.conf"), DhcpFormats.dnsmasq(boot), true),
                DhcpFormats.keaIncludeTarget(dir.resolve("lui-reservations.json"))),
            Duration.ofSeconds(60));
    publisher.publish(TestHosts.many(10));
    assertThat(Files.readString(dir.resolve("kea-dhcp4.conf"))).contains("\"lui-uefi-x64\"");
    assertThat(Files.readString(dir.resolve("lui-dnsmasq.conf")))
        .contains("dhcp-host=52:54:00:00:00:09");
    assertThat(Files.readString(dir.resolve("lui-reservations.json"))).startsWith("[");
  }

  @Test
  void dnsmasqValidationRejectionKeepsTheOldFile() throws Exception {
    RealTools.program(DhcpTarget.DNSMASQ);
    Path file = dir.resolve("lui-dnsmasq.conf");
    DhcpPublisher ok =
        new DhcpPublisher(List.of(DhcpTarget.dnsmasq(file, DhcpFormats.dnsmasq(), true)));
    ok.publish(TestHosts.many(2));
    String before = Files.readString(file);
    // A renderer producing a line dnsmasq refuses stands in for a future rendering bug.
    DhcpRenderer broken = hosts -> DhcpFormats.dnsmasq().render(hosts) + "dhcp-range=nonsense\n";
    DhcpPublisher bad = new DhcpPublisher(List.of(DhcpTarget.dnsmasq(file, broken, true)));
    assertThatThrownBy(() -> bad.publish(TestHosts.many(3)))
        .isInstanceOf(DhcpPublishException.class)
        .hasMessageContaining("rejected, old file kept");
    assertThat(Files.readString(file)).isEqualTo(before);
  }
}
