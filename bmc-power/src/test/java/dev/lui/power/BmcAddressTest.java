package dev.lui.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import org.junit.jupiter.api.Test;

class BmcAddressTest {
  @Test
  void parsesIpv4WithTheDefaultPort() {
    BmcAddress a = BmcAddress.parse("ipmi://admin@10.0.0.5");
    assertThat(a.user()).isEqualTo("admin");
    assertThat(a.host()).isEqualTo("10.0.0.5");
    assertThat(a.port()).isEqualTo(623);
    assertThat(a).hasToString("ipmi://admin@10.0.0.5:623");
  }

  @Test
  void parsesHostNameAndPort() {
    BmcAddress a = BmcAddress.parse("ipmi://root@n01-bmc.example.org:6230");
    assertThat(a.host()).isEqualTo("n01-bmc.example.org");
    assertThat(a.port()).isEqualTo(6230);
    assertThat(a.hostPort()).isEqualTo("n01-bmc.example.org:6230");
  }

  @Test
  void parsesBracketedIpv6() {
    BmcAddress a = BmcAddress.parse("ipmi://admin@[fd00::5]:1623");
    assertThat(a.host()).isEqualTo("fd00::5");
    assertThat(a.isIpv6()).isTrue();
    assertThat(a.port()).isEqualTo(1623);
    assertThat(a).hasToString("ipmi://admin@[fd00::5]:1623");
    assertThat(BmcAddress.parse("ipmi://admin@[::1]").port()).isEqualTo(623);
  }

  @Test
  void equalAddressesAreEqual() {
    assertThat(BmcAddress.parse("ipmi://a@h1:623")).isEqualTo(BmcAddress.parse("ipmi://a@h1"));
  }

  @Test
  void refusesAPasswordInTheAddressWithoutShowingIt() {
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://admin:s3cret@10.0.0.5"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("never holds the password")
        .hasMessageContaining("ipmi://admin:****@10.0.0.5")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void namesTheFieldAndTheFix() {
    assertThatThrownBy(() -> BmcAddress.parse("--bmc", "10.0.0.5"))
        .hasMessageStartingWith("--bmc '10.0.0.5': ")
        .hasMessageContaining("starts with ipmi://")
        .hasMessageContaining("like ipmi://admin@10.0.0.5");
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://10.0.0.5"))
        .hasMessageContaining("names the user to log in as before an @");
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://@10.0.0.5"))
        .hasMessageContaining("the user before the @ is empty");
  }

  @Test
  void refusesBadHosts() {
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://a@10.0.0.300"))
        .hasMessageContaining("its host each IPv4 number is 0-255");
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://a@bad_host"))
        .hasMessageContaining("its host a host name is");
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://a@"))
        .hasMessageContaining("the host after the @ is empty");
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://a@fd00::5"))
        .hasMessageContaining("an IPv6 address goes in brackets");
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://a@[fd00::5"))
        .hasMessageContaining("closed by ]");
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://a@[example.org]"))
        .hasMessageContaining("not an IPv6 address");
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://a@[fd00::5]x"))
        .hasMessageContaining("only :PORT may follow");
  }

  @Test
  void refusesPortsOutside1To65535() {
    for (String port : new String[] {"0", "65536", "", "x", "-1", "999999"}) {
      assertThatThrownBy(() -> BmcAddress.parse("ipmi://a@h:" + port))
          .as(port)
          .hasMessageContaining("the port after the host is 1-65535 (default 623)");
    }
    assertThat(BmcAddress.parse("ipmi://a@h:65535").port()).isEqualTo(65535);
    assertThat(BmcAddress.parse("ipmi://a@h:1").port()).isEqualTo(1);
  }

  @Test
  void refusesUserNamesIpmiCannotCarry() {
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://abcdefghijklmnopq@h"))
        .hasMessageContaining("at most 16 bytes");
    assertThat(BmcAddress.parse("ipmi://abcdefghijklmnop@h").user()).hasSize(16);
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://a b@h")).hasMessageContaining("no spaces");
    assertThatThrownBy(() -> BmcAddress.parse("ipmi://a\nb@h"))
        .hasMessageContaining("\\x0a")
        .hasMessageNotContaining("\n");
  }
}
