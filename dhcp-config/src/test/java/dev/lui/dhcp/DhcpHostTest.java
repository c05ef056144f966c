package dev.lui.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DhcpHostTest {
  private static DhcpHost withName(String name) {
    return TestHosts.bare(name, "52:54:00:12:34:56", "10.0.0.5");
  }

  private static DhcpHost withBootFile(String bootFile) {
    DhcpHost h = TestHosts.bare("n1", "52:54:00:12:34:56", "10.0.0.5");
    return new DhcpHost(
        h.name(),
        h.mac(),
        h.ip(),
        h.netmask(),
        h.gateway(),
        h.hostname(),
        h.nextServer(),
        bootFile,
        NameService.none());
  }

  private static DhcpHost withHostname(String hostname) {
    DhcpHost h = TestHosts.bare("n1", "52:54:00:12:34:56", "10.0.0.5");
    return new DhcpHost(
        h.name(),
        h.mac(),
        h.ip(),
        h.netmask(),
        h.gateway(),
        Optional.of(hostname),
        h.nextServer(),
        h.bootFile(),
        NameService.none());
  }

  @Test
  void acceptsTypicalNode() {
    DhcpHost h = TestHosts.node("node01.rack-2_a", "52:54:00:ab:cd:ef", "10.1.2.3");
    assertThat(h.network()).isEqualTo(Ipv4.parse("10.1.2.0"));
    assertThat(h.prefixLength()).isEqualTo(24);
    assertThat(h.macHex()).isEqualTo("525400abcdef");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "n\"1", "n;1", "n}1", "n{1", "n 1", "n\n1", "n\t1", "-n1", ".n1", "n1.", "n..1", "n#1",
        "n\\1", "n'1", "n:1", "nö"
      })
  void rejectsHostileOrMalformedName(String name) {
    assertThatThrownBy(() -> withName(name))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("name '")
        .hasMessageContaining("must be letters, digits");
  }

  @Test
  void errorMessageEscapesControlCharacters() {
    assertThatThrownBy(() -> withName("a\nb"))
        .hasMessageContaining("'a\\x0ab'")
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "52:54:00:12:34", "52:54:00:12:34:56:78", "52:54:00:12:34:5G", "525400123456",
        "52:54:00:12:34:56;", "52:54:00:12:34:56\n", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01"
      })
  void rejectsMalformedMac(String mac) {
    assertThatThrownBy(() -> TestHosts.bare("n1", mac, "10.0.0.5"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("mac '")
        .hasMessageContaining("MAC");
  }

  @Test
  void keepsTheMacInItsCanonicalForm() {
    // The one MAC rule (the plan contract's MacAddress) accepts either case and '-'; configs get
    // lower case and colons.
    assertThat(TestHosts.bare("n1", "52-54-00-12-34-AB", "10.0.0.5").mac())
        .isEqualTo("52:54:00:12:34:ab");
  }

  @ParameterizedTest
  @ValueSource(strings = {"n_1", "n\"1", "n;1", "-n1", "n1-", "n 1", "n}1", "n\n1", "a..b"})
  void rejectsHostnameOutsideRfc1123(String hostname) {
    assertThatThrownBy(() -> withHostname(hostname))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("hostname '")
        .hasMessageContaining("RFC 1123");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "pxe\"linux.0",
        "pxe;linux",
        "a}b",
        "a{b",
        "a b",
        "a\nb",
        "a\tb",
        "a#b",
        "a\\b",
        "a'b",
        "a\u0000b",
        "a\u007fb",
        "bootö"
      })
  void rejectsHostileBootFile(String bootFile) {
    assertThatThrownBy(() -> withBootFile(bootFile))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("bootFile '")
        .hasMessageContaining("without quotes, whitespace");
  }

  @Test
  void rejectsBootFileLongerThanBootpField() {
    assertThat(withBootFile("a".repeat(127)).bootFile()).hasSize(127);
    assertThatThrownBy(() -> withBootFile("a".repeat(128)))
        .hasMessageContaining("1..127 printable ASCII");
  }

  @ParameterizedTest
  @ValueSource(strings = {"255.0.255.0", "0.0.0.0", "255.255.255.1", "0.255.255.255"})
  void rejectsNonContiguousNetmask(String mask) {
    DhcpHost h = TestHosts.bare("n1", "52:54:00:12:34:56", "10.0.0.5");
    assertThatThrownBy(
            () ->
                new DhcpHost(
                    h.name(),
                    h.mac(),
                    h.ip(),
                    Ipv4.parse(mask),
                    h.gateway(),
                    h.hostname(),
                    h.nextServer(),
                    h.bootFile(),
                    NameService.none()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("netmask '" + mask + "'")
        .hasMessageContaining("contiguous");
  }

  @Test
  void rejectsNullFields() {
    DhcpHost h = TestHosts.bare("n1", "52:54:00:12:34:56", "10.0.0.5");
    assertThatThrownBy(
            () ->
                new DhcpHost(
                    h.name(),
                    h.mac(),
                    h.ip(),
                    h.netmask(),
                    null,
                    h.hostname(),
                    h.nextServer(),
                    h.bootFile(),
                    NameService.none()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("gateway");
  }

  @Test
  void ipv4ParseRejectsNamesAndBadOctets() {
    assertThatThrownBy(() -> Ipv4.parse("localhost")).hasMessageContaining("'localhost'");
    assertThatThrownBy(() -> Ipv4.parse("10.0.0.256")).hasMessageContaining("0-255");
    assertThatThrownBy(() -> Ipv4.parse("10.0..1")).hasMessageContaining("0-255");
    assertThatThrownBy(() -> Ipv4.parse("10.0.0"))
        .hasMessageContaining("four dot-separated numbers");
    assertThat(Ipv4.parse("192.168.10.200").getHostAddress()).isEqualTo("192.168.10.200");
  }
}
