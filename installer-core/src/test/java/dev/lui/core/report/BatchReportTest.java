package dev.lui.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.Fixtures;
import dev.lui.core.domain.Node;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.MemoryStore;
import dev.lui.core.store.Run;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The batch report computed from a store filled with agent events, as the server stores them. */
class BatchReportTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  final MemoryStore store = new MemoryStore();
  final Map<String, Long> seqs = new HashMap<>();

  /** Node i, with an install run under its current arming. */
  Node node(int i, String... finalState) {
    Node n = Fixtures.node(i);
    if (finalState.length > 0) {
      n =
          n.withStatus(
              n.status()
                  .installing(T0)
                  .finished(
                      finalState[0].equals("installed"),
                      Optional.of("partition: sfdisk exited 1"),
                      T0.plusSeconds(60)));
    }
    store.putNode(n);
    store.putRun(Run.open(run(n), n.name(), n.status().armId(), Run.Kind.INSTALL, T0));
    return n;
  }

  static String run(Node n) {
    return "run-" + n.name();
  }

  void event(Node n, String runId, String kind, String step, double atSeconds, Boolean ok) {
    event(n, runId, kind, step, atSeconds, ok, Optional.empty());
  }

  void event(
      Node n,
      String runId,
      String kind,
      String step,
      double atSeconds,
      Boolean ok,
      Optional<String> text) {
    store.appendLog(
        new LogEntry(
            0,
            n.name(),
            runId,
            seqs.merge(runId, 1L, Long::sum),
            T0.plusMillis((long) (atSeconds * 1000)),
            kind,
            Optional.of(step),
            Optional.empty(),
            text,
            Optional.ofNullable(ok)));
  }

  /** A step from {@code start} for {@code seconds}, with a log line in between. */
  void step(Node n, String step, double start, double seconds, boolean ok) {
    event(n, run(n), "step-started", step, start, null);
    event(n, run(n), "log", step, start, null, Optional.of("working on " + step));
    event(
        n,
        run(n),
        "step-finished",
        step,
        start + seconds,
        ok,
        ok ? Optional.empty() : Optional.of("sfdisk exited 1"));
  }

  @Test
  void givesEachStepItsMedianAndItsSlowestNode() {
    Node a = node(1, "installed");
    Node b = node(2, "installed");
    Node c = node(3, "installed");
    step(a, "partition", 0, 2, true);
    step(b, "partition", 0, 4, true);
    step(c, "partition", 0, 9, true);
    step(a, "payloads", 2, 10, true);
    step(b, "payloads", 4, 30, true);
    step(c, "payloads", 9, 12, true);

    BatchReport.Result r = BatchReport.of(store, List.of(a, b, c));

    assertThat(r.steps())
        .containsExactly(
            new BatchReport.StepSummary(
                "partition", 3, Optional.of(4.0), Optional.of("n03"), Optional.of(9.0), 0),
            new BatchReport.StepSummary(
                "payloads", 3, Optional.of(12.0), Optional.of("n02"), Optional.of(30.0), 0));
    assertThat(r.nodes().get(1).steps())
        .containsExactly(
            new BatchReport.StepTime("partition", 4.0, true),
            new BatchReport.StepTime("payloads", 30.0, true));
  }

  @Test
  void takesTheMeanOfTheMiddleTwoForAnEvenCountAndKeepsMilliseconds() {
    Node a = node(1, "installed");
    Node b = node(2, "installed");
    step(a, "mount", 0, 0.25, true);
    step(b, "mount", 0, 1.5, true);
    assertThat(BatchReport.of(store, List.of(a, b)).steps().get(0).medianSeconds()).contains(0.875);
  }

  @Test
  void countsFailuresPerStepApartFromTheDurationsAndShowsTheReasonAndLastLines() {
    Node a = node(1, "installed");
    Node b = node(2, "failed");
    step(a, "partition", 0, 3, true);
    step(b, "partition", 0, 100, false);
    step(b, "unmount", 100, 1, true);

    BatchReport.Result r = BatchReport.of(store, List.of(a, b));

    assertThat(r.steps().get(0))
        .as("the failed node's 100 s are not the slowest success")
        .isEqualTo(
            new BatchReport.StepSummary(
                "partition", 1, Optional.of(3.0), Optional.of("n01"), Optional.of(3.0), 1));
    ReportLine failed = r.nodes().get(1);
    assertThat(failed.state()).isEqualTo("failed");
    assertThat(failed.error()).contains("partition: sfdisk exited 1");
    assertThat(failed.lastLines()).contains("working on partition", "sfdisk exited 1");
    assertThat(failed.steps()).contains(new BatchReport.StepTime("partition", 100.0, false));
    assertThat(r.nodes().get(0).lastLines()).as("only failed nodes have last lines").isEmpty();
  }

  @Test
  void aStepWithoutItsEndAndAStepOnlyFailedHaveNoDuration() {
    Node a = node(1);
    Node b = node(2, "failed");
    event(a, run(a), "step-started", "payloads", 0, null);
    step(b, "payloads", 0, 5, false);

    BatchReport.Result r = BatchReport.of(store, List.of(a, b));

    assertThat(r.nodes().get(0).steps()).as("still running").isEmpty();
    assertThat(r.steps())
        .containsExactly(
            new BatchReport.StepSummary(
                "payloads", 0, Optional.empty(), Optional.empty(), Optional.empty(), 1));
  }

  @Test
  void countsOnlyTheLatestInstallOfTheCurrentArmingNotRehearsalsOrEarlierInstalls() {
    Node a = node(1, "installed");
    store.putRun(Run.open("older", a.name(), "an earlier arming", Run.Kind.INSTALL, T0));
    store.putRun(
        Run.open("dry", a.name(), a.status().armId(), Run.Kind.REHEARSAL, T0).ended(true, T0));
    event(a, "older", "step-started", "partition", 0, null);
    event(a, "older", "step-finished", "partition", 50, true);
    event(a, "dry", "step-started", "partition", 0, null);
    event(a, "dry", "step-finished", "partition", 70, true);
    step(a, "partition", 0, 2, true);

    BatchReport.Result r = BatchReport.of(store, List.of(a));

    assertThat(r.nodes().get(0).steps())
        .containsExactly(new BatchReport.StepTime("partition", 2.0, true));
    assertThat(r.nodes().get(0).rehearsal()).contains("ok");
  }

  @Test
  void aNodeThatNeverStartedHasNoStepsAndTheSummaryIsEmpty() {
    Node a = Fixtures.node(1);
    store.putNode(a);
    BatchReport.Result r = BatchReport.of(store, List.of(a));
    assertThat(r.nodes()).extracting(ReportLine::state).containsExactly("defined");
    assertThat(r.nodes().get(0).steps()).isEmpty();
    assertThat(r.steps()).isEmpty();
  }
}
