package dev.lui.dhcp;

import static dev.lui.dhcp.TestHosts.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.dhcp.formats.DhcpFormats;
import dev.lui.dhcp.kea.KeaRenderer;
import dev.lui.io.ProcessRunner;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DNS servers (option 6) and domain name (option 15) in every backend that has them. */
class NameServiceTest {
  @TempDir Path dir;

  private static final NameService DNS =
      NameService.of("cluster.example", Ipv4.parse("10.0.0.53"), Ipv4.parse("10.0.0.54"));
  private static final BootFiles IPXE =
      BootFiles.defaults().withUefiX64("grubx64.efi").withIpxeScriptUrl("http://10.0.0.2/b.ipxe");

  private static DhcpHost withDns() {
    return node("n1", "52:54:00:12:34:56", "10.0.0.5").withNameService(DNS);
  }

  /** On each of two networks, half the hosts with DNS and half without. */
  private static List<DhcpHost> mixed() {
    List<DhcpHost> hosts = new ArrayList<>();
    List<DhcpHost> many = TestHosts.many(20);
    for (int i = 0; i < many.size(); i++) {
      hosts.add(i % 4 < 2 ? many.get(i).withNameService(DNS) : many.get(i));
    }
    return hosts;
  }

  @Test
  void iscHostGetsDomainNameServersAndDomainName() {
    assertThat(DhcpFormats.isc().render(List.of(withDns())))
        .contains(
            "  option domain-name-servers 10.0.0.53, 10.0.0.54;\n"
                + "  option domain-name \"cluster.example\";\n"
                + "  next-server 10.0.0.2;\n");
  }

  @Test
  void noNameServiceRendersExactlyAsBefore() {
    DhcpHost plain = node("n1", "52:54:00:12:34:56", "10.0.0.5");
    assertThat(plain.withNameService(NameService.none())).isEqualTo(plain);
    for (DhcpRenderer r :
        List.of(
            DhcpFormats.isc(), DhcpFormats.kea(), DhcpFormats.dnsmasq(), DhcpFormats.bootptab())) {
      assertThat(r.render(List.of(plain))).doesNotContain("domain", "dns-server", "ds=", "dn=");
    }
  }

  @Test
  void keaReservationCarriesBothOptions() {
    assertThat(DhcpFormats.kea().render(List.of(withDns())))
        .contains("\"name\" : \"domain-name-servers\"")
        .contains("\"data\" : \"10.0.0.53, 10.0.0.54\"")
        .contains("\"name\" : \"domain-name\"")
        .contains("\"data\" : \"cluster.example\"");
  }

  @Test
  void dnsmasqPutsDnsOnTheHostsTagAndSplitsTagsByDns() {
    String text = DhcpFormats.dnsmasq().render(mixed());
    assertThat(text)
        .contains("dhcp-option=tag:lui-g0,option:dns-server,10.0.0.53,10.0.0.54\n")
        .contains("dhcp-option=tag:lui-g0,option:domain-name,cluster.example\n");
    // Same router and file, different DNS: not one tag.
    assertThat(text).contains("lui-g1").contains("lui-g3");
    assertThat(text.lines().filter(l -> l.contains("dns-server"))).hasSize(2);
  }

  @Test
  void bootptabUsesDsAndDn() {
    assertThat(DhcpFormats.bootptab().render(List.of(withDns())))
        .contains("gw=10.0.0.1:ds=10.0.0.53 10.0.0.54:dn=cluster.example:\\\n");
  }

  @Test
  void badDnsValuesAreRefusedNamingTheFieldAndRule() {
    assertThatThrownBy(() -> NameService.of("bad;domain", Ipv4.parse("10.0.0.53")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("domain 'bad;domain': a host name is dot-separated labels")
        .hasMessageContaining("RFC 1123");
    assertThatThrownBy(() -> NameService.of("d", Ipv4.parse("10.0.0.53"), Ipv4.parse("10.0.0.53")))
        .hasMessageContaining("without repeats");
    List<java.net.Inet4Address> nine = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      nine.add(Ipv4.parse("10.0.0." + i));
    }
    assertThatThrownBy(() -> new NameService(nine, Optional.empty()))
        .hasMessageContaining("at most 8 addresses");
  }

  @Test
  void realDhcpdAcceptsDnsOptionsWithAndWithoutFirmwareChoice() throws Exception {
    Path dhcpd = RealTools.program(DhcpTarget.DHCPD);
    for (DhcpRenderer r : List.of(DhcpFormats.isc(), DhcpFormats.isc(IPXE))) {
      Path file = dir.resolve("dhcpd.conf");
      Files.writeString(file, r.render(mixed()));
      ProcessRunner.Result res =
          new ProcessRunner(Duration.ofSeconds(30))
              .run(List.of(dhcpd.toString(), "-t", "-4", "-cf", file.toString()));
      assertThat(res.succeeded()).as(res.describe()).isTrue();
    }
  }

  @Test
  void realKeaAcceptsDnsOptions() throws Exception {
    Path kea = RealTools.program(DhcpTarget.KEA_DHCP4);
    for (BootFiles b : List.of(BootFiles.defaults(), IPXE)) {
      Path file = dir.resolve("kea-dhcp4.conf");
      Files.writeString(
          file,
          KeaRenderer.complete(
                  b,
                  List.of("*"),
                  Optional.of(dir.resolve("leases4.csv")),
                  Optional.of(dir.resolve("kea.sock")))
              .render(mixed()));
      ProcessRunner.Result res =
          new ProcessRunner(Duration.ofSeconds(60))
              .run(List.of(kea.toString(), "-t", file.toString()));
      assertThat(res.succeeded()).as(res.describe()).isTrue();
    }
  }

  @Test
  void realDnsmasqAcceptsDnsOptions() throws Exception {
    Path dnsmasq = RealTools.program(DhcpTarget.DNSMASQ);
    for (BootFiles b : List.of(BootFiles.defaults(), IPXE)) {
      Path file = dir.resolve("lui-dnsmasq.conf");
      Files.writeString(file, DhcpFormats.dnsmasq(b).render(mixed()));
      List<String> cmd =
          DhcpTarget.dnsmasqValidateCommand().stream()
              .map(a -> a.replace(DhcpTarget.FILE_PLACEHOLDER, file.toString()))
              .toList();
      ProcessRunner.Result res = new ProcessRunner(Duration.ofSeconds(60)).run(cmd);
      assertThat(res.succeeded()).as(res.describe()).isTrue();
    }
  }
}
