package dev.lui.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.PlanCodec;
import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Network;
import dev.lui.core.domain.Node;
import dev.lui.core.identity.InstallTokens;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.PlanCompiler;
import dev.lui.core.store.MemoryStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Networks (#14): define, list, remove; how nodes are placed on them; what reaches the plan. */
class NetworkInventoryTest {
  final MemoryStore store = new MemoryStore();
  Inventory inventory;

  @BeforeEach
  void setUp() {
    Publication direct =
        new Publication() {
          @Override
          public <T> T commit(
              dev.lui.core.store.Store s, java.util.function.Supplier<Outcome<T>> work) {
            return s.transaction(() -> work.get().value());
          }
        };
    inventory =
        new Inventory(
            store, direct, Clock.systemUTC(), InstallTokens.random(), Optional.empty(), "cluster");
  }

  static NetworkSpec net(String name, String cidr) {
    return new NetworkSpec(name, cidr, Optional.empty(), Optional.empty(), Optional.empty());
  }

  static NetworkSpec cluster() {
    return new NetworkSpec(
        "cluster",
        "10.0.0.0/24",
        Optional.of("10.0.0.1"),
        Optional.of(List.of("10.0.0.2", "10.0.0.3")),
        Optional.of("cluster.example.org"));
  }

  /** A node at {@code ip} with the given netmask ("" for none), gateway and network. */
  static NodeSpec node(
      int i, String ip, String netmask, Optional<String> gateway, Optional<String> network) {
    return new NodeSpec(
        String.format("n%02d", i),
        String.format("52:54:00:00:00:%02x", i),
        ip,
        netmask,
        gateway,
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        network,
        Optional.empty());
  }

  static NodeSpec node(int i, String ip) {
    return node(i, ip, "", Optional.empty(), Optional.empty());
  }

  LuiException refused(Runnable r) {
    try {
      r.run();
    } catch (LuiException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }

  @Test
  void definesListsAndRemovesNetworks() {
    Network c = inventory.defineNetwork(cluster());
    inventory.defineNetwork(net("ib", "10.1.0.0/16"));
    assertThat(store.networks()).extracting(Network::name).containsExactly("cluster", "ib");
    assertThat(inventory.network("cluster")).isEqualTo(c);
    assertThat(c.dns()).extracting(Object::toString).containsExactly("10.0.0.2", "10.0.0.3");
    inventory.removeNetwork("ib");
    assertThat(store.networks()).extracting(Network::name).containsExactly("cluster");
    assertThat(refused(() -> inventory.removeNetwork("ib")).kind()).isEqualTo(ErrorKind.NOT_FOUND);
  }

  @Test
  void refusesANameTakenAndANetworkThatIsNotItsOwnAddress() {
    inventory.defineNetwork(cluster());
    assertThat(refused(() -> inventory.defineNetwork(net("cluster", "10.9.0.0/24"))))
        .hasMessageContaining("network 'cluster' is already defined")
        .extracting(LuiException::kind)
        .isEqualTo(ErrorKind.CONFLICT);
    assertThat(refused(() -> inventory.defineNetwork(net("x", "10.9.0.5/24"))))
        .hasMessageContaining("10.9.0.0/24");
    assertThat(refused(() -> inventory.defineNetwork(net("x", "16.0.0.0/4"))))
        .hasMessageContaining("/8 to /30");
  }

  @Test
  void refusesOverlappingNetworksNamingBoth() {
    inventory.defineNetwork(cluster());
    LuiException e = refused(() -> inventory.defineNetwork(net("wide", "10.0.0.0/16")));
    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
    assertThat(e)
        .hasMessageContaining("network wide (10.0.0.0/16) overlaps network cluster (10.0.0.0/24)");
    assertThat(refused(() -> inventory.defineNetwork(net("narrow", "10.0.0.128/25"))))
        .hasMessageContaining("narrow (10.0.0.128/25) overlaps network cluster");
    inventory.defineNetwork(net("next", "10.0.1.0/24")); // adjacent: fine
  }

  @Test
  void aNodeInsideANetworkInheritsItsNetmaskAndGatewayAndRecordsIt() {
    inventory.defineNetwork(cluster());
    Node n = inventory.defineNodes(List.of(node(1, "10.0.0.11"))).get(0);
    assertThat(n.netmask()).hasToString("255.255.255.0");
    assertThat(n.gateway()).map(Object::toString).contains("10.0.0.1");
    assertThat(n.network()).contains("cluster");
    assertThat(store.node("n01").orElseThrow().network()).contains("cluster");
  }

  @Test
  void aNodeNamesItsNetwork() {
    inventory.defineNetwork(cluster());
    Node n =
        inventory
            .defineNodes(
                List.of(node(1, "10.0.0.11", "", Optional.empty(), Optional.of("cluster"))))
            .get(0);
    assertThat(n.network()).contains("cluster");
    assertThat(
            refused(
                () ->
                    inventory.defineNodes(
                        List.of(
                            node(2, "10.5.0.11", "", Optional.empty(), Optional.of("cluster"))))))
        .hasMessageContaining("--ip '10.5.0.11': is outside network cluster (10.0.0.0/24)");
    assertThat(
            refused(
                () ->
                    inventory.defineNodes(
                        List.of(node(2, "10.0.0.12", "", Optional.empty(), Optional.of("nope"))))))
        .hasMessageContaining("no such network")
        .hasMessageContaining("lui define-network nope");
  }

  @Test
  void explicitValuesThatAgreeAreAcceptedAndOnesThatDisagreeRefusedNamingBoth() {
    inventory.defineNetwork(cluster());
    inventory.defineNodes(
        List.of(node(1, "10.0.0.11", "255.255.255.0", Optional.of("10.0.0.1"), Optional.empty())));
    assertThat(
            refused(
                () ->
                    inventory.defineNodes(
                        List.of(
                            node(
                                2,
                                "10.0.0.12",
                                "255.255.0.0",
                                Optional.empty(),
                                Optional.empty())))))
        .hasMessageContaining("--netmask '255.255.0.0'")
        .hasMessageContaining(
            "disagrees with network cluster (10.0.0.0/24), whose netmask is 255.255.255.0");
    assertThat(
            refused(
                () ->
                    inventory.defineNodes(
                        List.of(
                            node(
                                2, "10.0.0.12", "", Optional.of("10.0.0.254"), Optional.empty())))))
        .hasMessageContaining("--gateway '10.0.0.254'")
        .hasMessageContaining("whose gateway is 10.0.0.1");
    assertThat(store.nodes()).extracting(Node::name).containsExactly("n01");
  }

  @Test
  void takesCidrWhereverANetmaskGoes() {
    Node n = inventory.defineNodes(List.of(node(1, "10.7.0.11/16"))).get(0);
    assertThat(n.ip()).hasToString("10.7.0.11");
    assertThat(n.netmask()).hasToString("255.255.0.0");
    assertThat(n.network()).isEmpty();
    inventory.defineNodes(
        List.of(node(2, "10.7.0.12/16", "255.255.0.0", Optional.empty(), Optional.empty())));
    assertThat(
            refused(
                () ->
                    inventory.defineNodes(
                        List.of(
                            node(
                                3,
                                "10.7.0.13/16",
                                "255.255.255.0",
                                Optional.empty(),
                                Optional.empty())))))
        .hasMessageContaining("--netmask '255.255.255.0': disagrees with --ip 10.7.0.13/16");
    assertThat(refused(() -> inventory.defineNodes(List.of(node(3, "10.7.0.13/33")))))
        .hasMessageContaining("--ip '10.7.0.13/33'");
  }

  @Test
  void aCidrOnANetworkMustMatchIt() {
    inventory.defineNetwork(cluster());
    inventory.defineNodes(List.of(node(1, "10.0.0.11/24")));
    assertThat(refused(() -> inventory.defineNodes(List.of(node(2, "10.0.0.12/16")))))
        .hasMessageContaining("disagrees with network cluster (10.0.0.0/24)");
  }

  @Test
  void aNodeOnNoNetworkKeepsItsOwnValuesAndWithoutANetmaskIsToldToDefineANetwork() {
    inventory.defineNetwork(cluster());
    Node own =
        inventory
            .defineNodes(
                List.of(
                    node(
                        1,
                        "10.9.0.11",
                        "255.255.255.0",
                        Optional.of("10.9.0.1"),
                        Optional.empty())))
            .get(0);
    assertThat(own.network()).isEmpty();
    assertThat(own.gateway()).map(Object::toString).contains("10.9.0.1");
    assertThat(refused(() -> inventory.defineNodes(List.of(node(2, "10.9.0.12")))))
        .hasMessageContaining("--netmask '': required, like 255.255.255.0")
        .hasMessageContaining("or define a network containing 10.9.0.12")
        .extracting(LuiException::kind)
        .isEqualTo(ErrorKind.INVALID_INPUT);
  }

  @Test
  void removingANetworkInUseIsRefusedNamingItsNodesFolded() {
    inventory.defineNetwork(cluster());
    inventory.defineNodes(
        List.of(
            node(1, "10.0.0.11"),
            node(2, "10.0.0.12"),
            node(3, "10.0.0.13"),
            node(7, "10.0.0.17")));
    assertThat(refused(() -> inventory.removeNetwork("cluster")))
        .hasMessageContaining("network cluster is used by 4 nodes: n[01-03,07]")
        .extracting(LuiException::kind)
        .isEqualTo(ErrorKind.CONFLICT);
    assertThat(store.network("cluster")).isPresent();
    inventory.removeNodes(
        dev.lui.core.domain.NodeSet.parse("remove", List.of("n[01-03,07]"), Optional.empty()),
        true);
    inventory.removeNetwork("cluster");
    assertThat(store.networks()).isEmpty();
  }

  @Test
  void thePlanCarriesTheNetworksDnsServersAndSearchDomain() throws Exception {
    inventory.defineNetwork(cluster());
    inventory.defineNetwork(net("bare", "10.1.0.0/24"));
    inventory.defineNodes(List.of(node(1, "10.0.0.11"), node(2, "10.1.0.11")));
    Catalog catalog = Catalog.of(store);
    PlanCompiler compiler =
        new PlanCompiler("http://10.0.0.1:8080", dev.lui.contract.plan.Finish.REBOOT);
    Node n1 = store.node("n01").orElseThrow();
    InstallPlan plan =
        compiler.compile(
            n1, catalog.groupsOf(n1), catalog.networkOf(n1), catalog.resourcesFor(n1), List.of());
    assertThat(plan.node().nameservers()).containsExactly("10.0.0.2", "10.0.0.3");
    assertThat(plan.node().searchDomains()).containsExactly("cluster.example.org");
    assertThat(PlanCodec.toJson(plan)).contains("\"nameservers\"").contains("cluster.example.org");
    // The agent's own rules accept it, and it reads back the same.
    assertThat(PlanCodec.fromJson(PlanCodec.toJson(plan)).node().searchDomains())
        .containsExactly("cluster.example.org");

    Node n2 = store.node("n02").orElseThrow();
    InstallPlan bare =
        compiler.compile(
            n2, catalog.groupsOf(n2), catalog.networkOf(n2), catalog.resourcesFor(n2), List.of());
    assertThat(bare.node().nameservers()).isEmpty();
    assertThat(bare.node().searchDomains()).isEmpty();
  }
}
