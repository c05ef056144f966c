package dev.lui.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Values;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubnetsTest {
  private static int macs;

  static Node node(String name, String ip, String netmask) {
    return new Node(
        name,
        Values.mac("mac", String.format("52:54:00:00:%02x:%02x", ++macs / 256, macs % 256)),
        Values.ipv4("ip", ip),
        Values.ipv4("netmask", netmask),
        Optional.empty(),
        name,
        List.of(),
        Optional.empty(),
        InstallStatus.armed("arm", "hash", Instant.EPOCH),
        dev.lui.core.domain.AfterInstall.REMOVE,
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void refusesASubnetInsideAnExistingNodesWiderOneNamingBothNodesAndSubnets() {
    Node n01 = node("n01", "10.77.0.11", "255.255.255.0");
    Node n02 = node("n02", "10.77.1.12", "255.255.0.0");
    assertThatThrownBy(() -> Subnets.check(n02, List.of(n01), List.of()))
        .isInstanceOf(LuiException.class)
        .satisfies(e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.CONFLICT))
        .hasMessage(
            "node n02 is on subnet 10.77.0.0/16 (--ip 10.77.1.12 --netmask 255.255.0.0), which overlaps subnet"
                + " 10.77.0.0/24 of node n01: nodes that share addresses must share one subnet (the same netmask)");
  }

  @Test
  void refusesAWiderSubnetAroundOneEarlierInTheBatch() {
    Node n01 = node("n01", "10.77.1.12", "255.255.0.0");
    Node n02 = node("n02", "10.77.0.11", "255.255.255.0");
    assertThatThrownBy(() -> Subnets.check(n02, List.of(), List.of(n01)))
        .hasMessageContaining("node n02 is on subnet 10.77.0.0/24")
        .hasMessageContaining("overlaps subnet 10.77.0.0/16 of node n01 earlier in this batch");
  }

  @ParameterizedTest
  @CsvSource({
    "10.77.0.12, 255.255.255.0, the same subnet",
    "10.77.1.12, 255.255.255.0, a neighbouring /24",
    "10.78.0.12, 255.255.0.0, a disjoint /16",
    "192.168.0.12, 255.255.255.252, far away",
  })
  void acceptsTheSameOrADisjointSubnet(String ip, String netmask, String what) {
    Node n01 = node("n01", "10.77.0.11", "255.255.255.0");
    assertThatCode(() -> Subnets.check(node("n02", ip, netmask), List.of(n01), List.of()))
        .as(what)
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"0.1.2.3", "127.0.0.5", "224.0.0.5", "239.255.255.1", "240.0.0.5", "254.1.1.1"})
  void refusesAddressesNoHostMayUse(String ip) {
    assertThatThrownBy(() -> Subnets.check(node("n01", ip, "255.255.255.0"), List.of(), List.of()))
        .isInstanceOf(LuiException.class)
        .hasMessageStartingWith("--ip '" + ip + "': is in ")
        .satisfies(e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.INVALID_INPUT));
  }

  @Test
  void overlapIsSymmetricAndExact() {
    Subnets.Subnet a =
        new Subnets.Subnet(Values.ipv4("ip", "10.0.0.0"), Values.ipv4("m", "255.255.255.0"));
    Subnets.Subnet b =
        new Subnets.Subnet(Values.ipv4("ip", "10.0.0.0"), Values.ipv4("m", "255.0.0.0"));
    Subnets.Subnet c =
        new Subnets.Subnet(Values.ipv4("ip", "10.0.1.0"), Values.ipv4("m", "255.255.255.0"));
    assertThat(a.overlaps(b)).isTrue();
    assertThat(b.overlaps(a)).isTrue();
    assertThat(a.overlaps(c)).isFalse();
    assertThat(c.overlaps(b)).isTrue();
  }
}
