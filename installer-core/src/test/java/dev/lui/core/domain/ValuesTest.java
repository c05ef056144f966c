package dev.lui.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.Ipv4;
import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {
  @Test
  void normalisesMacToLowerCaseColons() {
    assertThat(Values.mac("--mac", "52-54-00-AA-bb-0C").value()).isEqualTo("52:54:00:aa:bb:0c");
  }

  @Test
  void namesTheFieldValueAndRuleForAShortMac() {
    assertThatThrownBy(() -> Values.mac("--mac", "aa:bb"))
        .isInstanceOf(LuiException.class)
        .hasMessage("--mac 'aa:bb': a MAC address has six octets, like 52:54:00:12:34:56")
        .extracting(e -> ((LuiException) e).kind())
        .isEqualTo(ErrorKind.INVALID_INPUT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "52:54:00:12:34:5g",
        "52:54:00:12:34:567",
        "ff:ff:ff:ff:ff:ff",
        "00:00:00:00:00:00",
        "01:00:5e:00:00:01",
        "52:54:00:12:34:56;reboot",
        "52:54:00:12:34:56\n"
      })
  void rejectsMacsThatAreNotNodeAddresses(String mac) {
    assertThatThrownBy(() -> Values.mac("--mac", mac))
        .isInstanceOf(LuiException.class)
        .hasMessageStartingWith("--mac '");
  }

  @Test
  void errorMessagesEscapeControlCharactersSoTheyStayOneLine() {
    assertThatThrownBy(() -> Values.mac("--mac", "aa\nbb"))
        .hasMessageNotContaining("\n")
        .hasMessageContaining("aa\\x0abb");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0",
        "10.0.0.256",
        "10.0.0.01",
        "10.0.0.1.2",
        "ten.0.0.1",
        "10.0.0.-1",
        "",
        "10.0.0.1;x",
        "+1.0.0.1"
      })
  void rejectsMalformedIpv4(String ip) {
    assertThatThrownBy(() -> Values.ipv4("--ip", ip))
        .isInstanceOf(LuiException.class)
        .hasMessageStartingWith("--ip '");
  }

  @Test
  void computesNetworkAndBroadcast() {
    Ipv4 ip = Values.ipv4("ip", "10.1.2.3");
    Ipv4 mask = Values.netmask("mask", "255.255.0.0");
    assertThat(ip.network(mask)).hasToString("10.1.0.0");
    assertThat(ip.broadcast(mask)).hasToString("10.1.255.255");
    assertThat(mask.prefixLength()).isEqualTo(16);
  }

  @ParameterizedTest
  @ValueSource(strings = {"255.0.255.0", "255.255.255.255", "0.0.0.0", "128.0.0.0"})
  void rejectsNonContiguousOrOutOfRangeNetmasks(String mask) {
    assertThatThrownBy(() -> Values.netmask("--netmask", mask))
        .hasMessageStartingWith("--netmask '" + mask + "'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "n;rm",
        "n\"q",
        "n\nx",
        "-n",
        "../x",
        "a/b",
        "n x",
        "",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "n..1"
      })
  void rejectsHostileNames(String name) {
    assertThatThrownBy(() -> Names.name("name", name)).isInstanceOf(LuiException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.-b", "n01.", "a._b", "a.", "a.b..c", "n01.-"})
  void rejectsNamesWithAPartBetweenDotsThatDhcpWouldRefuse(String name) {
    assertThatThrownBy(() -> Names.name("name", name))
        .isInstanceOf(LuiException.class)
        .hasMessageEndingWith("starting with a letter or digit, and so is each part between dots");
  }

  @Test
  void acceptsOrdinaryNames() {
    assertThat(Names.name("name", "node-01.rack_2")).isEqualTo("node-01.rack_2");
    assertThat(Names.hostname("--hostname", "n01.cluster.example"))
        .isEqualTo("n01.cluster.example");
  }

  @ParameterizedTest
  @ValueSource(strings = {"n_01", "-n", "n-", "a..b", "n;x"})
  void rejectsHostnamesOutsideRfc1123(String host) {
    assertThatThrownBy(() -> Names.hostname("--hostname", host)).hasMessageContaining("RFC 1123");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.77.0.\u0661\u0665\u0661",
        "\uff11\uff10.0.0.1",
        "10.0.0.\u0967",
        "10.0.\u00b2.1"
      })
  void rejectsIpv4WithDigitsOtherThanAscii(String ip) {
    assertThatThrownBy(() -> Values.ipv4("--ip", ip))
        .isInstanceOf(LuiException.class)
        .hasMessageStartingWith("--ip '")
        .hasMessageContaining("ASCII digits");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "52:54:00:12:34:\uff15\uff16",
        "52:54:00:12:34:\u0665\u0666",
        "52:54:00:12:34:5\u212a"
      })
  void rejectsMacWithHexDigitsOtherThanAscii(String mac) {
    assertThatThrownBy(() -> Values.mac("--mac", mac))
        .isInstanceOf(LuiException.class)
        .hasMessageStartingWith("--mac '");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "10.77.0.151", "255.255.255.255", "host.123", "42"})
  void rejectsHostnamesWhoseLastLabelIsAllDigits(String host) {
    assertThatThrownBy(() -> Names.hostname("--hostname", host))
        .isInstanceOf(LuiException.class)
        .hasMessage(
            "--hostname '"
                + host
                + "': a host name's last label is not all digits, so it never looks like an IPv4 address (RFC 1123)");
  }

  @Test
  void acceptsHostnamesWithDigitsThatAreNotAddresses() {
    assertThat(Names.hostname("--hostname", "10.rack2.example")).isEqualTo("10.rack2.example");
    assertThat(Names.hostname("--hostname", "n01.3com")).isEqualTo("n01.3com");
    assertThat(Names.hostname("--hostname", "1a")).isEqualTo("1a");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/srv/a\u0000b", "/srv/a\nb", "/srv/a\tb", "/srv/\u001b[2J", "/srv/a\u009bb"})
  void refusesControlCharactersInFreeText(String text) {
    assertThatThrownBy(() -> Names.withoutControlCharacters("--source", text))
        .isInstanceOf(LuiException.class)
        .hasMessageEndingWith("': control characters are not allowed")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("\u0000");
    assertThat(Names.withoutControlCharacters("--source", "/srv/Größe/a b"))
        .isEqualTo("/srv/Größe/a b");
  }
}
