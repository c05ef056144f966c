package dev.lui.core.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.ErrorKind;
import dev.lui.core.Fixtures;
import dev.lui.core.LuiException;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Node;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.NodeEvent;
import dev.lui.core.store.Run;
import dev.lui.core.store.Store;
import dev.lui.core.store.TransferEntry;
import dev.lui.core.timeline.TimelineEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timelines assembled from a store filled as the server fills it; run against both stores. */
abstract class TimelinesContract {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  Store store;
  Timelines timelines;
  final Map<String, Long> seqs = new HashMap<>();

  abstract Store open() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    store = open();
    timelines = new Timelines(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  /** Node 1 armed as {@code armId} at {@code seconds}, with the given status. */
  Node armed(String armId, double seconds) {
    Node n = Fixtures.node(1);
    InstallStatus status = InstallStatus.armed(armId, "hash", at(seconds));
    store.recordNodeEvent(
        new NodeEvent("n01", armId, at(seconds), NodeEvent.Kind.ARMED, "armed", "", true));
    n = n.withStatus(status);
    store.putNode(n);
    return n;
  }

  void power(String armId, double seconds, boolean ok, String line) {
    store.recordNodeEvent(
        new NodeEvent("n01", armId, at(seconds), NodeEvent.Kind.POWER, "power start", line, ok));
  }

  void tftp(double seconds, String path, long bytes, String outcome, String detail) {
    store.recordTransfer(
        new TransferEntry(
            at(seconds),
            "10.0.0.11:2070",
            path,
            bytes,
            outcome,
            Optional.of("n01"),
            Optional.of(Duration.ofMillis(250)),
            Optional.of(detail).filter(d -> !d.isEmpty())));
  }

  void http(double seconds, String path, long bytes) {
    store.recordTransfer(
        new TransferEntry(
            at(seconds), "http:10.0.0.11:40000", path, bytes, "served", Optional.of("n01")));
  }

  Run run(String id, String armId, double opened) {
    Run r = Run.open(id, "n01", armId, Run.Kind.INSTALL, at(opened));
    store.putRun(r);
    return r;
  }

  void event(String run, String kind, String step, double seconds, Boolean ok, String text) {
    store.appendLog(
        new LogEntry(
            0,
            "n01",
            run,
            seqs.merge(run, 1L, Long::sum),
            at(seconds),
            kind,
            Optional.ofNullable(step),
            Optional.of("agent"),
            Optional.ofNullable(text),
            Optional.ofNullable(ok)));
  }

  void step(String run, String step, double start, double end, boolean ok, String error) {
    event(run, "step-started", step, start, null, null);
    event(run, "log", step, start + 0.1, null, "a line of output: not a timeline event");
    event(run, "step-finished", step, end, ok, ok ? null : error);
  }

  /** An install: plan fetched, two steps, the end, the first disk boot; boot files before. */
  void goodInstall(String armId, String runId, double from) {
    power(armId, from + 1, true, "n01 ipmi://admin@10.0.1.1:623 power cycle: ok");
    tftp(from + 5, "pxelinux.0", 26_000, "completed", "");
    tftp(from + 6, "../etc/shadow", 0, "denied", "outside the root");
    http(from + 8, "vmlinuz", 10_485_760);
    Run r = run(runId, armId, from + 20);
    step(runId, "partition", from + 21, from + 25, true, null);
    step(runId, "install-payloads", from + 25, from + 70, true, null);
    event(runId, "install-finished", null, from + 71, true, "installed");
    store.putRun(r.ended(true, at(from + 71)));
    event(
        runId,
        "first-boot",
        null,
        from + 120,
        true,
        "the installed system reported its first boot");
  }

  @Test
  void anInstalledNodeShowsItsWayFromArmedToItsFirstDiskBootInOrder() {
    Node n = armed("arm1", 0);
    goodInstall("arm1", "r-1", 0);
    store.putNode(
        n.withStatus(
            n.status()
                .installing(at(20))
                .finished(true, Optional.empty(), at(71))
                .verified(at(120))));

    Timeline t = timelines.of("n01", Optional.empty()).orElseThrow();

    assertThat(t.node()).isEqualTo("n01");
    assertThat(t.run()).contains("r-1");
    assertThat(t.runs()).extracting(RunRef::id).containsExactly("r-1");
    assertThat(t.events())
        .extracting(TimelineEvent::kind)
        .containsExactly(
            Kind.ARMED,
            Kind.POWER,
            Kind.BOOT_FILE,
            Kind.BOOT_FILE,
            Kind.BOOT_FILE,
            Kind.PLAN_FETCH,
            Kind.STEP,
            Kind.STEP,
            Kind.INSTALLED,
            Kind.FIRST_BOOT);
    assertThat(t.events()).extracting(TimelineEvent::at).isSorted();
    TimelineEvent pxe = t.events().get(2);
    assertThat(pxe.title()).isEqualTo("pxelinux.0");
    assertThat(pxe.detail()).isEqualTo("tftp completed, 25.4 KiB, client 10.0.0.11:2070");
    assertThat(pxe.at()).as("a timed transfer at its start").isEqualTo(at(4.75));
    assertThat(pxe.duration()).contains(Duration.ofMillis(250));
    assertThat(pxe.failure()).isFalse();
    TimelineEvent refused = t.events().get(3);
    assertThat(refused.failure()).as("a refused boot file is a failure").isTrue();
    assertThat(refused.detail()).isEqualTo("tftp denied: outside the root, client 10.0.0.11:2070");
    assertThat(t.events().get(4).detail())
        .isEqualTo("http served, 10.0 MiB, client 10.0.0.11:40000");
    assertThat(t.events().get(4).duration()).as("HTTP transfers are not timed").isEmpty();
    assertThat(t.events().subList(6, 8))
        .extracting(TimelineEvent::title, TimelineEvent::duration, TimelineEvent::failure)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "partition", Optional.of(Duration.ofSeconds(4)), false),
            org.assertj.core.groups.Tuple.tuple(
                "install-payloads", Optional.of(Duration.ofSeconds(45)), false));
  }

  @Test
  void aFailedNodeShowsTheStepThatFailedAndItsReason() {
    Node n = armed("arm1", 0);
    power("arm1", 1, true, "power on: ok");
    run("r-1", "arm1", 20);
    step("r-1", "partition", 21, 22, false, "sfdisk exited 1");
    event("r-1", "install-finished", null, 23, false, "the install failed");
    store.putNode(
        n.withStatus(
            n.status()
                .installing(at(20))
                .atStep("partition")
                .failedWith("partition: sfdisk exited 1")
                .finished(false, Optional.of("the install failed"), at(23))));

    Timeline t = timelines.of("n01", Optional.empty()).orElseThrow();

    TimelineEvent step =
        t.events().stream().filter(e -> e.kind() == Kind.STEP).findFirst().orElseThrow();
    assertThat(step.failure()).isTrue();
    assertThat(step.detail()).isEqualTo("sfdisk exited 1");
    TimelineEvent last = t.events().get(t.events().size() - 1);
    assertThat(last.kind()).isEqualTo(Kind.FAILED);
    assertThat(last.failure()).isTrue();
    assertThat(last.detail()).as("the first error wins").isEqualTo("partition: sfdisk exited 1");
  }

  @Test
  void aBootThatNeverReachedTheAgentFailsWithTheWatchsReasonAndNoRun() {
    Node n = armed("arm1", 0);
    power("arm1", 1, false, "n01 ipmi://admin@10.0.1.1:623 power on failed: BMC refused");
    power("arm1", 30, true, "n01 ipmi://admin@10.0.1.1:623 power on: ok");
    store.putNode(
        n.withStatus(
            n.status()
                .poweredOnAt(at(30))
                .bootFailed("no boot file served within 5m of power-on", at(330))));

    Timeline t = timelines.of("n01", Optional.empty()).orElseThrow();

    assertThat(t.run()).isEmpty();
    assertThat(t.events())
        .extracting(TimelineEvent::kind, TimelineEvent::failure)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.ARMED, false),
            org.assertj.core.groups.Tuple.tuple(Kind.POWER, true),
            org.assertj.core.groups.Tuple.tuple(Kind.POWER, false),
            org.assertj.core.groups.Tuple.tuple(Kind.FAILED, true));
    assertThat(t.events().get(3).detail()).isEqualTo("no boot file served within 5m of power-on");
  }

  @Test
  void aStepStillRunningHasNoDuration() {
    armed("arm1", 0);
    run("r-1", "arm1", 20);
    event("r-1", "step-started", "install-payloads", 21, null, null);

    Timeline t = timelines.of("n01", Optional.empty()).orElseThrow();

    TimelineEvent step = t.events().get(t.events().size() - 1);
    assertThat(step.kind()).isEqualTo(Kind.STEP);
    assertThat(step.duration()).isEmpty();
    assertThat(step.detail()).isEqualTo("not finished");
  }

  @Test
  void earlierRunsAreSelectableAndEachShowsItsOwnArmingAndBootFiles() {
    armed("arm1", 0);
    goodInstall("arm1", "r-1", 0);
    Node n = armed("arm2", 1000);
    goodInstall("arm2", "r-2", 1000);

    Timeline newest = timelines.of("n01", Optional.empty()).orElseThrow();
    Timeline first = timelines.of("n01", Optional.of("1")).orElseThrow();

    assertThat(newest.run()).contains("r-2");
    assertThat(newest.runs()).extracting(RunRef::id).containsExactly("r-1", "r-2");
    assertThat(newest.events().get(0).at()).isEqualTo(at(1000));
    assertThat(newest.events()).allMatch(e -> !e.at().isBefore(at(1000)));
    assertThat(first.run()).contains("r-1");
    assertThat(first.events().get(0).kind()).isEqualTo(Kind.ARMED);
    assertThat(first.events().get(0).detail()).contains("arm1");
    assertThat(first.events())
        .as("the first run's boot files, not the second's")
        .filteredOn(e -> e.kind() == Kind.BOOT_FILE)
        .hasSize(3)
        .allMatch(e -> e.at().isBefore(at(1000)));
    assertThat(timelines.of("n01", Optional.of("-1")).orElseThrow().run()).contains("r-2");
    assertThat(timelines.of("n01", Optional.of("r-1")).orElseThrow().run()).contains("r-1");
    assertThat(n.status().armId()).isEqualTo("arm2");
  }

  @Test
  void aReArmedNodeWithoutARunYetShowsItsNewArmingAlone() {
    armed("arm1", 0);
    goodInstall("arm1", "r-1", 0);
    armed("arm2", 1000);
    power("arm2", 1001, true, "power cycle: ok");

    Timeline t = timelines.of("n01", Optional.empty()).orElseThrow();

    assertThat(t.run()).isEmpty();
    assertThat(t.runs()).hasSize(1);
    assertThat(t.events()).extracting(TimelineEvent::kind).containsExactly(Kind.ARMED, Kind.POWER);
  }

  @Test
  void aRunThatIsNotKeptIsRefusedWithTheWayToListThem() {
    armed("arm1", 0);
    goodInstall("arm1", "r-1", 0);

    assertThatThrownBy(() -> timelines.of("n01", Optional.of("5")))
        .isInstanceOfSatisfying(
            LuiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining("give 1 to 1")
        .hasMessageContaining("lui logs n01 --runs");
    assertThatThrownBy(() -> timelines.of("n01", Optional.of("r-gone")))
        .isInstanceOfSatisfying(
            LuiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
  }

  @Test
  void anUnknownNodeHasNoTimeline() {
    assertThat(timelines.of("n99", Optional.empty())).isEmpty();
  }
}
