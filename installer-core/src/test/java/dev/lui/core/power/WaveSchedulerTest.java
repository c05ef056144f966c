package dev.lui.core.power;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.Fixtures;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Wave;
import dev.lui.core.store.MemoryStore;
import dev.lui.core.store.Store;
import dev.lui.power.BmcPassword;
import dev.lui.power.PowerBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wave scheduler with BMCs in memory and a clock the test moves. */
class WaveSchedulerTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  /** A clock that moves when told. */
  static final class FakeClock extends Clock {
    Instant now = T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final FakeClock clock = new FakeClock();
  final Store store = new MemoryStore();
  final FakeBmcs bmcs = new FakeBmcs();
  final WaveScheduler scheduler =
      new WaveScheduler(
          store, new PowerService(new PowerBatch(bmcs, b -> BmcPassword.of("pw"))), clock);

  /** Nodes 1..count armed in a wave, as install --power-cycle --max-active leaves them. */
  private Wave wave(int count, Optional<Integer> maxActive, Optional<Integer> size) {
    Wave w = new Wave("w-1", maxActive, size, Duration.ofSeconds(60), T0);
    store.putWave(w);
    for (int i = 1; i <= count; i++) {
      Node n = Fixtures.nodeWithBmc(i);
      store.putNode(n.withStatus(n.status().inWave(w.id())));
    }
    return w;
  }

  /** The agent's plan fetch: the node's first event. */
  private void firstEvent(String node) {
    Node n = store.node(node).orElseThrow();
    store.putNode(n.withStatus(n.status().installing(clock.instant())));
  }

  private List<String> booting() {
    return store.nodes().stream().filter(n -> n.status().booting()).map(Node::name).toList();
  }

  private List<String> waiting() {
    return store.nodes().stream().filter(n -> n.status().waiting()).map(Node::name).toList();
  }

  @Test
  void admissionNeverExceedsMaxActive() {
    wave(5, Optional.of(2), Optional.empty());
    scheduler.tick();
    assertThat(booting()).containsExactly("n01", "n02");
    assertThat(waiting()).containsExactly("n03", "n04", "n05");
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(10));
      scheduler.tick();
      assertThat(booting()).as("nobody reported: nobody more starts").hasSize(2);
    }
    assertThat(store.node("n01").orElseThrow().status().poweredOn()).contains(T0);
    assertThat(bmcs.calls()).filteredOn(c -> c.endsWith(" on")).hasSize(2);
  }

  @Test
  void theNextNodeStartsWhenOneReportsItsFirstEvent() {
    wave(4, Optional.of(2), Optional.empty());
    scheduler.tick();
    clock.advance(Duration.ofSeconds(30));
    firstEvent("n02");
    scheduler.tick();
    assertThat(booting()).containsExactly("n01", "n03");
    assertThat(store.node("n03").orElseThrow().status().poweredOn()).contains(T0.plusSeconds(30));
    assertThat(store.node("n02").orElseThrow().status().poweredOn())
        .as("still says when it was powered on")
        .contains(T0);
    firstEvent("n01");
    firstEvent("n03");
    scheduler.tick();
    assertThat(booting()).containsExactly("n04");
    scheduler.tick();
    assertThat(store.waves()).as("nobody waits any more: the next tick forgets it").isEmpty();
    assertThat(booting()).containsExactly("n04");
  }

  @Test
  void aPowerFailureDoesNotBlockTheWave() {
    wave(3, Optional.of(1), Optional.empty());
    bmcs.refusing.add("10.0.1.1");
    List<NodePower> started = scheduler.tick();
    assertThat(started).extracting(NodePower::node).containsExactly("n01", "n02");
    assertThat(booting()).containsExactly("n02");
    Node failed = store.node("n01").orElseThrow();
    assertThat(failed.status().waiting()).isFalse();
    assertThat(failed.status().booting()).isFalse();
    assertThat(failed.status().error().orElseThrow())
        .startsWith("wave w-1: n01 ipmi://admin@10.0.1.1:623 next boot from the network failed:");
    assertThat(waiting()).containsExactly("n03");
  }

  @Test
  void aWaveStartsAtMostItsSizePerInterval() {
    wave(5, Optional.empty(), Optional.of(2));
    scheduler.tick();
    assertThat(booting()).containsExactly("n01", "n02");
    firstEvent("n01");
    firstEvent("n02");
    clock.advance(Duration.ofSeconds(59));
    scheduler.tick();
    assertThat(waiting()).hasSize(3);
    clock.advance(Duration.ofSeconds(2));
    scheduler.tick();
    assertThat(booting()).containsExactly("n03", "n04");
  }

  @Test
  void aRearmedNodeLeavesItsWaveAndARestartedSchedulerGoesOnFromTheStore() {
    wave(3, Optional.of(1), Optional.empty());
    Node n02 = store.node("n02").orElseThrow();
    store.putNode(
        n02.withStatus(dev.lui.core.domain.InstallStatus.armed("again", "h", clock.instant())));
    scheduler.tick();
    assertThat(booting()).containsExactly("n01");
    firstEvent("n01");
    WaveScheduler restarted =
        new WaveScheduler(
            store, new PowerService(new PowerBatch(bmcs, b -> BmcPassword.of("pw"))), clock);
    restarted.tick();
    assertThat(booting()).containsExactly("n03");
    assertThat(bmcs.calls()).noneMatch(c -> c.startsWith("10.0.1.2 "));
  }

  @Test
  void aWaveNeedsALimitAndChecksEachNamingItsFlag() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WaveScheduler.newWave(Optional.empty(), Optional.empty(), Optional.empty(), T0))
        .hasMessageContaining("--max-active");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WaveScheduler.newWave(Optional.of(0L), Optional.empty(), Optional.empty(), T0))
        .hasMessageStartingWith("--max-active '0'");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WaveScheduler.newWave(Optional.of(2L), Optional.empty(), Optional.of(5L), T0))
        .hasMessageStartingWith("--wave-interval");
    Wave w = WaveScheduler.newWave(Optional.empty(), Optional.of(8L), Optional.empty(), T0);
    assertThat(w.interval()).isEqualTo(Duration.ofSeconds(60));
  }
}
