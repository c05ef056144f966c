package dev.lui.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.plan.Finish;
import dev.lui.core.Fixtures;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.identity.InstallTokens;
import dev.lui.core.inventory.Change;
import dev.lui.core.inventory.Publication;
import dev.lui.core.plan.NodePlans;
import dev.lui.core.plan.PlanCompiler;
import dev.lui.core.store.MemoryStore;
import dev.lui.dhcp.DhcpPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher without a server: what it stages, commits, discards and reconciles. */
class PublisherTest {
  @TempDir Path state;
  final MemoryStore store = new MemoryStore();
  final InstallTokens tokens = InstallTokens.random();
  ServerConfig config;
  Publisher publisher;

  @BeforeEach
  void setUp() {
    // No DHCP checker here: the real daemons' checks are tested with the server.
    config =
        ServerConfig.loopback(state)
            .withHttp(new java.net.InetSocketAddress("127.0.0.1", 8080), "http://127.0.0.1:8080");
    config = config.withDhcp(d -> d.withValidate(false));
    Renderings renderings = new Renderings(config);
    publisher =
        new Publisher(
            store,
            renderings,
            new NodePlans(
                new PlanCompiler(config.listeners().publicUrl(), Finish.NONE),
                config.listeners().publicUrl()),
            tokens,
            new DhcpPublisher(DhcpBackend.targets(config)),
            Optional.empty());
    store.putResource(
        new Resource.Tarball("base", new Blob("base.tgz", "ab".repeat(32), 20), "/"),
        java.time.Instant.EPOCH);
  }

  private Node armed(int i) {
    Node n = Fixtures.node(i);
    Node withArm =
        n.withStatus(n.status().withArm("arm" + i, tokens.tokenHash(n.name(), "arm" + i)));
    store.putNode(withArm);
    store.addAllocation(new Allocation("base", Allocation.TargetKind.NODE, n.name()));
    return withArm;
  }

  @Test
  void filesAppearOnlyAfterTheCommitAndAFailedChangeLeavesNone() throws Exception {
    assertThatThrownBy(
            () ->
                publisher.commit(
                    store,
                    () -> {
                      armed(1);
                      throw new IllegalStateException("the change fails after its work");
                    }))
        .hasMessageContaining("fails");
    assertThat(state.resolve("nfsroot/nodes/n01")).doesNotExist();
    assertThat(store.nodes()).isEmpty();

    publisher.commit(store, () -> Publication.Outcome.of(armed(1), Change.of(List.of("n01"))));
    Path root = state.resolve("nfsroot/nodes/n01");
    assertThat(Files.readString(root.resolve("lui/token"))).isEqualTo(tokens.token("n01", "arm1"));
    assertThat(Files.readString(root.resolve("lui/plan.json")))
        .contains("\"n01\"")
        .doesNotContain("PRIVATE KEY");
    assertThat(Files.readString(state.resolve("dhcp/dhcpd.conf"))).contains("host n01");
    assertThat(state.resolve("tftp/pxelinux.cfg/01-52-54-00-00-00-01")).exists();
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void countsPublicationsByKindAndResultButNotAChangeWithNothingToPublish() throws Exception {
    publisher.commit(store, () -> Publication.Outcome.of(armed(1), Change.of(List.of("n01"))));
    publisher.commit(store, () -> Publication.Outcome.of(1, Change.NONE));
    publisher.reconcile();
    // A file where the DHCP directory should be: staging the next change fails, nothing changes.
    Path dhcp = state.resolve("dhcp");
    try (var files = Files.list(dhcp)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dhcp);
    Files.writeString(dhcp, "not a directory");
    assertThatThrownBy(
        () ->
            publisher.commit(
                store, () -> Publication.Outcome.of(armed(2), Change.of(List.of("n02")))));

    assertThat(publisher.published("change", true)).isEqualTo(1);
    assertThat(publisher.published("change", false)).isEqualTo(1);
    assertThat(publisher.published("reconcile", true)).isEqualTo(1);
    assertThat(publisher.published("reconcile", false)).isZero();
  }

  @Test
  void aReconcileKeepsAFileNamedForAMacNoNodeCanHave() throws Exception {
    publisher.commit(store, () -> Publication.Outcome.of(armed(1), Change.of(List.of("n01"))));
    // Such a name once made the leftover scan throw, and the reconcile (the server's start) fail.
    Path broadcast =
        Files.writeString(
            state.resolve("tftp/pxelinux.cfg/01-ff-ff-ff-ff-ff-ff"),
            "# install entry generated by lui for x; lui rewrites this file\n");
    publisher.reconcile();
    assertThat(broadcast).exists();
    assertThat(state.resolve("tftp/pxelinux.cfg/01-52-54-00-00-00-01")).exists();
  }

  @Test
  void aReconcileDeletesOrphansAndTempFilesButNeverAnAdminsFile() throws Exception {
    publisher.commit(store, () -> Publication.Outcome.of(armed(1), Change.of(List.of("n01"))));
    // What a crash or an older server might leave.
    Path orphanRoot = Files.createDirectories(state.resolve("nfsroot/nodes/gone/lui"));
    Files.writeString(orphanRoot.resolve("token"), "old");
    Path orphanEntry =
        Files.writeString(
            state.resolve("tftp/pxelinux.cfg/01-52-54-00-00-00-99"),
            "# install entry generated by lui for gone; lui rewrites this file\n");
    Path adminsEntry =
        Files.writeString(
            state.resolve("tftp/pxelinux.cfg/01-52-54-00-00-00-98"), "DEFAULT local\n");
    Path tempTree = Files.createDirectories(state.resolve("nfsroot/nodes/.lui-n07.0a1b2c.tmp/lui"));
    Path tempInRoot =
        Files.writeString(state.resolve("nfsroot/nodes/n01/lui/.lui-plan.json.123abc.tmp"), "{");
    Path dhcpCandidate =
        Files.writeString(state.resolve("dhcp/.dhcpd.conf.12345.lui-tmp"), "host x {}");
    Path dhcpTemp = Files.writeString(state.resolve("dhcp/.lui-dhcpd.conf.67890.tmp"), "host y {}");
    Path dhcpBackupTemp =
        Files.writeString(state.resolve("dhcp/.lui-dhcpd.conf.bak.13579.tmp"), "host z {}");
    Path exportsTemp = Files.writeString(state.resolve("nfs/.lui-exports.abc.tmp"), "/x *(rw)");
    Files.writeString(state.resolve("nfsroot/nodes/n01/lui/token"), "tampered");

    Publisher.Report report = publisher.reconcile();

    assertThat(orphanRoot.getParent()).doesNotExist();
    assertThat(orphanEntry).doesNotExist();
    assertThat(adminsEntry).as("not lui's: kept").exists();
    assertThat(tempTree.getParent()).doesNotExist();
    assertThat(tempInRoot).doesNotExist();
    assertThat(dhcpCandidate).doesNotExist();
    assertThat(dhcpTemp).doesNotExist();
    assertThat(dhcpBackupTemp).doesNotExist();
    assertThat(exportsTemp).doesNotExist();
    assertThat(Files.readString(state.resolve("nfsroot/nodes/n01/lui/token")))
        .isEqualTo(tokens.token("n01", "arm1"));
    assertThat(report.written()).isEqualTo(1);
    assertThat(publisher.reconcile().written() + publisher.reconcile().deleted())
        .as("then nothing differs")
        .isZero();
  }

  @Test
  void aNodeThatEndsItsInstallLosesItsRootAndEntries() throws Exception {
    Node n =
        publisher.commit(store, () -> Publication.Outcome.of(armed(1), Change.of(List.of("n01"))));
    publisher.commit(
        store,
        () -> {
          Node done =
              n.withStatus(
                  n.status()
                      .installing(java.time.Instant.EPOCH)
                      .finished(true, Optional.empty(), java.time.Instant.EPOCH));
          store.putNode(done);
          return Publication.Outcome.of(done, Change.of(List.of("n01")));
        });
    assertThat(state.resolve("nfsroot/nodes/n01")).doesNotExist();
    assertThat(state.resolve("tftp/pxelinux.cfg/01-52-54-00-00-00-01")).doesNotExist();
    assertThat(Files.readString(state.resolve("dhcp/dhcpd.conf"))).doesNotContain("host n01");
    assertThat(Files.readString(state.resolve("nfs/exports"))).doesNotContain("n01");
  }

  @Test
  void installsThatEndTogetherHaveTheirFilesFollowWhenEachCallReturns() throws Exception {
    int nodes = 12;
    List<String> names = new java.util.ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      Node n = armed(i);
      names.add(n.name());
    }
    publisher.commit(store, () -> Publication.Outcome.of(null, Change.of(names)));
    // Each install's end commits in the store alone; then each caller waits for its files, which
    // the first to get the lane may stage for all of them at once.
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
      for (String name : names) {
        calls.add(
            pool.submit(
                () -> {
                  store.transaction(
                      () -> {
                        Node n = store.node(name).orElseThrow();
                        store.putNode(
                            n.withStatus(
                                n.status()
                                    .installing(java.time.Instant.EPOCH)
                                    .finished(true, Optional.empty(), java.time.Instant.EPOCH)));
                        return null;
                      });
                  publisher.follow(store, Change.of(List.of(name)));
                  assertThat(state.resolve("nfsroot/nodes/" + name)).doesNotExist();
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> c : calls) {
        c.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(Files.readString(state.resolve("dhcp/dhcpd.conf"))).doesNotContain("host n");
    assertThat(publisher.lastFailure()).isEmpty();
  }

  private List<Path> tempFiles() throws Exception {
    try (Stream<Path> all = Files.walk(state)) {
      return all.filter(p -> Staging.isTemp(p.getFileName().toString())).toList();
    }
  }
}
