package dev.lui.dhcp;

import static dev.lui.dhcp.TestHosts.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DhcpChecksTest {
  private static DhcpHost withGateway(String name, String ip, String mask, Optional<String> gw) {
    return new DhcpHost(
        name,
        "52:54:00:00:00:0" + name.length(),
        Ipv4.parse(ip),
        Ipv4.parse(mask),
        gw.map(Ipv4::parse),
        Optional.empty(),
        Ipv4.parse("10.0.0.2"),
        "pxelinux.0",
        NameService.none());
  }

  @Test
  void cleanSetHasNoErrors() {
    assertThat(DhcpChecks.errors(TestHosts.many(20))).isEmpty();
    DhcpChecks.requireValid(TestHosts.many(20));
  }

  @Test
  void reportsEveryDuplicateKindIncludingHostnameIgnoringCase() {
    DhcpHost a = node("a", "52:54:00:00:00:01", "10.0.0.5");
    DhcpHost b =
        new DhcpHost(
            "b",
            "52:54:00:00:00:01",
            Ipv4.parse("10.0.0.5"),
            Ipv4.parse("255.255.255.0"),
            Optional.empty(),
            Optional.of("A"),
            Ipv4.parse("10.0.0.2"),
            "pxelinux.0",
            NameService.none());
    List<DhcpChecks.Problem> p = DhcpChecks.errors(List.of(b, a));
    assertThat(p).extracting(DhcpChecks.Problem::field).containsExactly("mac", "ip", "hostname");
    assertThat(p.get(0).message())
        .isEqualTo(
            "host 'b': mac '52:54:00:00:00:01' is invalid: host 'a' has it too; each host needs its"
                + " own mac");
  }

  @Test
  void gatewayOutsideTheSubnetIsAnErrorNamingTheSubnet() {
    DhcpHost h = withGateway("n1", "10.0.0.5", "255.255.255.0", Optional.of("10.0.1.1"));
    assertThatThrownBy(() -> DhcpChecks.requireValid(List.of(h)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "host 'n1': gateway '10.0.1.1' is invalid: must be inside the host's subnet"
                + " 10.0.0.0/24");
  }

  @Test
  void gatewayEqualToTheIpIsAnError() {
    DhcpHost h = withGateway("n1", "10.0.0.5", "255.255.255.0", Optional.of("10.0.0.5"));
    assertThat(DhcpChecks.errors(List.of(h)).get(0).rule())
        .isEqualTo("must differ from the host's ip");
  }

  @Test
  void networkAndBroadcastAddressesAreNotHostAddresses() {
    DhcpHost net = withGateway("n1", "10.0.0.0", "255.255.255.0", Optional.empty());
    DhcpHost bc = withGateway("n22", "10.0.0.255", "255.255.255.0", Optional.empty());
    DhcpHost p31 = withGateway("n333", "10.0.9.0", "255.255.255.254", Optional.empty());
    List<DhcpChecks.Problem> p = DhcpChecks.errors(List.of(net, bc, p31));
    assertThat(p).extracting(DhcpChecks.Problem::host).containsExactly("n1", "n22");
    assertThat(p.get(0).rule())
        .isEqualTo(
            "must be a host address inside 10.0.0.0/24, not its network or broadcast address");
  }

  @Test
  void requireValidCountsTheRest() {
    DhcpHost a = withGateway("n1", "10.0.0.0", "255.255.255.0", Optional.of("10.9.0.1"));
    assertThatThrownBy(() -> DhcpChecks.requireValid(List.of(a)))
        .hasMessageEndingWith("(and 1 more)");
  }

  @Test
  void hostInsideAnAdminPoolIsAWarningNamingThePool() {
    String conf =
        """
        # admin's file
        subnet 10.0.0.0 netmask 255.255.255.0 {
          option routers 10.0.0.1;
          range 10.0.0.100 10.0.0.200;
          pool {
            range dynamic-bootp 10.0.0.50;   # a single address
          }
        }
        subnet 192.168.1.0 netmask 255.255.255.0 { range 192.168.1.10 192.168.1.20; }
        host printer { fixed-address 10.0.0.150; }
        """;
    List<IscPools.Pool> pools = IscPools.parse(conf);
    assertThat(pools)
        .extracting(IscPools.Pool::describe)
        .containsExactly(
            "10.0.0.100-10.0.0.200 (subnet 10.0.0.0/24, line 4)",
            "10.0.0.50-10.0.0.50 (subnet 10.0.0.0/24, line 6)",
            "192.168.1.10-192.168.1.20 (subnet 192.168.1.0/24, line 9)");
    List<DhcpChecks.Problem> w =
        DhcpChecks.poolWarnings(
            List.of(
                node("in", "52:54:00:00:00:01", "10.0.0.150"),
                node("edge", "52:54:00:00:00:02", "10.0.0.50"),
                node("out", "52:54:00:00:00:03", "10.0.0.99")),
            pools);
    assertThat(w)
        .extracting(DhcpChecks.Problem::message)
        .containsExactly(
            "host 'edge': ip '10.0.0.50' lies in the dynamic pool 10.0.0.50-10.0.0.50"
                + " (subnet 10.0.0.0/24, line 6), which dhcpd may lease to any client",
            "host 'in': ip '10.0.0.150' lies in the dynamic pool 10.0.0.100-10.0.0.200"
                + " (subnet 10.0.0.0/24, line 4), which dhcpd may lease to any client");
  }

  @Test
  void rangeOutsideSubnetAndCommentedRangesAreIgnored() {
    String conf =
        """
        range 10.0.0.1 10.0.0.9;
        subnet 10.0.0.0 netmask 255.255.255.0 {
          # range 10.0.0.10 10.0.0.20;
          option domain-name "a;range 10.0.0.30 10.0.0.40;";
        }
        """;
    assertThat(IscPools.parse(conf)).isEmpty();
  }
}
