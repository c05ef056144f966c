package dev.lui.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.lui.core.publish.Publisher;
import dev.lui.core.publish.Renderings;
import dev.lui.core.store.MemoryStore;
import dev.lui.dhcp.DhcpPublisher;
import dev.lui.dhcp.formats.DhcpFormats;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /healthz's checks: each names what it found, and any failing one fails the whole. */
class HealthTest {
  @TempDir Path state;
  final MemoryStore store = new MemoryStore();
  final InstallTokens tokens = InstallTokens.random();

  Publisher publisher(List<String> dhcpReload) {
    ServerConfig config =
        ServerConfig.loopback(state)
            .withHttp(new java.net.InetSocketAddress("127.0.0.1", 8080), "http://127.0.0.1:8080");
    return new Publisher(
        store,
        new Renderings(config),
        new NodePlans(
            new PlanCompiler(config.listeners().publicUrl(), Finish.NONE),
            config.listeners().publicUrl()),
        tokens,
        new DhcpPublisher(
            List.of(
                DhcpFormats.iscTarget(state.resolve("dhcp/dhcpd.conf"), false)
                    .withReload(dhcpReload))),
        Optional.empty());
  }

  Node armed(Publisher publisher) {
    store.putResource(
        new Resource.Tarball("base", new Blob("base.tgz", "ab".repeat(32), 20), "/"),
        java.time.Instant.EPOCH);
    return publisher.commit(
        store,
        () -> {
          Node n = Fixtures.node(1);
          Node withArm = n.withStatus(n.status().withArm("a1", tokens.tokenHash(n.name(), "a1")));
          store.putNode(withArm);
          store.addAllocation(new Allocation("base", Allocation.TargetKind.NODE, n.name()));
          return Publication.Outcome.of(withArm, Change.of(List.of(n.name())));
        });
  }

  @Test
  void allChecksPassingIsOk() {
    Publisher publisher = publisher(List.of("/bin/true"));
    armed(publisher);

    Health.Report r = new Health(store, () -> true, publisher).check();

    assertThat(r.ok()).isTrue();
    assertThat(r.status()).isEqualTo("ok");
    assertThat(r.checks())
        .extracting(Health.Check::name)
        .containsExactly("store", "tftp", "publisher");
  }

  @Test
  void aStoppedTftpLoopFailsTheHealthNamingIt() {
    Health.Report r = new Health(store, () -> false, publisher(List.of("/bin/true"))).check();

    assertThat(r.ok()).isFalse();
    assertThat(r.status()).isEqualTo("failing");
    assertThat(r.checks())
        .filteredOn(c -> !c.ok())
        .singleElement()
        .satisfies(c -> assertThat(c.detail()).contains("TFTP loop has stopped"));
  }

  @Test
  void aFailingDhcpReloadFailsTheHealthNamingIt() {
    Publisher publisher = publisher(List.of("/bin/false"));
    armed(publisher);

    Health.Report r = new Health(store, () -> true, publisher).check();

    assertThat(r.ok()).isFalse();
    assertThat(r.checks())
        .filteredOn(c -> !c.ok())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("publisher");
              assertThat(c.detail()).contains("/bin/false");
            });
  }
}
