package dev.lui.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.ErrorKind;
import dev.lui.core.Fixtures;
import dev.lui.core.LuiException;
import dev.lui.core.content.ContentStore;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.domain.NodeState;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.domain.Sha256;
import dev.lui.core.identity.InstallTokens;
import dev.lui.core.identity.Tokens;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.DiskChoice;
import dev.lui.core.store.MemoryStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
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
  ContentStore contents;

  final InstallTokens tokens = InstallTokens.random();

  /** Records each change's touched nodes; fails "publishing" when asked, as dhcpd -t would. */
  final Publication recording =
      new Publication() {
        @Override
        public <T> T commit(
            dev.lui.core.store.Store s, java.util.function.Supplier<Outcome<T>> work) {
          return s.transaction(
              () -> {
                Outcome<T> o = work.get();
                if (failPublication) {
                  throw LuiException.failed("dhcpd -t rejected the file");
                }
                published.add(o.change());
                return o.value();
              });
        }
      };

  @BeforeEach
  void setUp() {
    contents = ContentStore.open(dir.resolve("content"));
    inventory =
        new Inventory(
            store, recording, Clock.systemUTC(), tokens, Optional.empty(), "cluster", contents);
  }

  @Test
  void aNodeWithoutASystemIsDefinedButNotArmed() {
    Node n = inventory.defineNodes(List.of(Fixtures.spec(1))).get(0);
    assertThat(n.status().state()).isEqualTo(NodeState.DEFINED);
    assertThat(n.hostname()).isEqualTo("n01");
    assertThat(published)
        .singleElement()
        .satisfies(c -> assertThat(c.nodes()).containsExactly("n01"));
    assertThat(Catalog.of(store).arming(n))
        .isEqualTo(
            new Arming(
                false,
                false,
                Optional.of(
                    "its plan installs no system; allocate a tarball, rpm-list or deb-list")));
  }

  @Test
  void aNodeWhoseGroupHasATarballIsArmedAndItsTokenDerivesFromItsArmId() {
    inventory.defineGroup("compute");
    inventory.defineResource(tarball("base"));
    inventory.allocate(List.of("base"), List.of("compute"));
    Node n = inventory.defineNodes(List.of(Fixtures.spec(1, "compute"))).get(0);
    assertThat(Catalog.of(store).arming(n).armed()).isTrue();
    assertThat(n.status().armId()).isNotEmpty();
    assertThat(Tokens.matches(tokens.token("n01", n.status().armId()), n.status().tokenHash()))
        .isTrue();
    assertThat(store.sshHostKeys("n01"))
        .as("made at its agent's first plan fetch, not at define")
        .isEmpty();
  }

  @Test
  void keepsANodesBmcAndRefusesOneWithAPasswordNamingTheField() {
    NodeSpec s = Fixtures.spec(1);
    Node n = inventory.defineNodes(List.of(withBmc(s, "ipmi://admin@10.0.0.201:6230"))).get(0);
    assertThat(n.bmc().orElseThrow()).hasToString("ipmi://admin@10.0.0.201:6230");
    assertThatThrownBy(
            () ->
                inventory.defineNodes(
                    List.of(withBmc(Fixtures.spec(2), "ipmi://admin:hunter2@10.0.0.202"))))
        .isInstanceOf(LuiException.class)
        .hasMessageContaining("--bmc")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () -> inventory.defineNodes(List.of(withBmc(Fixtures.spec(3), "10.0.0.203"))))
        .isInstanceOf(LuiException.class)
        .hasMessageStartingWith("--bmc");
    assertThat(store.node("n02")).isEmpty();
  }

  private static NodeSpec withBmc(NodeSpec s, String bmc) {
    return new NodeSpec(
        s.name(),
        s.mac(),
        s.ip(),
        s.netmask(),
        s.gateway(),
        s.hostname(),
        s.groups(),
        s.resources(),
        s.disk(),
        s.afterInstall(),
        Optional.empty(),
        Optional.of(bmc));
  }

  @Test
  void allocatingASystemArmsTheNodesThatHadNone() {
    inventory.defineGroup("compute");
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute"), Fixtures.spec(2)));
    inventory.defineResource(tarball("base"));
    Inventory.AllocationChange c = inventory.allocate(List.of("base"), List.of("compute"));
    assertThat(c.armed()).containsExactly("n01");
    assertThat(Catalog.of(store).arming(inventory.node("n02")).armed()).isFalse();
  }

  @Test
  void installRefusesANodeWhosePlanInstallsNoSystemAndArmsNothing() {
    inventory.defineGroup("compute");
    inventory.defineResource(tarball("base"));
    inventory.allocate(List.of("base"), List.of("compute"));
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute"), Fixtures.spec(2)));
    String before = inventory.node("n01").status().armId();
    assertThatThrownBy(() -> inventory.install(List.of("n01", "n02")))
        .isInstanceOf(LuiException.class)
        .satisfies(e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessage(
            "node n02 cannot be armed: its plan installs no system; allocate a tarball, rpm-list or deb-list;"
                + " nothing was armed");
    assertThat(inventory.node("n01").status().armId()).isEqualTo(before);
  }

  @Test
  void removingAGroupThatDisarmsMembersNeedsConfirmationAndNamesThem() {
    inventory.defineGroup("compute");
    inventory.defineResource(tarball("base"));
    inventory.allocate(List.of("base"), List.of("compute"));
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute"), Fixtures.spec(2, "compute")));
    assertThatThrownBy(() -> inventory.removeGroup("compute", false))
        .isInstanceOf(LuiException.class)
        .satisfies(
            e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.CONFIRMATION_REQUIRED))
        .hasMessage(
            "removing group compute changes the install plan of 2 armed nodes: n01, n02; nothing was"
                + " changed. Confirm with --yes (API: ?yes=true)");
    assertThat(store.group("compute")).isPresent();
    assertThat(inventory.node("n01").groups()).containsExactly("compute");

    Inventory.GroupRemoval removal = inventory.removeGroup("compute", true);
    assertThat(removal.members()).containsExactly("n01", "n02");
    assertThat(removal.disarmed()).containsExactly("n01", "n02");
    assertThat(Catalog.of(store).arming(inventory.node("n01")).armed()).isFalse();
  }

  @Test
  void deallocatingFromArmedNodesAndChangingAGroupDiskNeedConfirmation() {
    inventory.defineGroup("compute");
    inventory.defineResource(tarball("base"));
    inventory.defineResource(file("motd"));
    inventory.allocate(List.of("base", "motd"), List.of("compute"));
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute")));
    assertThatThrownBy(() -> inventory.deallocate(List.of("motd"), List.of("compute")))
        .hasMessageStartingWith("deallocating motd changes the install plan of 1 armed node: n01;");
    assertThat(store.allocations()).hasSize(2);
    assertThatThrownBy(() -> inventory.setGroupDisk("compute", Optional.of("size=1T..2T")))
        .hasMessageStartingWith(
            "setting the disk of group compute changes the install plan of 1 armed node: n01;");
    assertThat(store.group("compute").orElseThrow().disk()).isEmpty();

    assertThat(inventory.deallocate(List.of("motd"), List.of("compute"), true).disarmed())
        .isEmpty();
    inventory.setGroupDisk("compute", Optional.of("size=1T..2T"), true);
    assertThat(inventory.diskFor(inventory.node("n01")).selector()).isEqualTo("size=1T..2T");
  }

  @Test
  void changesToNodesThatAreNotArmedNeedNoConfirmation() {
    inventory.defineGroup("compute");
    inventory.defineResource(file("motd"));
    inventory.allocate(List.of("motd"), List.of("compute"));
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute")));
    inventory.deallocate(List.of("motd"), List.of("compute"));
    assertThat(inventory.removeGroup("compute").members()).containsExactly("n01");
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
    assertThatThrownBy(
            () -> inventory.defineNodes(List.of(Fixtures.spec(1), Fixtures.spec(2), bad)))
        .hasMessageStartingWith("node 3 (n03): --mac '52:54:00:00:00:0'");
    assertThat(store.nodes()).isEmpty();
    assertThat(published).isEmpty();
  }

  @Test
  void refusesDuplicatesWithinOneBatch() {
    NodeSpec twin =
        with(Fixtures.spec(2), "n02", "52:54:00:00:00:01", "10.0.0.12", Optional.empty());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(Fixtures.spec(1), twin)))
        .hasMessageContaining("earlier in this batch");
    assertThat(store.nodes()).isEmpty();
  }

  @Test
  void refusesAnOverlappingSubnetAndKeepsNothingOfTheBatch() {
    inventory.defineNodes(List.of(Fixtures.spec(1)));
    NodeSpec s = Fixtures.spec(2);
    NodeSpec wider =
        new NodeSpec(
            s.name(),
            s.mac(),
            "10.0.1.12",
            "255.255.0.0",
            Optional.empty(),
            s.hostname(),
            s.groups(),
            s.resources(),
            s.disk(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(Fixtures.spec(3), wider)))
        .isInstanceOf(LuiException.class)
        .hasMessageContaining("10.0.0.0/16")
        .hasMessageContaining("10.0.0.0/24")
        .hasMessageContaining("n01")
        .hasMessageContaining("n02");
    assertThat(store.nodes()).extracting(Node::name).containsExactly("n01");
  }

  @Test
  void aFailedPublicationKeepsNothing() {
    failPublication = true;
    assertThatThrownBy(() -> inventory.defineNodes(List.of(Fixtures.spec(1))))
        .hasMessageContaining("dhcpd -t");
    assertThat(store.nodes()).isEmpty();
  }

  @Test
  void withoutAnIpTheOneAddressDnsHasForTheHostNameIsUsed() {
    Inventory withDns =
        new Inventory(
            store,
            Publication.NONE,
            Clock.systemUTC(),
            tokens,
            Optional.of(
                resolver(
                    java.util.Map.of(
                        "n01.cluster.example", List.of("10.0.0.11"),
                        "n02.cluster.example", List.of(),
                        "n03.cluster.example", List.of("10.0.0.13", "10.0.0.14")))),
            "cluster.example",
            dev.lui.core.content.Contents.NONE);
    assertThat(withDns.defineNodes(List.of(noIp(1))).get(0).ip()).hasToString("10.0.0.11");
    assertThatThrownBy(() -> withDns.defineNodes(List.of(noIp(2))))
        .hasMessage("--hostname 'n02.cluster.example': has no A record at test-dns; give --ip");
    assertThatThrownBy(() -> withDns.defineNodes(List.of(noIp(3))))
        .hasMessageContaining("has 2 A records");
    assertThatThrownBy(() -> inventory.defineNodes(List.of(noIp(4))))
        .hasMessageContaining("--dns-server");
  }

  private static NodeSpec noIp(int i) {
    NodeSpec s = Fixtures.spec(i);
    return new NodeSpec(
        s.name(),
        s.mac(),
        "",
        s.netmask(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
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
    NodeSpec bad =
        new NodeSpec(
            s.name(),
            s.mac(),
            s.ip(),
            s.netmask(),
            Optional.of("10.0.1.1"),
            s.hostname(),
            s.groups(),
            s.resources(),
            s.disk(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(bad)))
        .hasMessage(
            "--gateway '10.0.1.1': the gateway must be inside the node's subnet 10.0.0.0/24");
  }

  @Test
  void refusesTheNetworkAddressAsNodeIp() {
    NodeSpec bad = with(Fixtures.spec(1), "n01", "52:54:00:00:00:01", "10.0.0.0", Optional.empty());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(bad)))
        .hasMessageContaining("network or broadcast");
  }

  @Test
  void refusesAnUndefinedGroupWithAHint() {
    assertThatThrownBy(() -> inventory.defineNodes(List.of(Fixtures.spec(1, "compute"))))
        .hasMessageContaining("lui define-group compute");
  }

  @Test
  void asksForAHostnameWhenTheNameIsNotOne() {
    NodeSpec s = Fixtures.spec(1);
    NodeSpec underscore =
        new NodeSpec(
            "n_01",
            s.mac(),
            s.ip(),
            s.netmask(),
            s.gateway(),
            Optional.empty(),
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(underscore)))
        .hasMessageContaining("give --hostname");
  }

  @Test
  void refusesABadDiskSelector() {
    NodeSpec s = Fixtures.spec(1);
    NodeSpec bad =
        new NodeSpec(
            s.name(),
            s.mac(),
            s.ip(),
            s.netmask(),
            s.gateway(),
            s.hostname(),
            List.of(),
            List.of(),
            Optional.of("colour=red"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThatThrownBy(() -> inventory.defineNodes(List.of(bad)))
        .hasMessageStartingWith("--disk 'colour=red'");
  }

  @Test
  void theDiskIsTheNodesOwnElseItsFirstGroupsElseItsPartitionTablesElseTheDefault() {
    inventory.defineGroup("plain");
    inventory.defineGroup("gpu", Optional.of("size=1T..2T"));
    inventory.defineGroup("compute", Optional.of("serial=ABC"));
    Blob parts =
        upload(
            "big.parts",
            "label gpt\n1 1M none - bios_grub\n2 rest ext4 /\ndisk size=200G..300G   # the data disk is larger\n");
    inventory.defineResource(spec("big", "partition-table", parts));
    NodeSpec s1 = Fixtures.spec(1, "plain", "gpu", "compute");
    NodeSpec own =
        new NodeSpec(
            s1.name(),
            s1.mac(),
            s1.ip(),
            s1.netmask(),
            s1.gateway(),
            s1.hostname(),
            s1.groups(),
            List.of(),
            Optional.of("wwn=0x5000c500a1b2c3d4"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    inventory.defineNodes(
        List.of(
            own,
            Fixtures.spec(2, "plain", "gpu", "compute"),
            Fixtures.spec(3, "plain"),
            Fixtures.spec(4)));
    inventory.allocate(List.of("big"), List.of("n03"));

    assertThat(inventory.diskFor(inventory.node("n01")))
        .isEqualTo(new DiskChoice("wwn=0x5000c500a1b2c3d4", "node"));
    assertThat(inventory.diskFor(inventory.node("n02")))
        .isEqualTo(new DiskChoice("size=1T..2T", "group gpu"));
    assertThat(inventory.diskFor(inventory.node("n03")))
        .isEqualTo(new DiskChoice("size=200G..300G", "partition-table big"));
    assertThat(inventory.diskFor(inventory.node("n04")))
        .isEqualTo(new DiskChoice("path=/dev/sda", "default"));
    assertThat(inventory.node("n04").disk())
        .as("the default is not stored: a later group disk applies")
        .isEmpty();
  }

  @Test
  void refusesABadGroupDiskAndABadTableDiskLineNamingTheLine() {
    assertThatThrownBy(() -> inventory.defineGroup("gpu", Optional.of("size=2T..1T")))
        .hasMessageStartingWith("--disk 'size=2T..1T'");
    assertThat(store.groups()).isEmpty();
    Blob parts = upload("bad.parts", "1 rest ext4 /\ndisk size=200G .. 300G\n");
    assertThatThrownBy(() -> inventory.defineResource(spec("bad", "partition-table", parts)))
        .hasMessageContaining("bad.parts line 2")
        .hasMessageContaining("write 'disk SELECTOR'");
    assertThat(store.resources()).isEmpty();
  }

  @Test
  void resolvesGroupResourcesInAllocationOrderOnce() {
    inventory.defineGroup("compute");
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute")));
    inventory.defineResource(tarball("base"));
    inventory.defineResource(file("motd"));
    inventory.allocate(List.of("base", "motd"), List.of("compute"));
    inventory.allocate(List.of("motd"), List.of("n01"));
    assertThat(inventory.resourcesFor(inventory.node("n01")))
        .extracting(Resource::name)
        .containsExactly("base", "motd");
    assertThat(published.get(published.size() - 1).nodes()).containsExactly("n01");
  }

  @Test
  void refusesASecondPartitionTableForOneNodeAndKeepsTheAllocationsAsTheyWere() {
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
  void refusesToRemoveAnAllocatedResource() {
    inventory.defineGroup("compute");
    inventory.defineResource(file("motd"));
    inventory.allocate(List.of("motd"), List.of("compute"));
    assertThatThrownBy(() -> inventory.removeResource("motd"))
        .hasMessageContaining("lui deallocate motd");
    inventory.deallocate(List.of("motd"), List.of("compute"));
    inventory.removeResource("motd");
    assertThat(store.resources()).isEmpty();
  }

  @Test
  void removingAGroupTakesItsMembersOutAndRefreshesThem() {
    inventory.defineGroup("compute");
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute")));
    assertThat(inventory.removeGroup("compute").members()).containsExactly("n01");
    assertThat(inventory.node("n01").groups()).isEmpty();
  }

  @Test
  void aGroupCannotShareANodeName() {
    inventory.defineNodes(List.of(Fixtures.spec(1)));
    assertThatThrownBy(() -> inventory.defineGroup("n01"))
        .hasMessageContaining("already a node name");
  }

  @Test
  void removingANodeSetIsOneTransactionAndAsksBeforeRemovingArmedNodes() {
    inventory.defineGroup("compute");
    inventory.defineResource(tarball("base"));
    inventory.allocate(List.of("base"), List.of("compute"));
    inventory.defineNodes(
        List.of(Fixtures.spec(1, "compute"), Fixtures.spec(2, "compute"), Fixtures.spec(3)));
    inventory.allocate(List.of("base"), List.of("n03"));
    published.clear();
    NodeSet range = NodeSet.parse("nodes", List.of("n[01-03]"), Optional.empty());
    assertThatThrownBy(() -> inventory.removeNodes(range, false))
        .hasMessage(
            "removing n[01-03] removes 3 armed nodes: n[01-03]; nothing was changed. Confirm with"
                + " --yes (API: ?yes=true)")
        .satisfies(
            e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.CONFIRMATION_REQUIRED));
    assertThat(store.nodes()).hasSize(3);
    assertThat(inventory.removeNodes(range, true)).containsExactly("n01", "n02", "n03");
    assertThat(store.nodes()).isEmpty();
    assertThat(store.allocations()).extracting(a -> a.target()).containsExactly("compute");
    assertThat(published)
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.removed())
                    .extracting(Node::name)
                    .containsExactly("n01", "n02", "n03"));
  }

  @Test
  void removingNodesNamedOneByOneNeedsNoConfirmation() {
    inventory.defineResource(tarball("base"));
    inventory.defineNodes(List.of(Fixtures.spec(1), Fixtures.spec(2)));
    inventory.allocate(List.of("base"), List.of("n01", "n02"));
    assertThat(
            inventory.removeNodes(
                NodeSet.parse("nodes", List.of("n01", "n02"), Optional.empty()), false))
        .containsExactly("n01", "n02");
  }

  @Test
  void installTakesANodeSetWithAStateFilter() {
    inventory.defineResource(tarball("base"));
    inventory.defineNodes(List.of(Fixtures.spec(1), Fixtures.spec(2)));
    inventory.allocate(List.of("base"), List.of("n01", "n02"));
    assertThat(
            inventory.install(
                NodeSet.parse("install", List.of("n[01-02]"), Optional.empty()), false))
        .extracting(Node::name)
        .containsExactly("n01", "n02");
    assertThatThrownBy(
            () ->
                inventory.install(
                    NodeSet.parse("install", List.of("n[01-02]"), Optional.of("failed")), false))
        .hasMessage("no node to install: n[01-02] in state failed selects none; nothing was armed");
  }

  @Test
  void installRearmsEveryMemberWithAFreshToken() {
    inventory.defineGroup("compute");
    inventory.defineResource(tarball("base"));
    inventory.allocate(List.of("base"), List.of("compute"));
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute"), Fixtures.spec(2, "compute")));
    String before = inventory.node("n01").status().tokenHash();
    assertThat(inventory.install(List.of("compute")))
        .extracting(Node::name)
        .containsExactly("n01", "n02");
    assertThat(inventory.node("n01").status().tokenHash()).isNotEqualTo(before);
  }

  @Test
  void eachArmingIsRecordedForTheNodesTimelineAndARefusedInstallRecordsNone() {
    inventory.defineGroup("compute");
    inventory.defineResource(tarball("base"));
    inventory.allocate(List.of("base"), List.of("compute"));
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute"), Fixtures.spec(2)));
    String first = inventory.node("n01").status().armId();
    assertThatThrownBy(() -> inventory.install(List.of("n01", "n02")))
        .hasMessageContaining("nothing was armed");
    inventory.install(List.of("n01"));
    String second = inventory.node("n01").status().armId();
    assertThat(store.nodeEvents("n01"))
        .extracting(dev.lui.core.store.NodeEvent::kind, dev.lui.core.store.NodeEvent::armId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(dev.lui.core.store.NodeEvent.Kind.ARMED, first),
            org.assertj.core.groups.Tuple.tuple(dev.lui.core.store.NodeEvent.Kind.ARMED, second));
  }

  @Test
  void aFileResourceIsItsUploadedContentAndRefusesOptionsOfOtherTypes() {
    Resource r = inventory.defineResource(file("motd"));
    assertThat(r.blobs().get(0).sha256()).isEqualTo(sha("content of motd\n"));
    assertThat(r.blobs().get(0).name()).isEqualTo("motd");
    ResourceSpec wrong = withTarget(spec("k", "tarball", upload("x.tgz", "x")), "/etc/x");
    assertThatThrownBy(() -> inventory.defineResource(wrong))
        .hasMessage("--target '/etc/x': does not apply to a tarball resource");
  }

  @Test
  void refusesContentNeverUploadedNamingItAndARelativeTarget() {
    Blob never = new Blob("nope.sh", sha("never uploaded"), 14);
    assertThatThrownBy(() -> inventory.defineResource(spec("m", "script", never)))
        .isInstanceOf(LuiException.class)
        .satisfies(e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageStartingWith(
            "--source 'nope.sh': no content with sha256 " + never.sha256() + " on the server");
    ResourceSpec relative = withTarget(spec("m", "file", upload("m", "m")), "etc/motd");
    assertThatThrownBy(() -> inventory.defineResource(relative))
        .hasMessageStartingWith("--target 'etc/motd'");
    ResourceSpec dotdot = withTarget(spec("m", "file", upload("m", "m")), "/etc/../shadow");
    assertThatThrownBy(() -> inventory.defineResource(dotdot))
        .hasMessageStartingWith("--target '/etc/../shadow'");
    assertThat(store.resources()).isEmpty();
  }

  @Test
  void refusesAReferenceWhoseSizeDiffersFromTheStoredContent() {
    Blob stored = upload("motd", "hello\n");
    Blob lying = new Blob("motd", stored.sha256(), 5);
    assertThatThrownBy(
            () -> inventory.defineResource(withTarget(spec("m", "file", lying), "/etc/motd")))
        .hasMessage("--source size '5': the content " + stored.sha256() + " of motd has 6 bytes");
  }

  @Test
  void aPackageListNamesItsUploadedPackagesInItsOrder() {
    Blob list = upload("tools.deblist", "# tools\na.deb\n\nsub/b.deb   # second\n");
    Blob a = upload("a.deb", "package a");
    Blob b = upload("sub/b.deb", "package b");
    Resource r = inventory.defineResource(packages(spec("tools", "deb-list", list), List.of(a, b)));
    assertThat(r.blobs()).containsExactly(a, b);
    assertThat(r.contents()).containsExactly(list, a, b);
    assertThatThrownBy(
            () -> inventory.defineResource(packages(spec("t2", "deb-list", list), List.of(b, a))))
        .hasMessageStartingWith("tools.deblist line 2 'a.deb': packages[0] is named 'sub/b.deb'");
    assertThatThrownBy(
            () -> inventory.defineResource(packages(spec("t3", "deb-list", list), List.of(a))))
        .hasMessageContaining("names 2 package files");
    assertThatThrownBy(() -> inventory.defineResource(packages(spec("t4", "file", a), List.of(a))))
        .hasMessageContaining("only rpm-list and deb-list resources have packages");
  }

  @Test
  void aTextResourceErrorQuotesOnlyTheOffendingLineAndNeverControlCharacters() {
    Blob table =
        upload("t.parts", "label gpt\n1 1M none - bios_grub\n2 rest\nsecret-line-4 x y z\n");
    assertThatThrownBy(() -> inventory.defineResource(spec("t", "partition-table", table)))
        .hasMessageStartingWith("t.parts line 3 '2 rest': a partition line is")
        .hasMessageNotContaining("secret");
    Blob yaml =
        upload(
            "t.yaml",
            "label: gpt\npartitions:\n  - {size: rest, filesystem: ext4\nsecret-line: [: : :\n");
    assertThatThrownBy(() -> inventory.defineResource(spec("t", "partition-table", yaml)))
        .hasMessageStartingWith("t.yaml '(yaml)': not valid YAML")
        .hasMessageNotContaining("secret");
    Blob control = upload("t.parts", "label gpt\n2 rest\u001b[31m ext4 / secret\n");
    assertThatThrownBy(() -> inventory.defineResource(spec("t", "partition-table", control)))
        .hasMessage("--source 't.parts': line 2 holds a control character: not a text file");
    Blob binary = upload("tools.deblist", "\u007fELF\u0002\u0001secret");
    assertThatThrownBy(() -> inventory.defineResource(spec("t", "deb-list", binary)))
        .hasMessage("--source 'tools.deblist': line 1 holds a control character: not a text file");
    assertThat(store.resources()).isEmpty();
  }

  @Test
  void anUpdateMakesTheNextVersionCurrentKeepsOmittedOptionsAndRefreshesTheNodes() {
    inventory.defineGroup("compute");
    inventory.defineNodes(List.of(Fixtures.spec(1, "compute"), Fixtures.spec(2)));
    inventory.defineResource(file("motd"));
    inventory.allocate(List.of("motd"), List.of("compute"));
    published.clear();
    Blob v2 = upload("motd.new", "second\n");
    ResourceSpec update =
        new ResourceSpec(
            "motd",
            "",
            Optional.of(v2),
            Optional.empty(),
            Optional.of("0600"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty());
    ResourceUpdates.Updated u = inventory.updateResource(update, false);
    assertThat(u.changed()).isTrue();
    assertThat(u.current().version()).isEqualTo(2);
    assertThat(u.nodes()).containsExactly("n01");
    Resource.FileResource now = (Resource.FileResource) inventory.resource("motd");
    assertThat(now.source()).isEqualTo(v2);
    assertThat(now.target()).as("kept").isEqualTo("/etc/motd");
    assertThat(now.mode()).isEqualTo("0600");
    assertThat(inventory.resourceVersions("motd"))
        .extracting(ResourceVersion::version)
        .containsExactly(1, 2);
    assertThat(published).last().satisfies(c -> assertThat(c.nodes()).containsExactly("n01"));
    assertThat(inventory.updateResource(update, false).changed()).as("the same again").isFalse();
    assertThat(inventory.resourceVersions("motd")).hasSize(2);
  }

  @Test
  void anUpdateKeepsTheTypeAndNeedsAnExistingResource() {
    inventory.defineResource(file("motd"));
    ResourceSpec asTarball =
        new ResourceSpec(
            "motd",
            "tarball",
            Optional.of(upload("x.tgz", "x")),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty());
    assertThatThrownBy(() -> inventory.updateResource(asTarball, true))
        .hasMessageStartingWith(
            "--type 'tarball': resource 'motd' is a file resource, and a resource keeps its type");
    ResourceSpec none =
        new ResourceSpec(
            "nope",
            "",
            Optional.of(upload("x", "x")),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty());
    assertThatThrownBy(() -> inventory.updateResource(none, true))
        .satisfies(e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND));
    assertThat(inventory.resourceVersions("motd")).hasSize(1);
  }

  @Test
  void redefiningAResourcePointsToUpdateResource() {
    inventory.defineResource(file("motd"));
    assertThatThrownBy(() -> inventory.defineResource(file("motd")))
        .hasMessageContaining("lui update-resource motd");
  }

  private ResourceSpec tarball(String name) {
    return spec(name, "tarball", upload(name + ".tar.gz", "content of " + name + "\n"));
  }

  private ResourceSpec file(String name) {
    ResourceSpec s = spec(name, "file", upload(name, "content of " + name + "\n"));
    return new ResourceSpec(
        s.name(),
        s.type(),
        s.source(),
        Optional.of("/etc/" + name),
        Optional.of("0644"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty());
  }

  private ResourceSpec table(String name) {
    return spec(
        name, "partition-table", upload(name + ".parts", "1 1M none - bios_grub\n2 rest ext4 /\n"));
  }

  private static ResourceSpec spec(String name, String type, Blob source) {
    return new ResourceSpec(
        name,
        type,
        Optional.of(source),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty());
  }

  private static ResourceSpec withTarget(ResourceSpec s, String target) {
    return new ResourceSpec(
        s.name(),
        s.type(),
        s.source(),
        Optional.of(target),
        s.mode(),
        s.owner(),
        s.directory(),
        s.initrd(),
        s.version(),
        s.packages(),
        Optional.empty());
  }

  private static ResourceSpec packages(ResourceSpec s, List<Blob> packages) {
    return new ResourceSpec(
        s.name(),
        s.type(),
        s.source(),
        s.target(),
        s.mode(),
        s.owner(),
        s.directory(),
        s.initrd(),
        s.version(),
        packages,
        Optional.empty());
  }

  /** Uploads {@code text} to the content store as a client would; its reference. */
  private Blob upload(String name, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    contents.put(new Sha256(sha(text)), bytes.length, new ByteArrayInputStream(bytes));
    return new Blob(name, sha(text), bytes.length);
  }

  private static String sha(String text) {
    MessageDigest md = Sha256.digester();
    md.update(text.getBytes(StandardCharsets.UTF_8));
    return Sha256.of(md).hex();
  }

  private static NodeSpec with(
      NodeSpec s, String name, String mac, String ip, Optional<String> hostname) {
    return new NodeSpec(
        name,
        mac,
        ip,
        s.netmask(),
        s.gateway(),
        hostname,
        s.groups(),
        s.resources(),
        s.disk(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
