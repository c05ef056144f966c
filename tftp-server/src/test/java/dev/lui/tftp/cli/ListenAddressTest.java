package dev.lui.tftp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ListenAddressTest {
  @Test
  void parsesHostAndPort() throws Exception {
    assertThat(ListenAddress.parse("127.0.0.1:1069"))
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1069));
  }

  @Test
  void parsesBracketedIpv6() throws Exception {
    assertThat(ListenAddress.parse("[::1]:69"))
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 69));
  }

  @Test
  void rejectsBadAddressesNamingThem() {
    assertThatThrownBy(() -> ListenAddress.parse("::1:69")).hasMessageContaining("[::1]:PORT");
    assertThatThrownBy(() -> ListenAddress.parse("[::1]69")).hasMessageContaining("[IPV6]:PORT");
    assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:99999")).hasMessageContaining("99999");
    assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:x")).hasMessageContaining("'x'");
  }

  @Test
  void aBadPortIsARefusedSettingNamingTheFlag() {
    assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:99999"))
        .isInstanceOfSatisfying(
            InvalidValueException.class,
            e -> {
              assertThat(e.field()).isEqualTo("--listen port");
              assertThat(e.value()).isEqualTo("99999");
            })
        .hasMessage("--listen port 99999 is not in 0..65535");
  }
}
