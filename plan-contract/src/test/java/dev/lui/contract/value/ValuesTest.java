package dev.lui.contract.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule of each shared value (installer-core's own ValuesTest checks its error mapping). */
class ValuesTest {
  @Test
  void parsesDottedQuads() {
    assertThat(Ipv4.parse("ip", "10.0.0.1").bits()).isEqualTo(0x0A000001);
    assertThat(Ipv4.parse("ip", "10.0.0.1")).hasToString("10.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.77.0.\u0661\u0665\u0661", "\uff11\uff10.0.0.1", "10.0.0.\u0967"})
  void refusesDigitsOtherThanAscii(String text) {
    assertThatThrownBy(() -> Ipv4.parse("ip", text)).isInstanceOf(InvalidValueException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"10.0.0", "10.0.0.256", "10.0.0.01", "010.0.0.1", "10.0.0.1.2", "", "10.0.0.1 "})
  void refusesMalformedIpv4NamingFieldValueAndRule(String text) {
    assertThatThrownBy(() -> Ipv4.parse("node.ip", text))
        .isInstanceOfSatisfying(
            InvalidValueException.class,
            e -> {
              assertThat(e.field()).isEqualTo("node.ip");
              assertThat(e.value()).isEqualTo(text);
              assertThat(e.getMessage()).isEqualTo("node.ip '" + text + "': " + e.rule());
            });
  }

  @Test
  void convertsNetmasksToPrefixes() {
    assertThat(Ipv4.parseNetmask("m", "255.255.255.0").prefixLength()).isEqualTo(24);
    assertThat(Ipv4.parseNetmask("m", "255.255.254.0").prefixLength()).isEqualTo(23);
    assertThat(Ipv4Network.prefixLength("m", Ipv4.parse("m", "255.255.255.255"))).isEqualTo(32);
    assertThat(Ipv4Network.prefixLength("m", Ipv4.parse("m", "128.0.0.0"))).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"255.255.0.255", "255.0.255.0", "0.0.0.0", "0.255.255.255"})
  void aNetmaskIsContiguousOneBits(String mask) {
    assertThatThrownBy(() -> Ipv4Network.prefixLength("netmask", Ipv4.parse("m", mask)))
        .hasMessage("netmask '" + mask + "': a netmask is contiguous one bits, like 255.255.255.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"255.255.255.254", "255.255.255.255", "254.0.0.0"})
  void aNodesNetmaskIsSlash8ToSlash30(String mask) {
    assertThatThrownBy(() -> Ipv4.parseNetmask("--netmask", mask))
        .hasMessageStartingWith("--netmask '" + mask + "': the netmask must be between /8");
  }

  @Test
  void parsesNetworksInCidrForm() {
    Ipv4Network n = Ipv4Network.parse("net", "10.0.0.0/24");
    assertThat(n.prefixLength()).isEqualTo(24);
    assertThat(n.netmask()).hasToString("255.255.255.0");
    assertThat(n.contains(Ipv4.parse("ip", "10.0.0.77"))).isTrue();
    assertThat(n.contains(Ipv4.parse("ip", "10.0.1.1"))).isFalse();
    assertThat(n).hasToString("10.0.0.0/24");
    assertThat(Ipv4Network.parse("net", "0.0.0.0/0").netmask()).hasToString("0.0.0.0");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0.0/",
        "10.0.0.0/33",
        "10.0.0.0/024",
        "10.0.0/24",
        "10.0.0.0/2a",
        "10.0.0.0/24/1"
      })
  void refusesMalformedNetworks(String text) {
    assertThatThrownBy(() -> Ipv4Network.parse("--install-network", text))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("--install-network '" + text + "': ");
  }

  @Test
  void normalisesMacsAndRefusesThoseNoNodeHas() {
    assertThat(MacAddress.parse("52-54-00-AA-bb-0C").value()).isEqualTo("52:54:00:aa:bb:0c");
    for (String bad :
        new String[] {
          "52:54:00:12:34",
          "52:54:00:12:34:5g",
          "ff:ff:ff:ff:ff:ff",
          "00:00:00:00:00:00",
          "01:00:5e:00:00:01",
          "52:54:00:12:34:56\n"
        }) {
      assertThatThrownBy(() -> MacAddress.parse("node.mac", bad))
          .isInstanceOf(InvalidValueException.class)
          .hasMessageStartingWith("node.mac '")
          .hasMessageNotContaining("\n");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"n_01", "-n", "n-", "a..b", "n;x", "n01.", "host.123", "10.0.0.1", ""})
  void refusesHostnamesOutsideRfc1123(String host) {
    assertThatThrownBy(() -> Hostname.parse("node.hostname", host))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("node.hostname '");
  }

  @Test
  void acceptsHostnamesAndDomains() {
    assertThat(Hostname.parse("h", "n01.cluster.example").value()).isEqualTo("n01.cluster.example");
    assertThat(Hostname.parse("h", "10.rack2.example")).hasToString("10.rack2.example");
    assertThat(Hostname.parse("h", "a".repeat(63) + ".b").value()).hasSize(65);
    assertThatThrownBy(() -> Hostname.parse("h", "a".repeat(64))).hasMessageContaining("RFC 1123");
  }

  @Test
  void aModuleMayWordItsRefusalAndStillCarryTheFieldAndTheRule() {
    InvalidValueException e =
        new InvalidValueException("nfsRoot", "x", "server:/absolute/path", "nfsRoot \"x\" is bad");
    assertThat(e).hasMessage("nfsRoot \"x\" is bad").isInstanceOf(IllegalArgumentException.class);
    assertThat(e.field()).isEqualTo("nfsRoot");
    assertThat(e.value()).isEqualTo("x");
    assertThat(e.rule()).isEqualTo("server:/absolute/path");
  }
}
