package dev.lui.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.contract.event.AgentEvent;
import dev.lui.core.store.Run;
import dev.lui.tftp.TransferRecord;
import dev.lui.tftp.TransferRecord.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What each callback the server receives counts, read back from a plain registry. */
class ServerMetricsTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ServerMetrics metrics = new ServerMetrics(registry);

  static TransferRecord tftp(Outcome outcome, long bytes) {
    return new TransferRecord(
        new InetSocketAddress("127.0.0.1", 4000), "lui/vmlinuz", bytes, Duration.ZERO, outcome, "");
  }

  static AgentEvent event(String run, long seq, int second, AgentEvent.Kind kind, String step) {
    return new AgentEvent(
        run,
        seq,
        T0.plusSeconds(second),
        kind,
        Optional.of(step),
        Optional.empty(),
        Optional.empty(),
        kind == AgentEvent.Kind.STEP_FINISHED ? Optional.of(true) : Optional.empty());
  }

  double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void countsTftpTransfersByOutcomeAndTheirBytes() {
    metrics.tftpTransfer(tftp(Outcome.COMPLETED, 4096));
    metrics.tftpTransfer(tftp(Outcome.COMPLETED, 512));
    metrics.tftpTransfer(tftp(Outcome.NOT_FOUND, 0));

    assertThat(counter("lui.tftp.transfers", "outcome", "completed")).isEqualTo(2);
    assertThat(counter("lui.tftp.transfers", "outcome", "not_found")).isEqualTo(1);
    assertThat(counter("lui.tftp.transfers", "outcome", "timed_out")).isZero();
    assertThat(counter("lui.tftp.transferred")).isEqualTo(4608);
  }

  @Test
  void countsHttpRequestsByRouteTemplateAndStatus() {
    metrics.httpRequest("admin", "GET", "/api/v1/nodes/{name}", 200);
    metrics.httpRequest("admin", "GET", "/api/v1/nodes/{name}", 200);
    metrics.httpRequest("admin", "GET", "/api/v1/nodes/{name}", 404);

    assertThat(
            counter(
                "lui.http.requests",
                "listener",
                "admin",
                "route",
                "/api/v1/nodes/{name}",
                "status",
                "200"))
        .isEqualTo(2);
    assertThat(counter("lui.http.requests", "status", "404")).isEqualTo(1);
  }

  @Test
  void aBatchCountsNothingUntilRecorded() {
    ServerMetrics.AgentBatch batch = metrics.agentBatch(3);
    batch.admitted(3);
    assertThat(counter("lui.agent.events.received")).isZero();
    batch.record();
    assertThat(counter("lui.agent.events.received")).isEqualTo(3);
  }

  @Test
  void countsEventsOverTheQuotaAndResentOnesAsDropped() {
    ServerMetrics.AgentBatch batch = metrics.agentBatch(10);
    batch.admitted(7); // 3 over the quota
    for (int i = 0; i < 5; i++) { // 2 of the 7 were resends
      batch.stored(event("r1", i + 1, i, AgentEvent.Kind.LOG, "partition"));
    }
    batch.record();

    assertThat(counter("lui.agent.events.received")).isEqualTo(10);
    assertThat(counter("lui.agent.events.dropped", "reason", "over_quota")).isEqualTo(3);
    assertThat(counter("lui.agent.events.dropped", "reason", "duplicate")).isEqualTo(2);
  }

  @Test
  void timesAStepFromItsStartedToItsFinishedEventAcrossBatches() {
    ServerMetrics.AgentBatch first = metrics.agentBatch(1);
    first.stored(event("r1", 1, 0, AgentEvent.Kind.STEP_STARTED, "partition"));
    first.record();
    ServerMetrics.AgentBatch second = metrics.agentBatch(1);
    second.stored(event("r1", 2, 42, AgentEvent.Kind.STEP_FINISHED, "partition"));
    second.record();

    var timer = registry.get("lui.install.step.duration").tags("step", "partition").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(42);
  }

  @Test
  void aFinishedStepWithoutItsStartIsNotTimed() {
    ServerMetrics.AgentBatch batch = metrics.agentBatch(1);
    batch.stored(event("r1", 2, 42, AgentEvent.Kind.STEP_FINISHED, "partition"));
    batch.record();

    assertThat(registry.find("lui.install.step.duration").timers()).isEmpty();
  }

  @Test
  void stepNamesBeyondTheCapCountAsOther() {
    for (int i = 0; i <= ServerMetrics.MAX_STEP_NAMES; i++) {
      ServerMetrics.AgentBatch batch = metrics.agentBatch(2);
      batch.stored(event("r1", 1, 0, AgentEvent.Kind.STEP_STARTED, "step" + i));
      batch.stored(event("r1", 2, 1, AgentEvent.Kind.STEP_FINISHED, "step" + i));
      batch.record();
    }

    assertThat(registry.find("lui.install.step.duration").timers())
        .hasSize(ServerMetrics.MAX_STEP_NAMES + 1);
    assertThat(registry.get("lui.install.step.duration").tags("step", "other").timer().count())
        .isEqualTo(1);
  }

  @Test
  void timesAnInstallFromItsPlanFetchToItsEndByKindAndResult() {
    Run run = Run.open("r1", "n01", "arm1", Run.Kind.INSTALL, T0);
    ServerMetrics.AgentBatch batch = metrics.agentBatch(1);
    batch.ended(run.ended(false, T0.plusSeconds(600)));
    batch.record();

    var timer =
        registry.get("lui.install.duration").tags("kind", "install", "result", "failed").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(600);
  }
}
