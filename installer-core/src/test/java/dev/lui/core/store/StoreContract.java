package dev.lui.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.disk.DiskIdentity;
import dev.lui.core.Fixtures;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Allocation.TargetKind;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One suite, run against the in-memory twin and SQLite, so they cannot drift apart. */
abstract class StoreContract {
  Store store;

  abstract Store open() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    store = open();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  void storesAndReadsNodesWithTheirGroupsInOrder() {
    Node n = Fixtures.node(1, "compute", "gpu");
    store.putNode(n);
    assertThat(store.node("n01")).contains(n);
    assertThat(store.nodes()).containsExactly(n);
  }

  @Test
  void countsNodesByStateLeavingOutStatesWithoutNodes() {
    assertThat(store.nodeCountsByState()).isEmpty();
    store.putNode(Fixtures.node(1));
    store.putNode(Fixtures.node(2));
    Node failed = Fixtures.node(3);
    store.putNode(
        failed.withStatus(
            failed
                .status()
                .finished(false, Optional.of("boom"), Instant.parse("2026-12-01T01:00:00Z"))));

    assertThat(store.nodeCountsByState())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                dev.lui.core.domain.NodeState.DEFINED, 2L,
                dev.lui.core.domain.NodeState.FAILED, 1L));
  }

  @Test
  void keepsWhatHappensAfterTheInstall() {
    Node n = Fixtures.node(1);
    Node local =
        new Node(
            n.name(),
            n.mac(),
            n.ip(),
            n.netmask(),
            n.gateway(),
            n.hostname(),
            n.groups(),
            n.disk(),
            n.status(),
            dev.lui.core.domain.AfterInstall.LOCAL_BOOT,
            Optional.empty(),
            Optional.empty());
    store.putNode(local);
    assertThat(store.node("n01")).contains(local);
  }

  @Test
  void keepsANodesBmcAndForgetsItWhenRedefinedWithout() {
    Node n = Fixtures.node(1);
    Node withBmc =
        new Node(
            n.name(),
            n.mac(),
            n.ip(),
            n.netmask(),
            n.gateway(),
            n.hostname(),
            n.groups(),
            n.disk(),
            n.status(),
            n.afterInstall(),
            java.util.Optional.empty(),
            java.util.Optional.of(dev.lui.power.BmcAddress.parse("ipmi://admin@10.0.0.5:6230")));
    store.putNode(withBmc);
    assertThat(store.node("n01")).contains(withBmc);
    assertThat(store.node("n01").orElseThrow().bmc().orElseThrow())
        .hasToString("ipmi://admin@10.0.0.5:6230");
    store.putNode(n);
    assertThat(store.node("n01").orElseThrow().bmc()).isEmpty();
  }

  @Test
  void keepsWavesAndANodesPlaceInOne() {
    dev.lui.core.domain.Wave w =
        new dev.lui.core.domain.Wave(
            "w-1",
            java.util.Optional.of(16),
            java.util.Optional.empty(),
            java.time.Duration.ofSeconds(60),
            java.time.Instant.parse("2026-12-01T00:00:00Z"));
    store.putWave(w);
    assertThat(store.waves()).containsExactly(w);
    Node n = Fixtures.node(1);
    Node waiting = n.withStatus(n.status().inWave("w-1"));
    store.putNode(waiting);
    assertThat(store.node("n01")).contains(waiting);
    Node on =
        waiting.withStatus(
            waiting.status().poweredOnAt(java.time.Instant.parse("2026-12-01T00:01:00Z")));
    store.putNode(on);
    assertThat(store.node("n01")).contains(on);
    assertThat(on.status().booting()).isTrue();
    dev.lui.core.domain.Wave paused =
        w.pausedFor(java.util.Optional.of("no boot file served to n01 within 5m of power-on"));
    store.putWave(paused);
    assertThat(store.waves()).containsExactly(paused);
    dev.lui.core.domain.Wave resumed = paused.resumedAt(Instant.parse("2026-12-01T00:07:00.5Z"));
    store.putWave(resumed);
    assertThat(store.waves()).containsExactly(resumed);
    assertThat(resumed.paused()).isEmpty();
    store.deleteWave("w-1");
    assertThat(store.waves()).isEmpty();
  }

  @Test
  void findsNodesByMacAndIp() {
    store.putNode(Fixtures.node(1, "compute"));
    store.putNode(Fixtures.node(2));
    assertThat(store.nodeByMac(Fixtures.node(2).mac())).contains(Fixtures.node(2));
    assertThat(store.nodeByIp(Fixtures.node(1).ip())).contains(Fixtures.node(1, "compute"));
    assertThat(store.nodeByMac(dev.lui.core.domain.Values.mac("mac", "52:54:00:00:00:99")))
        .isEmpty();
  }

  @Test
  void putReplacesANodeAndItsGroups() {
    store.putNode(Fixtures.node(1, "compute"));
    Node changed = Fixtures.node(1, "login");
    store.putNode(changed);
    assertThat(store.node("n01")).contains(changed);
  }

  @Test
  void listsNodesSortedByName() {
    store.putNode(Fixtures.node(3));
    store.putNode(Fixtures.node(1));
    assertThat(store.nodes()).extracting(Node::name).containsExactly("n01", "n03");
  }

  @Test
  void deletesNodes() {
    store.putNode(Fixtures.node(1));
    store.deleteNode("n01");
    assertThat(store.node("n01")).isEmpty();
  }

  @Test
  void storesReplacesAndDeletesNetworks() {
    dev.lui.core.domain.Network net =
        dev.lui.core.domain.Network.of(
            "cluster",
            "10.0.0.0/24",
            Optional.of("10.0.0.1"),
            List.of("10.0.0.2", "10.0.0.3"),
            Optional.of("cluster.example.org"));
    dev.lui.core.domain.Network bare =
        dev.lui.core.domain.Network.of(
            "ib", "10.1.0.0/16", Optional.empty(), List.of(), Optional.empty());
    store.putNetwork(net);
    store.putNetwork(bare);
    assertThat(store.networks()).containsExactly(net, bare);
    assertThat(store.network("ib")).contains(bare);
    dev.lui.core.domain.Network moved =
        dev.lui.core.domain.Network.of(
            "cluster", "10.2.0.0/24", Optional.empty(), List.of("10.2.0.2"), Optional.empty());
    store.putNetwork(moved);
    assertThat(store.network("cluster")).contains(moved);
    store.deleteNetwork("cluster");
    assertThat(store.networks()).containsExactly(bare);
    assertThatThrownBy(
            () ->
                store.transaction(
                    () -> {
                      store.deleteNetwork("ib");
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(store.networks()).containsExactly(bare);
  }

  @Test
  void keepsTheNetworkANodeIsOn() {
    Node plain = Fixtures.node(1);
    Node two = Fixtures.node(2);
    Node on =
        new Node(
            two.name(),
            two.mac(),
            two.ip(),
            two.netmask(),
            two.gateway(),
            two.hostname(),
            List.of(),
            two.disk(),
            two.status(),
            two.afterInstall(),
            Optional.of("cluster"),
            Optional.empty());
    store.putNode(plain);
    store.putNode(on);
    assertThat(store.node("n01").orElseThrow().network()).isEmpty();
    assertThat(store.node("n02")).contains(on);
    store.putNode(on.withDisk(Optional.of("path=/dev/vdb")));
    assertThat(store.node("n02").orElseThrow().network()).contains("cluster");
  }

  @Test
  void rollsBackEveryWriteOfAFailedTransaction() {
    store.putNode(Fixtures.node(1));
    assertThatThrownBy(
            () ->
                store.transaction(
                    () -> {
                      store.putNode(Fixtures.node(2));
                      store.deleteNode("n01");
                      store.putGroup(new Group("g"));
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(store.nodes()).extracting(Node::name).containsExactly("n01");
    assertThat(store.groups()).isEmpty();
  }

  @Test
  void nestedTransactionsJoinTheOuterOne() {
    assertThatThrownBy(
            () ->
                store.transaction(
                    () -> {
                      store.transaction(() -> store.putNode(Fixtures.node(2)));
                      throw new IllegalStateException("outer fails");
                    }))
        .hasMessage("outer fails");
    assertThat(store.nodes()).isEmpty();
  }

  @Test
  void storesResourcesOfEveryKind() {
    Blob blob = new Blob("files/x", "ab".repeat(32), 3);
    List<Resource> all =
        List.of(
            new Resource.Tarball("t", blob, "/"),
            new Resource.FileResource("f", blob, "/etc/motd", "0644", "root:root"),
            new Resource.Kernel("k", blob, Optional.of(blob), "6.1"),
            new Resource.RpmList("r", blob, List.of(blob)),
            new Resource.DebList("d", blob, List.of(blob, blob)),
            new Resource.Script("s", blob),
            new Resource.PartitionTable("p", blob, dev.lui.core.plan.PlanCompiler.DEFAULT_LAYOUT));
    all.forEach(r -> store.putResource(r, T1));
    assertThat(store.resources()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(store.resource("k")).contains(all.get(2));
    store.deleteResource("k");
    assertThat(store.resource("k")).isEmpty();
  }

  static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2026-12-02T10:00:00Z");

  private static Resource.FileResource motd(String sha) {
    return new Resource.FileResource(
        "motd", new Blob("motd", sha, 6), "/etc/motd", "0644", "root:root");
  }

  @Test
  void keepsEveryVersionOfAResourceAndTheLatestIsCurrent() {
    Resource v1 = motd("a1".repeat(32));
    Resource v2 = motd("b2".repeat(32));
    assertThat(store.putResource(v1, T1))
        .isEqualTo(new ResourceVersion(v1, 1, T1, ResourceVersion.Status.READY));
    assertThat(store.putResource(v2, T2))
        .isEqualTo(new ResourceVersion(v2, 2, T2, ResourceVersion.Status.READY));
    assertThat(store.resource("motd")).contains(v2);
    assertThat(store.resources()).containsExactly(v2);
    assertThat(store.resourceVersions("motd"))
        .containsExactly(
            new ResourceVersion(v1, 1, T1, ResourceVersion.Status.READY),
            new ResourceVersion(v2, 2, T2, ResourceVersion.Status.READY));
    assertThat(store.resourceVersions("nope")).isEmpty();
  }

  @Test
  void listsTheCurrentVersionOfEachResourceByName() {
    Resource script = new Resource.Script("a-script", new Blob("s.sh", "cc".repeat(32), 1));
    store.putResource(motd("a1".repeat(32)), T1);
    store.putResource(script, T1);
    store.putResource(motd("b2".repeat(32)), T2);
    assertThat(store.currentResourceVersions())
        .extracting(v -> v.name() + " v" + v.version())
        .containsExactly("a-script v1", "motd v2");
  }

  @Test
  void findsTheVersionsWhoseFilesIncludeAContent() {
    String list = "11".repeat(32);
    String pkg = "22".repeat(32);
    Resource debs =
        new Resource.DebList(
            "tools", new Blob("tools.deblist", list, 9), List.of(new Blob("a.deb", pkg, 5)));
    store.putResource(debs, T1);
    store.putResource(motd(pkg), T1);
    store.putResource(motd("33".repeat(32)), T2);
    assertThat(store.resourceVersionsUsing(pkg))
        .extracting(v -> v.name() + " v" + v.version())
        .containsExactly("motd v1", "tools v1");
    assertThat(store.resourceVersionsUsing(list))
        .extracting(v -> v.name() + " v" + v.version())
        .containsExactly("tools v1");
    assertThat(store.resourceVersionsUsing("44".repeat(32))).isEmpty();
    store.deleteResource("tools");
    assertThat(store.resourceVersionsUsing(list)).as("versions go with their resource").isEmpty();
  }

  @Test
  void recordsWhetherAVersionsFilesAreInTheContentStore() {
    store.putResource(motd("a1".repeat(32)), T1);
    store.putResource(motd("b2".repeat(32)), T2);
    store.setResourceStatus("motd", 1, ResourceVersion.Status.NEEDS_UPDATE);
    assertThat(store.resourceVersions("motd"))
        .extracting(ResourceVersion::status)
        .containsExactly(ResourceVersion.Status.NEEDS_UPDATE, ResourceVersion.Status.READY);
  }

  @Test
  void aRemovedResourceDefinedAgainStartsAtVersionOne() {
    store.putResource(motd("a1".repeat(32)), T1);
    store.putResource(motd("b2".repeat(32)), T2);
    store.deleteResource("motd");
    assertThat(store.resourceVersions("motd")).isEmpty();
    assertThat(store.currentResourceVersions()).isEmpty();
    assertThat(store.putResource(motd("c3".repeat(32)), T2).version()).isEqualTo(1);
  }

  @Test
  void aFailedTransactionKeepsNoVersion() {
    store.putResource(motd("a1".repeat(32)), T1);
    assertThatThrownBy(
            () ->
                store.transaction(
                    () -> {
                      store.putResource(motd("b2".repeat(32)), T2);
                      throw new IllegalStateException("publication failed");
                    }))
        .hasMessage("publication failed");
    assertThat(store.resourceVersions("motd"))
        .extracting(ResourceVersion::version)
        .containsExactly(1);
    assertThat(store.resource("motd")).contains(motd("a1".repeat(32)));
  }

  @Test
  void keepsAllocationsInTheOrderTheyWereMadeWithoutDuplicates() {
    Allocation a = new Allocation("base", TargetKind.GROUP, "compute");
    Allocation b = new Allocation("motd", TargetKind.NODE, "n01");
    assertThat(store.addAllocation(a)).isTrue();
    assertThat(store.addAllocation(b)).isTrue();
    assertThat(store.addAllocation(a)).isFalse();
    assertThat(store.allocations()).containsExactly(a, b);
    assertThat(store.deleteAllocation(a)).isTrue();
    assertThat(store.deleteAllocation(a)).isFalse();
    assertThat(store.allocations()).containsExactly(b);
  }

  @Test
  void ignoresAResentLogEventAndPagesById() {
    LogEntry e1 = entry("run1", 1, "first");
    LogEntry e2 = entry("run1", 2, "second");
    assertThat(store.appendLog(e1)).isTrue();
    assertThat(store.appendLog(e2)).isTrue();
    assertThat(store.appendLog(e1)).as("resend of seq 1").isFalse();
    assertThat(store.appendLog(entry("run2", 1, "next run"))).isTrue();
    List<LogEntry> log = store.log("n01", 0, 100);
    assertThat(log)
        .extracting(e -> e.text().orElseThrow())
        .containsExactly("first", "second", "next run");
    assertThat(store.log("n01", log.get(0).id(), 1))
        .extracting(e -> e.text().orElseThrow())
        .containsExactly("second");
    store.deleteLog("n01");
    assertThat(store.log("n01", 0, 100)).isEmpty();
  }

  @Test
  void pagesSeveralNodesLogsInIdOrderWithOneCursor() {
    store.appendLog(entry("n01", "r1", 1, "log", "a1"));
    store.appendLog(entry("n02", "r2", 1, "log", "b1"));
    store.appendLog(entry("n03", "r3", 1, "log", "c1"));
    store.appendLog(entry("n01", "r1", 2, "log", "a2"));
    store.appendLog(entry("n02", "r2", 2, "log", "b2"));
    List<LogEntry> page = store.log(List.of("n02", "n01"), 0, 3);
    assertThat(page).extracting(e -> e.text().orElseThrow()).containsExactly("a1", "b1", "a2");
    assertThat(store.log(List.of("n01", "n02"), page.get(2).id(), 10))
        .extracting(e -> e.text().orElseThrow())
        .containsExactly("b2");
    assertThat(store.log(List.of("n09"), 0, 10)).isEmpty();
  }

  @Test
  void readsOneRunsEventsOfTheKindsAsked() {
    store.appendLog(entry("n01", "old", 1, "step-started", "x"));
    store.appendLog(entry("n01", "r1", 1, "step-started", "s"));
    store.appendLog(entry("n01", "r1", 2, "log", "line"));
    store.appendLog(entry("n01", "r1", 3, "step-finished", "f"));
    store.appendLog(entry("n02", "r1", 1, "step-started", "other node"));
    assertThat(store.runLog("n01", "r1", java.util.Set.of("step-started", "step-finished")))
        .extracting(e -> e.text().orElseThrow())
        .containsExactly("s", "f");
  }

  @Test
  void remembersTheInstalledDiskUntilForgottenOrTheNodeGoes() {
    store.putNode(Fixtures.node(1));
    var disk = new dev.lui.contract.disk.DiskIdentity(Optional.of("S1"), Optional.empty(), 1000);
    store.putInstalledDisk("n01", disk);
    assertThat(store.installedDisk("n01")).contains(disk);
    assertThat(store.installedDisks()).containsExactly(java.util.Map.entry("n01", disk));
    store.deleteInstalledDisk("n01");
    assertThat(store.installedDisk("n01")).isEmpty();
    store.putInstalledDisk("n01", disk);
    store.deleteNode("n01");
    store.putNode(Fixtures.node(1));
    assertThat(store.installedDisk("n01"))
        .as("a new node of the same name has no history")
        .isEmpty();
  }

  @Test
  void keepsANodesSshHostKeysUntilTheNodeGoes() {
    store.putNode(Fixtures.node(1));
    assertThat(store.sshHostKeys("n01")).isEmpty();
    var key = dev.lui.core.identity.SshHostKeys.ed25519("root@n01");
    store.putSshHostKeys("n01", java.util.List.of(key));
    assertThat(store.sshHostKeys("n01")).containsExactly(key);
    store.deleteNode("n01");
    store.putNode(Fixtures.node(1));
    assertThat(store.sshHostKeys("n01")).as("a new node of the same name gets new keys").isEmpty();
  }

  @Test
  void keepsRunsInTheOrderTheyOpenedAndRecordsHowTheyEnded() {
    store.putNode(Fixtures.node(1));
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    Run install = Run.open("r-1", "n01", "arm1", Run.Kind.INSTALL, t);
    Run rehearsal = Run.open("r-2", "n01", "arm1", Run.Kind.REHEARSAL, t.plusSeconds(1));
    store.putRun(install);
    store.putRun(rehearsal);
    store.putRun(install.ended(true, t.plusSeconds(60)));
    assertThat(store.runs("n01")).extracting(Run::id).containsExactly("r-1", "r-2");
    assertThat(store.run("r-1")).contains(install.ended(true, t.plusSeconds(60)));
    assertThat(store.run("r-2").orElseThrow().isRehearsal()).isTrue();
    assertThat(store.run("r-9")).isEmpty();
    DiskIdentity disk = new DiskIdentity(Optional.of("S1"), Optional.empty(), 1000);
    store.putRun(install.ended(true, t.plusSeconds(60)).withDisk(disk));
    assertThat(store.run("r-1").orElseThrow().disk())
        .as("the disk the run selected")
        .contains(disk);
    assertThat(store.run("r-2").orElseThrow().disk()).isEmpty();
    store.deleteNode("n01");
    assertThat(store.runs("n01")).as("runs go with their node").isEmpty();
  }

  @Test
  void deletesTheRunsNamedWithTheirLogAndKeepsTheRest() {
    store.putNode(Fixtures.node(1));
    store.putNode(Fixtures.node(2));
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    for (int i = 1; i <= 3; i++) {
      store.putRun(Run.open("r-" + i, "n01", "arm1", Run.Kind.INSTALL, t.plusSeconds(i)));
      store.appendLog(entry("n01", "r-" + i, 1, "log", "run " + i));
    }
    store.putRun(Run.open("r-9", "n02", "arm1", Run.Kind.INSTALL, t));
    store.appendLog(entry("n02", "r-9", 1, "log", "other node"));
    store.appendLog(entry("n02", "r-1", 1, "log", "other node, same run id"));
    store.deleteRuns("n01", List.of("r-1", "r-2"));
    assertThat(store.runs("n01")).extracting(Run::id).containsExactly("r-3");
    assertThat(store.run("r-1")).isEmpty();
    assertThat(store.log("n01", 0, 100))
        .extracting(e -> e.text().orElseThrow())
        .containsExactly("run 3");
    assertThat(store.log("n02", 0, 100))
        .as("another node's runs and log stay")
        .extracting(e -> e.text().orElseThrow())
        .containsExactly("other node", "other node, same run id");
    assertThat(store.runs("n02")).extracting(Run::id).containsExactly("r-9");
  }

  @Test
  void deletedRunsComeBackWhenTheirTransactionFails() {
    store.putNode(Fixtures.node(1));
    store.putRun(Run.open("r-1", "n01", "arm1", Run.Kind.INSTALL, Instant.EPOCH));
    store.appendLog(entry("n01", "r-1", 1, "log", "kept"));
    assertThatThrownBy(
            () ->
                store.transaction(
                    () -> {
                      store.deleteRuns("n01", List.of("r-1"));
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(store.runs("n01")).extracting(Run::id).containsExactly("r-1");
    assertThat(store.log("n01", 0, 10)).hasSize(1);
  }

  @Test
  void theSerialGrowsWithEveryChangeAndRollsBackWithItsTransaction() {
    long first = store.serial();
    assertThat(store.nextSerial()).isEqualTo(first + 1);
    assertThatThrownBy(
            () ->
                store.transaction(
                    () -> {
                      store.nextSerial();
                      throw new IllegalStateException("rolled back");
                    }))
        .hasMessage("rolled back");
    assertThat(store.serial()).isEqualTo(first + 1);
  }

  @Test
  void keepsTheMostRecentTransfers() {
    for (int i = 0; i < 5; i++) {
      store.recordTransfer(
          new TransferEntry(
              Instant.EPOCH, "10.0.0.11:2000", "f" + i, i, "completed", Optional.of("n01")));
    }
    assertThat(store.transfers(2)).extracting(TransferEntry::path).containsExactly("f3", "f4");
  }

  @Test
  void givesANodesTransfersSinceAnInstantToTheMillisecond() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    // Instant.toString of a whole second is shorter than of one with millis: both must compare.
    List<Instant> times =
        List.of(t.minusMillis(1), t, t.plusMillis(500), t.plusSeconds(1), t.plusSeconds(3600));
    for (int i = 0; i < times.size(); i++) {
      store.recordTransfer(
          new TransferEntry(
              times.get(i), "10.0.0.11:2000", "f" + i, i, "completed", Optional.of("n01")));
      store.recordTransfer(
          new TransferEntry(
              times.get(i), "10.0.0.12:2000", "g" + i, i, "failed", Optional.empty()));
    }
    assertThat(store.transfersOf("n01", t.plusMillis(1), 10))
        .extracting(TransferEntry::path)
        .containsExactly("f2", "f3", "f4");
    assertThat(store.transfersOf("n01", t, 2))
        .extracting(TransferEntry::path)
        .containsExactly("f1", "f2");
    assertThat(store.transfersOf("n02", Instant.EPOCH, 10)).isEmpty();
  }

  @Test
  void keepsATransfersTimeAndReason() {
    TransferEntry refused =
        new TransferEntry(
            Instant.parse("2026-12-01T10:00:00Z"),
            "10.0.0.11:2000",
            "../etc/passwd",
            0,
            "denied",
            Optional.of("n01"),
            Optional.of(java.time.Duration.ofMillis(1250)),
            Optional.of("path escapes the root"));
    store.recordTransfer(refused);
    assertThat(store.transfersOf("n01", Instant.EPOCH, 10)).containsExactly(refused);
  }

  @Test
  void keepsANodesEventsInOrderAndDropsThemWithTheNode() {
    store.putNode(Fixtures.node(1));
    store.putNode(Fixtures.node(2));
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    NodeEvent armed = new NodeEvent("n01", "a1", t, NodeEvent.Kind.ARMED, "armed", "", true);
    NodeEvent power =
        new NodeEvent(
            "n01", "a1", t.plusSeconds(1), NodeEvent.Kind.POWER, "power start", "refused", false);
    store.recordNodeEvent(armed);
    store.recordNodeEvent(power);
    store.recordNodeEvent(new NodeEvent("n02", "a2", t, NodeEvent.Kind.ARMED, "armed", "", true));
    assertThat(store.nodeEvents("n01")).containsExactly(armed, power);
    store.deleteNode("n01");
    assertThat(store.nodeEvents("n01")).isEmpty();
    assertThat(store.nodeEvents("n02")).hasSize(1);
  }

  @Test
  void keepsANodesNewestEventsUpToTheBound() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    for (int i = 0; i < NodeEvent.KEPT + 2; i++) {
      store.recordNodeEvent(
          new NodeEvent("n01", "a" + i, t.plusSeconds(i), NodeEvent.Kind.ARMED, "armed", "", true));
    }
    List<NodeEvent> kept = store.nodeEvents("n01");
    assertThat(kept).hasSize(NodeEvent.KEPT);
    assertThat(kept.get(0).armId()).isEqualTo("a2");
  }

  private static LogEntry entry(String node, String run, long seq, String kind, String text) {
    return new LogEntry(
        0,
        node,
        run,
        seq,
        Instant.parse("2026-12-01T10:00:00Z"),
        kind,
        Optional.of("partition"),
        Optional.of("stdout"),
        Optional.of(text),
        Optional.empty());
  }

  private static LogEntry entry(String run, long seq, String text) {
    return new LogEntry(
        0,
        "n01",
        run,
        seq,
        Instant.parse("2026-12-01T10:00:00Z"),
        "log",
        Optional.of("partition"),
        Optional.of("stdout"),
        Optional.of(text),
        Optional.empty());
  }
}
