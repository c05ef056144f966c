package dev.lui.core.report;

import dev.lui.contract.event.AgentEvent;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeState;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.Run;
import dev.lui.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The batch report ({@code GET /api/v1/report}, {@code lui report}): each node's result, the
 * durations of its steps, and per step the median and the slowest node, so a review sees at once
 * which step was slow and where.
 *
 * <p>A node's steps are those of its latest install run under its current arming (rehearsals and
 * earlier installs do not count): a step lasts from its {@code step-started} to its {@code
 * step-finished} event, by the agent's own timestamps. A step that never finished (the install is
 * still in it, or its events were past the log quota) has no duration. The median and the slowest
 * are over the steps that succeeded; failures are counted per step.
 */
public final class BatchReport {
  private BatchReport() {}

  private static final Set<String> STEP_KINDS =
      Set.of(AgentEvent.Kind.STEP_STARTED.json(), AgentEvent.Kind.STEP_FINISHED.json());

  /** One step of one node's install: how long it took and whether it succeeded. */
  public record StepTime(String step, double seconds, boolean ok) {}

  /**
   * One step over the batch: how many nodes finished it well ({@code nodes}), their median time,
   * the slowest of them and its time (absent when none finished it well), and how many failed it.
   */
  public record StepSummary(
      String step,
      int nodes,
      Optional<Double> medianSeconds,
      Optional<String> slowest,
      Optional<Double> slowestSeconds,
      int failed) {}

  /** The whole answer: the nodes' lines (in the set's order) and the steps in install order. */
  public record Result(List<ReportLine> nodes, List<StepSummary> steps) {}

  public static Result of(Store store, List<Node> nodes) {
    List<ReportLine> lines = new ArrayList<>();
    Map<String, List<Timed>> byStep = new LinkedHashMap<>();
    for (Node n : nodes) {
      List<Run> runs = store.runs(n.name());
      Optional<Run> install =
          runs.stream()
              .filter(r -> !r.isRehearsal() && r.armId().equals(n.status().armId()))
              .reduce((a, b) -> b);
      Optional<Run> rehearsal = runs.stream().filter(Run::isRehearsal).reduce((a, b) -> b);
      List<StepTime> steps =
          install.map(r -> steps(store.runLog(n.name(), r.id(), STEP_KINDS))).orElse(List.of());
      for (StepTime s : steps) {
        byStep.computeIfAbsent(s.step(), k -> new ArrayList<>()).add(new Timed(n.name(), s));
      }
      List<String> last =
          n.status().state() == NodeState.FAILED ? ReportLines.last(store, n.name()) : List.of();
      lines.add(ReportLine.of(n, last, rehearsal, steps));
    }
    List<StepSummary> summary = new ArrayList<>();
    byStep.forEach((step, timed) -> summary.add(summarize(step, timed)));
    return new Result(lines, summary);
  }

  /** Pairs each {@code step-finished} with the latest unfinished start of the same step. */
  static List<StepTime> steps(List<LogEntry> events) {
    Map<String, Instant> started = new HashMap<>();
    List<StepTime> out = new ArrayList<>();
    for (LogEntry e : events) {
      String step = e.step().orElse("?");
      if (e.kind().equals(AgentEvent.Kind.STEP_STARTED.json())) {
        started.put(step, e.time());
      } else {
        Instant start = started.remove(step);
        if (start != null) {
          double seconds = Duration.between(start, e.time()).toMillis() / 1000.0;
          out.add(new StepTime(step, Math.max(0, seconds), e.ok().orElse(true)));
        }
      }
    }
    return List.copyOf(out);
  }

  private record Timed(String node, StepTime time) {}

  static StepSummary summarize(String step, List<Timed> timed) {
    List<Timed> ok = timed.stream().filter(t -> t.time().ok()).toList();
    int failed = timed.size() - ok.size();
    if (ok.isEmpty()) {
      return new StepSummary(step, 0, Optional.empty(), Optional.empty(), Optional.empty(), failed);
    }
    double[] sorted = ok.stream().mapToDouble(t -> t.time().seconds()).sorted().toArray();
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    // The first node (in the set's order) among those with the longest time.
    Timed slowest = ok.get(0);
    for (Timed t : ok) {
      if (t.time().seconds() > slowest.time().seconds()) {
        slowest = t;
      }
    }
    return new StepSummary(
        step,
        ok.size(),
        Optional.of(median),
        Optional.of(slowest.node()),
        Optional.of(slowest.time().seconds()),
        failed);
  }
}
