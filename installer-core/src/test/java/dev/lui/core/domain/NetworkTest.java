package dev.lui.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.LuiException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkTest {
  private static Network net(String cidr) {
    return Network.of("n", cidr, Optional.empty(), List.of(), Optional.empty());
  }

  @Test
  void aNetworkGivesItsNodesANetmaskAndKnowsItsAddresses() {
    Network n =
        Network.of(
            "cluster",
            "10.0.0.0/24",
            Optional.of("10.0.0.1"),
            List.of("10.0.0.2"),
            Optional.of("cluster.example.org"));
    assertThat(n.netmask()).hasToString("255.255.255.0");
    assertThat(n.contains(Values.ipv4("ip", "10.0.0.200"))).isTrue();
    assertThat(n.contains(Values.ipv4("ip", "10.0.1.1"))).isFalse();
    assertThat(n.dns()).extracting(Object::toString).containsExactly("10.0.0.2");
  }

  @Test
  void refusesACidrThatIsNotItsNetworksAddress() {
    assertThatThrownBy(() -> net("10.0.0.5/24"))
        .isInstanceOf(LuiException.class)
        .hasMessage("--cidr '10.0.0.5/24': give the network's own address: 10.0.0.0/24");
    assertThatThrownBy(() -> net("10.0.0.0")).hasMessageStartingWith("--cidr '10.0.0.0':");
    assertThatThrownBy(() -> net("10.0.0.0/31")).hasMessageContaining("at most /30");
  }

  @Test
  void refusesAGatewayOutsideOrAtTheEdgeOfTheNetwork() {
    for (String gw : List.of("10.0.1.1", "10.0.0.0", "10.0.0.255")) {
      assertThatThrownBy(
              () -> Network.of("n", "10.0.0.0/24", Optional.of(gw), List.of(), Optional.empty()))
          .hasMessage("--gateway '" + gw + "': must be a host address inside 10.0.0.0/24");
    }
  }

  @Test
  void refusesBadDnsServersAndDomains() {
    assertThatThrownBy(
            () ->
                Network.of(
                    "n", "10.0.0.0/24", Optional.empty(), List.of("10.0.0.300"), Optional.empty()))
        .hasMessageStartingWith("--dns '10.0.0.300'");
    assertThatThrownBy(
            () ->
                Network.of(
                    "n", "10.0.0.0/24", Optional.empty(), List.of(), Optional.of("bad_domain")))
        .hasMessageStartingWith("--domain 'bad_domain'");
  }

  @Test
  void overlapsWhenTheyShareAnAddress() {
    assertThat(net("10.0.0.0/16").overlaps(net("10.0.1.0/24"))).isTrue();
    assertThat(net("10.0.1.0/24").overlaps(net("10.0.0.0/16"))).isTrue();
    assertThat(net("10.0.0.0/24").overlaps(net("10.0.1.0/24"))).isFalse();
  }
}
