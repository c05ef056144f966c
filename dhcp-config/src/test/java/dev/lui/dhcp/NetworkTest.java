package dev.lui.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class NetworkTest {
  private static Inet4Address ip(String s) throws Exception {
    return (Inet4Address) InetAddress.getByName(s);
  }

  @Test
  void containsExactlyTheAddressesUnderItsMask() throws Exception {
    DhcpHosts.Network net = new DhcpHosts.Network(ip("10.1.0.0"), ip("255.255.240.0"));

    assertThat(net.contains(ip("10.1.0.0"))).isTrue();
    assertThat(net.contains(ip("10.1.15.255"))).isTrue();
    assertThat(net.contains(ip("10.1.16.0"))).isFalse();
    assertThat(net.contains(ip("10.0.255.255"))).isFalse();
  }
}
