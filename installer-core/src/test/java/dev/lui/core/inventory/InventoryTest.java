package dev.lui.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.ErrorKind;
import dev.lui.core.Fixtures;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeState;
import dev.lui.core.domain.Resource;
import dev.lui.core.plan.DiskChoice;
import dev.lui.core.store.MemoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {
  @TempDir Path dir;
  final MemoryStore store = new MemoryStore();
  final List<Change> published = new ArrayList<>();
  boolean failPublication;
  Inventory inventory;

  @BeforeEach
  void setUp() {
    inventory =
        new Inventory(
            store,
            change -> {
              if (failPublication) {
                throw LuiException.failed("dhcpd -t rejected the file");
              }
              published.add(change);
            },
            Clock.systemUTC());
  }

  @Test
  void definesAnArmedNodeAndPublishesItsToken() {
    Node n = inventory.defineNodes(List.of(Fixtures.spec(1))).get(0);
    assertThat(n.status().state()).isEqualTo(NodeState.DEFINED);
    assertThat(n.hostname()).isEqualTo("n01");
    assertThat(published).singleElement().satisfies(c -> assertThat(c.armed()).containsKey("n01"));
    String token = published.get(0).armed().get("n01");
    assertThat(Tokens.matches(token, n.status().tokenHash())).isTrue();
  }

  @Test
  void refusesDuplicateMacIpNameAndHostnameNamingTheOwner() {
    inventory.defineNodes(List.of(Fixtures.spec(1)));
    NodeSpec base = Fixtures.spec(2);
    List<NodeSpec> clashes =
        List.of(
            with(base, "n01", base.mac(), base.ip(), Optional.empty()),
            with(base, base.name(), "52:54:00:00:00:01", base.ip(), Optional.empty()),
            with(base, base.name(), base.mac(), "10.0.0.11", Optional.empty()),
            with(base, base.name(), base.mac(), base.ip(), Optional.of("N01")));
    for (NodeSpec clash : clashes) {
      assertThatThrownBy(() -> inventory.defineNodes(List.of(clash)))
          .isInstanceOf(LuiException.class)
          .satisfies(e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.CONFLICT))
          .hasMessageContaining("n01");
    }
    assertThat(store.nodes()).hasSize(1);
  }

  @Test
  void aBatchWithOneBadRowDefinesNothing() {
    NodeSpec bad = with(Fixtures.spec(3), "n03", "52:54:00:00:00:0", "10.0.0.13", Optional.empty());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(Fixtures.spec(1), Fixtures.spec(2), bad)))
        .hasMessageStartingWith("node 3 (n03): --mac '52:54:00:00:00:0'");
    assertThat(store.nodes()).isEmpty();
    assertThat(published).isEmpty();
  }

  @Test
  void refusesDuplicatesWithinOneBatch() {
    NodeSpec twin = with(Fixtures.spec(2), "n02", "52:54:00:00:00:01", "10.0.0.12", Optional.empty());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(Fixtures.spec(1), twin)))
        .hasMessageContaining("earlier in this batch");
    assertThat(store.nodes()).isEmpty();
  }

  @Test
  void refusesAnOverlappingSubnetAndKeepsNothingOfTheBatch() {
    inventory.defineNodes(List.of(Fixtures.spec(1)));
    NodeSpec s = Fixtures.spec(2);
    NodeSpec wider = new NodeSpec(s.name(), s.mac(), "10.0.1.12", "255.255.0.0", Optional.empty(), s.hostname(), s.groups(), s.resources(), s.disk());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(Fixtures.spec(3), wider)))
        .isInstanceOf(LuiException.class)
        .hasMessageContaining("10.0.0.0/16").hasMessageContaining("10.0.0.0/24").hasMessageContaining("n01").hasMessageContaining("n02");
    assertThat(store.nodes()).extracting(Node::name).containsExactly("n01");
  }

  @Test
  void aFailedPublicationKeepsNothing() {
    failPublication = true;
    assertThatThrownBy(() -> inventory.defineNodes(List.of(Fixtures.spec(1)))).hasMessageContaining("dhcpd -t");
    assertThat(store.nodes()).isEmpty();
  }

  @Test
  void withoutAnIpTheOneAddressDnsHasForTheHostNameIsUsed() {
    Inventory withDns =
        new Inventory(store, change -> {}, Clock.systemUTC(), Optional.of(resolver(java.util.Map.of(
            "n01.cluster.example", List.of("10.0.0.11"),
            "n02.cluster.example", List.of(),
            "n03.cluster.example", List.of("10.0.0.13", "10.0.0.14")))), "cluster.example");
    assertThat(withDns.defineNodes(List.of(noIp(1))).get(0).ip()).hasToString("10.0.0.11");
    assertThatThrownBy(() -> withDns.defineNodes(List.of(noIp(2))))
        .hasMessage("--hostname 'n02.cluster.example': has no A record at test-dns; give --ip");
    assertThatThrownBy(() -> withDns.defineNodes(List.of(noIp(3)))).hasMessageContaining("has 2 A records");
    assertThatThrownBy(() -> inventory.defineNodes(List.of(noIp(4)))).hasMessageContaining("--dns-server");
  }

  private static NodeSpec noIp(int i) {
    NodeSpec s = Fixtures.spec(i);
    return new NodeSpec(s.name(), s.mac(), "", s.netmask(), Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty());
  }

  private static Inventory.HostResolver resolver(java.util.Map<String, List<String>> answers) {
    return new Inventory.HostResolver() {
      @Override
      public List<String> addresses(String fqdn) {
        return answers.getOrDefault(fqdn, List.of());
      }

      @Override
      public String describe() {
        return "test-dns";
      }
    };
  }

  @Test
  void refusesAGatewayOutsideTheSubnet() {
    NodeSpec s = Fixtures.spec(1);
    NodeSpec bad = new NodeSpec(s.name(), s.mac(), s.ip(), s.netmask(), Optional.of("10.0.1.1"), s.hostname(), s.groups(), s.resources(), s.disk());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(bad)))
        .hasMessage("--gateway '10.0.1.1': the gateway must be inside the node's subnet 10.0.0.0/24");
  }

  @Test
  void refusesTheNetworkAddressAsNodeIp() {
    NodeSpec bad = with(Fixtures.spec(1), "n01", "52:54:00:00:00:01", "10.0.0.0", Optional.empty());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(bad))).hasMessageContaining("network or broadcast");
  }

  @Test
  void refusesAnUndefinedGroupWithAHint() {
    assertThatThrownBy(() -> inventory.defineNodes(List.of(Fixtures.spec(1, "compute"))))
        .hasMessageContaining("lui define-group compute");
  }

  @Test
  void asksForAHostnameWhenTheNameIsNotOne() {
    NodeSpec s = Fixtures.spec(1);
    NodeSpec underscore = new NodeSpec("n_01", s.mac(), s.ip(), s.netmask(), s.gateway(), Optional.empty(), List.of(), List.of(), Optional.empty());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(underscore))).hasMessageContaining("give --hostname");
  }

  @Test
  void refusesABadDiskSelector() {
    NodeSpec s = Fixtures.spec(1);
    NodeSpec bad = new NodeSpec(s.name(), s.mac(), s.ip(), s.netmask(), s.gateway(), s.hostname(), List.of(), List.of(), Optional.of("colour=red"));
    assertThatThrownBy(() -> inventory.defineNodes(List.of(bad))).hasMessageStartingWith("--disk 'colour=red'");
  }

  @Test
  void theDiskIsTheNodesOwnElseItsFirstGroupsElseItsPartitionTablesElseTheDefault() throws IOException {
    inventory.defineGroup("plain");
    inventory.defineGroup("gpu", Optional.of("size=1T..2T"));
    inventory.defineGroup("compute", Optional.of("serial=ABC"));
    Path parts = Files.writeString(dir.resolve("big.parts"),
        "label gpt\n1 1M none - bios_grub\n2 rest ext4 /\ndisk size=200G..300G   # the data disk is larger\n");
    inventory.defineResource(new ResourceSpec("big", "partition-table", Optional.of(parts.toString()), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    NodeSpec s1 = Fixtures.spec(1, "plain", "gpu", "compute");
    NodeSpec own = new NodeSpec(s1.name(), s1.mac(), s1.ip(), s1.netmask(), s1.gateway(), s1.hostname(),
        s1.groups(), List.of(), Optional.of("wwn=0x5000c500a1b2c3d4"));
    inventory.defineNodes(List.of(own, Fixtures.spec(2, "plain", "gpu", "compute"), Fixtures.spec(3, "plain"),
        Fixtures.spec(4)));
    inventory.allocate(List.of("big"), List.of("n03"));

    assertThat(inventory.diskFor(inventory.node("n01"))).isEqualTo(new DiskChoice("wwn=0x5000c500a1b2c3d4", "node"));
    assertThat(inventory.diskFor(inventory.node("n02"))).isEqualTo(new DiskChoice("size=1T..2T", "group gpu"));
    assertThat(inventory.diskFor(inventory.node("n03"))).isEqualTo(new DiskChoice("size=200G..300G", "partition-table big"));
    assertThat(inventory.diskFor(inventory.node("n04"))).isEqualTo(new DiskChoice("path=/dev/sda", "default"));
    assertThat(inventory.node("n04").disk()).as("the default is not stored: a later group disk applies").isEmpty();
  }

  @Test
  void refusesABadGroupDiskAndABadTableDiskLineNamingTheLine() throws IOException {
    assertThatThrownBy(() -> inventory.defineGroup("gpu", Optional.of("size=2T..1T")))
        .hasMessageStartingWith("--disk 'size=2T..1T'");
    assertThat(store.groups()).isEmpty();
    Path parts = Files.writeString(dir.resolve("bad.parts"), "1 rest ext4 /\ndisk size=200G .. 300G\n");
    assertThatThrownBy(() -> inventory.defineResource(new ResourceSpec("bad", "partition-table",
        Optional.of(parts.toString()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty())))
        .hasMessageContaining("bad.parts line 2").hasMessageContaining("write 'disk SELECTOR'");
    assertThat(store.resources()).isEmpty();
  }

  @Test
  void resolvesGroupResourcesInAllocationOrderOnce() throws IOException {
    inventory.defineGroup("compute");
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute")));
    inventory.defineResource(tarball("base"));
    inventory.defineResource(file("motd"));
    inventory.allocate(List.of("base", "motd"), List.of("compute"));
    inventory.allocate(List.of("motd"), List.of("n01"));
    assertThat(inventory.resourcesFor(inventory.node("n01"))).extracting(Resource::name).containsExactly("base", "motd");
    assertThat(published.get(published.size() - 1).refreshed()).containsExactly("n01");
  }

  @Test
  void refusesASecondPartitionTableForOneNodeAndKeepsTheAllocationsAsTheyWere() throws IOException {
    inventory.defineGroup("compute");
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute")));
    inventory.defineResource(table("t1"));
    inventory.defineResource(table("t2"));
    inventory.allocate(List.of("t1"), List.of("compute"));
    assertThatThrownBy(() -> inventory.allocate(List.of("t2"), List.of("n01")))
        .hasMessageContaining("2 partition tables")
        .hasMessageContaining("t1 (from group compute)");
    assertThat(store.allocations()).hasSize(1);
  }

  @Test
  void refusesToRemoveAnAllocatedResource() throws IOException {
    inventory.defineGroup("compute");
    inventory.defineResource(file("motd"));
    inventory.allocate(List.of("motd"), List.of("compute"));
    assertThatThrownBy(() -> inventory.removeResource("motd")).hasMessageContaining("lui deallocate motd");
    inventory.deallocate(List.of("motd"), List.of("compute"));
    inventory.removeResource("motd");
    assertThat(store.resources()).isEmpty();
  }

  @Test
  void removingAGroupTakesItsMembersOutAndRefreshesThem() {
    inventory.defineGroup("compute");
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute")));
    assertThat(inventory.removeGroup("compute")).containsExactly("n01");
    assertThat(inventory.node("n01").groups()).isEmpty();
  }

  @Test
  void aGroupCannotShareANodeName() {
    inventory.defineNodes(List.of(Fixtures.spec(1)));
    assertThatThrownBy(() -> inventory.defineGroup("n01")).hasMessageContaining("already a node name");
  }

  @Test
  void installRearmsEveryMemberWithAFreshToken() {
    inventory.defineGroup("compute");
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute"), Fixtures.spec(2, "compute")));
    String before = inventory.node("n01").status().tokenHash();
    assertThat(inventory.install(List.of("compute"))).extracting(Node::name).containsExactly("n01", "n02");
    assertThat(inventory.node("n01").status().tokenHash()).isNotEqualTo(before);
  }

  @Test
  void fileResourcesChecksumTheirSourceAndRefuseOptionsOfOtherTypes() throws IOException {
    Resource r = inventory.defineResource(file("motd"));
    assertThat(r.blobs().get(0).sha256()).hasSize(64);
    ResourceSpec wrong =
        new ResourceSpec("k", "tarball", Optional.of(write("x.tgz").toString()), Optional.of("/etc/x"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> inventory.defineResource(wrong)).hasMessage("--target '/etc/x': does not apply to a tarball resource");
  }

  @Test
  void refusesAMissingSourceAndARelativeTarget() throws IOException {
    ResourceSpec missing = new ResourceSpec("m", "script", Optional.of(dir.resolve("nope.sh").toString()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> inventory.defineResource(missing)).hasMessageContaining("no such file on the server");
    ResourceSpec relative = new ResourceSpec("m", "file", Optional.of(write("m").toString()), Optional.of("etc/motd"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> inventory.defineResource(relative)).hasMessageStartingWith("--target 'etc/motd'");
    ResourceSpec dotdot = new ResourceSpec("m", "file", Optional.of(write("m").toString()), Optional.of("/etc/../shadow"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> inventory.defineResource(dotdot)).hasMessageStartingWith("--target '/etc/../shadow'");
  }

  private ResourceSpec tarball(String name) throws IOException {
    return new ResourceSpec(name, "tarball", Optional.of(write(name + ".tar.gz").toString()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private ResourceSpec file(String name) throws IOException {
    return new ResourceSpec(name, "file", Optional.of(write(name).toString()), Optional.of("/etc/" + name), Optional.of("0644"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private ResourceSpec table(String name) throws IOException {
    Path p = dir.resolve(name + ".parts");
    Files.writeString(p, "1 1M none - bios_grub\n2 rest ext4 /\n");
    return new ResourceSpec(name, "partition-table", Optional.of(p.toString()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private Path write(String name) throws IOException {
    return Files.writeString(dir.resolve(name), "content of " + name + "\n");
  }

  private static NodeSpec with(NodeSpec s, String name, String mac, String ip, Optional<String> hostname) {
    return new NodeSpec(name, mac, ip, s.netmask(), s.gateway(), hostname, s.groups(), s.resources(), s.disk());
  }
}
