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
    transfer("n01", "pxelinux.0", "completed");
    transfer("n02", "pxelinux.0", "completed");
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(3)); // (the boot timeout, 20m, is not reached)
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
    assertThat(store.waves()).as("n04 still boots: its wave watches it").hasSize(1);
    firstEvent("n04");
    scheduler.tick();
    assertThat(store.waves()).as("nobody waits or boots any more: forgotten").isEmpty();
  }

  /** A boot-file transfer to {@code node}, recorded now, as the TFTP and HTTP servers do. */
  private void transfer(String node, String path, String outcome) {
    store.recordTransfer(
        new dev.lui.core.store.TransferEntry(
            clock.instant(), "10.0.0.9:2000", path, 0, outcome, Optional.of(node)));
  }

  private Optional<String> paused() {
    return store.waves().get(0).paused();
  }

  @Test
  void failedTransfersOfBootingNodesPauseTheWaveUntilItIsResumed() {
    wave(5, Optional.of(2), Optional.empty());
    scheduler.tick();
    clock.advance(Duration.ofSeconds(5));
    transfer("n01", "pxelinux.0", "completed");
    transfer("n01", "lui/initrd.img", "timed_out");
    transfer("n02", "pxelinux.0", "completed");
    transfer("n02", "lui/initrd.img", "failed");
    transfer("n02", "../etc/shadow", "denied");
    scheduler.tick();
    assertThat(paused())
        .contains(
            "3 boot-file transfers of booting nodes failed (n01 lui/initrd.img: timed_out, n02"
                + " lui/initrd.img: failed, n02 ../etc/shadow: denied)");

    firstEvent("n02");
    scheduler.tick();
    assertThat(paused()).as("n02 reached its agent: its failures no longer count").isEmpty();
    assertThat(booting()).containsExactly("n01", "n03");

    transfer("n01", "lui/initrd.img", "timed_out");
    transfer("n01", "lui/initrd.img", "denied");
    firstEvent("n03"); // a place is free, but the wave is in trouble
    scheduler.tick();
    assertThat(paused())
        .contains(
            "3 boot-file transfers of booting nodes failed (n01 lui/initrd.img: timed_out, n01"
                + " lui/initrd.img: timed_out, n01 lui/initrd.img: denied)");
    clock.advance(Duration.ofMinutes(1));
    scheduler.tick();
    assertThat(waiting()).as("still paused a minute later").containsExactly("n04", "n05");

    WaveScheduler.resume(store, Optional.empty(), clock.instant());
    scheduler.tick();
    assertThat(paused()).as("what failed before the resume no longer counts").isEmpty();
    assertThat(booting()).containsExactly("n01", "n04");
    assertThat(store.waves().get(0).resumed()).contains(clock.instant());
  }

  @Test
  void aPausedWaveWithNobodyLeftWaitingIsNoLongerPaused() {
    wave(2, Optional.of(1), Optional.empty());
    scheduler.tick();
    clock.advance(Duration.ofMinutes(5));
    scheduler.tick();
    assertThat(paused()).contains("no boot file served to n01 within 5m of power-on");
    Node n02 = store.node("n02").orElseThrow();
    store.putNode(
        n02.withStatus(dev.lui.core.domain.InstallStatus.armed("again", "h", clock.instant())));
    scheduler.tick();
    assertThat(paused()).as("n02 left the wave: nothing is held back").isEmpty();
    assertThat(booting()).containsExactly("n01");
  }

  @Test
  void refusedProbesAndClientAbortsAreNoFailure() {
    wave(3, Optional.of(1), Optional.empty());
    scheduler.tick();
    for (int i = 0; i < 5; i++) {
      transfer("n01", "pxelinux.cfg/01-52-54-00-00-00-01", "not_found");
      transfer("n01", "boot/grub/x86_64-efi/core.efi", "aborted_by_client");
    }
    transfer("n01", "pxelinux.0", "completed");
    firstEvent("n01");
    scheduler.tick();
    assertThat(paused()).isEmpty();
    assertThat(booting()).containsExactly("n02");
  }

  @Test
  void aBootingNodeServedNothingPausesTheWaveUntilItsFirstFile() {
    wave(3, Optional.of(2), Optional.empty());
    scheduler.tick();
    clock.advance(Duration.ofSeconds(10));
    transfer("n01", "pxelinux.0", "completed");
    clock.advance(Duration.ofMinutes(5));
    firstEvent("n01");
    scheduler.tick();
    assertThat(paused()).contains("no boot file served to n02 within 5m of power-on");
    assertThat(waiting()).containsExactly("n03");

    transfer("n02", "pxelinux.0", "completed");
    scheduler.tick();
    assertThat(paused()).as("the condition cleared: the wave goes on").isEmpty();
    assertThat(booting()).containsExactly("n02", "n03");
  }

  @Test
  void aNodeWhoseAgentNeverCallsFailsAtTheBootTimeoutAndFreesItsPlace() {
    wave(2, Optional.of(1), Optional.empty());
    scheduler.tick();
    transfer("n01", "pxelinux.0", "completed");
    clock.advance(Duration.ofMinutes(19));
    scheduler.tick();
    assertThat(booting()).containsExactly("n01");
    clock.advance(Duration.ofMinutes(1));
    scheduler.tick();
    Node n01 = store.node("n01").orElseThrow();
    assertThat(n01.status().state()).isEqualTo(dev.lui.core.domain.NodeState.FAILED);
    assertThat(n01.status().error()).contains("no agent call within 20m of power-on");
    assertThat(n01.status().poweredOn()).as("still says when it was powered on").contains(T0);
    assertThat(booting()).containsExactly("n02");
  }

  @Test
  void theBootTimeoutAndStallAreSettings() {
    WaveScheduler quick =
        new WaveScheduler(
            store,
            new PowerService(new PowerBatch(bmcs, b -> BmcPassword.of("pw"))),
            clock,
            dev.lui.core.config.WaveWatch.of("90s", "30s", 1));
    wave(3, Optional.of(2), Optional.empty());
    quick.tick();
    transfer("n01", "pxelinux.0", "completed");
    transfer("n01", "lui/vmlinuz", "timed_out");
    firstEvent("n01");
    clock.advance(Duration.ofSeconds(30));
    quick.tick();
    assertThat(paused()).contains("no boot file served to n02 within 30s of power-on");
    clock.advance(Duration.ofSeconds(60));
    quick.tick();
    assertThat(store.node("n02").orElseThrow().status().error())
        .contains("no agent call within 90s of power-on");
    assertThat(paused()).as("n02 failed: nobody is in trouble any more").isEmpty();
    assertThat(booting()).containsExactly("n03");
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
