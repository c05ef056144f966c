package dev.lui.core.report;

import dev.lui.core.domain.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One node's line of the batch report (docs/api.md, {@code GET /api/v1/report}). */
public record ReportLine(
    String name,
    String state,
    Optional<String> step,
    Optional<String> error,
    Optional<Long> seconds,
    List<String> lastLines,
    Optional<String> rehearsal,
    List<BatchReport.StepTime> steps) {
  static ReportLine of(
      Node n,
      List<String> lastLines,
      Optional<dev.lui.core.store.Run> lastRehearsal,
      List<BatchReport.StepTime> steps) {
    Optional<Long> seconds =
        n.status()
            .started()
            .map(s -> Duration.between(s, n.status().ended().orElse(Instant.now())).toSeconds());
    return new ReportLine(
        n.name(),
        n.status().state().wireName(),
        n.status().step(),
        n.status().error(),
        seconds,
        lastLines,
        lastRehearsal.map(r -> r.ok().map(ok -> ok ? "ok" : "failed").orElse("running")),
        steps);
  }
}
