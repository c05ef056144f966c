package dev.lui.core.metrics;

import dev.lui.contract.event.AgentEvent;
import dev.lui.core.store.Run;
import dev.lui.tftp.TransferRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The meters fed by what the server is told as it happens: each TFTP transfer's record, each HTTP
 * request, each agent event batch and each ended agent run (docs/monitoring.md lists the series).
 * Counted here from the callbacks core already receives, so the leaf modules know nothing of
 * Micrometer. Every method is quick and never throws: callers sit on the TFTP loop and HTTP
 * threads.
 */
public final class ServerMetrics {
  /** Step names are the agent's: past this many distinct ones a new name counts as "other". */
  static final int MAX_STEP_NAMES = 64;

  /** Steps started and not yet finished, by run and step; past this many the oldest are dropped. */
  static final int MAX_OPEN_STEPS = 100_000;

  /** Histogram buckets (seconds) of a step and of a whole install. */
  private static final Duration[] STEP_BUCKETS = seconds(1, 5, 15, 30, 60, 120, 300, 600, 1800);

  private static final Duration[] INSTALL_BUCKETS =
      seconds(30, 60, 120, 300, 600, 900, 1800, 3600, 7200);

  private final MeterRegistry registry;
  private final Map<TransferRecord.Outcome, Counter> tftpTransfers =
      new EnumMap<>(TransferRecord.Outcome.class);
  private final Counter tftpBytes;
  private final Counter eventsReceived;
  private final Counter eventsOverQuota;
  private final Counter eventsDuplicate;
  private final Map<String, java.time.Instant> openSteps = new HashMap<>();
  private final Set<String> stepNames = new HashSet<>();

  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (TransferRecord.Outcome o : TransferRecord.Outcome.values()) {
      tftpTransfers.put(
          o,
          Counter.builder("lui.tftp.transfers")
              .description("TFTP requests ended, by outcome (refusals and errors included)")
              .tag("outcome", o.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    tftpBytes =
        Counter.builder("lui.tftp.transferred")
            .baseUnit("bytes")
            .description("Bytes of TFTP transfers (read and write), counted when each ends")
            .register(registry);
    eventsReceived =
        Counter.builder("lui.agent.events.received")
            .description("Agent events (log lines, steps, ends) posted to the node listener")
            .register(registry);
    eventsOverQuota = dropped("over_quota");
    eventsDuplicate = dropped("duplicate");
  }

  private Counter dropped(String reason) {
    return Counter.builder("lui.agent.events.dropped")
        .description("Agent events not stored: over the install's log quota, or resent")
        .tag("reason", reason)
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A TFTP request ended (the TFTP server's {@code TransferListener}). */
  public void tftpTransfer(TransferRecord r) {
    tftpTransfers.get(r.outcome()).increment();
    tftpBytes.increment(r.bytes());
  }

  /**
   * An HTTP request was answered.
   *
   * @param route the route template that matched ({@code /api/v1/nodes/{name}}), never the raw path
   *     (whose names would make a series per node); {@code unmatched} when none did
   */
  public void httpRequest(String listener, String method, String route, int status) {
    Counter.builder("lui.http.requests")
        .description("HTTP requests answered, by listener, method, route template and status")
        .tags("listener", listener, "method", method, "route", route)
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  /** One batch of agent events posted by a node: counted once its transaction has committed. */
  public AgentBatch agentBatch(int received) {
    return new AgentBatch(received);
  }

  /** What one {@code POST .../events} did; {@link #record} once the store has it. */
  public final class AgentBatch {
    private final int received;
    private int admitted;
    private final List<AgentEvent> stored = new ArrayList<>();
    private final List<Run> ended = new ArrayList<>();

    private AgentBatch(int received) {
      this.received = received;
      this.admitted = received;
    }

    /** How many events the log quota let through (the rest are counted as dropped). */
    public void admitted(int n) {
      admitted = n;
    }

    /** An event stored (not a resend). */
    public void stored(AgentEvent e) {
      stored.add(e);
    }

    /** A run the batch ended ({@code install-finished}). */
    public void ended(Run run) {
      ended.add(run);
    }

    public void record() {
      eventsReceived.increment(received);
      eventsOverQuota.increment(Math.max(0, received - admitted));
      eventsDuplicate.increment(Math.max(0, admitted - stored.size()));
      stored.forEach(ServerMetrics.this::stepEvent);
      ended.forEach(ServerMetrics.this::runEnded);
    }
  }

  /** A step's duration is the time between its agent's started and finished events. */
  private synchronized void stepEvent(AgentEvent e) {
    if (e.step().isEmpty()) {
      return;
    }
    String key = e.runId() + '\0' + e.step().get();
    switch (e.kind()) {
      case STEP_STARTED -> {
        if (openSteps.size() >= MAX_OPEN_STEPS) {
          openSteps.clear(); // runs that never finished; losing their durations is harmless
        }
        openSteps.put(key, e.time());
      }
      case STEP_FINISHED -> {
        java.time.Instant started = openSteps.remove(key);
        if (started != null && !e.time().isBefore(started)) {
          Timer.builder("lui.install.step.duration")
              .description("Agent steps, from step-started to step-finished (agent clock)")
              .tags("step", stepLabel(e.step().get()), "result", result(e.ok().orElse(true)))
              .serviceLevelObjectives(STEP_BUCKETS)
              .register(registry)
              .record(Duration.between(started, e.time()));
        }
      }
      default -> {}
    }
  }

  private String stepLabel(String step) {
    if (stepNames.contains(step)) {
      return step;
    }
    if (stepNames.size() < MAX_STEP_NAMES) {
      stepNames.add(step);
      return step;
    }
    return "other";
  }

  /** A run ended: from the plan fetch that opened it to its install-finished (server clock). */
  private void runEnded(Run run) {
    run.ended()
        .filter(end -> !end.isBefore(run.opened()))
        .ifPresent(
            end ->
                Timer.builder("lui.install.duration")
                    .description("Agent runs, from the plan fetch to install-finished")
                    .tags("kind", run.kind().wireName(), "result", result(run.ok().orElse(false)))
                    .serviceLevelObjectives(INSTALL_BUCKETS)
                    .register(registry)
                    .record(Duration.between(run.opened(), end)));
  }

  private static String result(boolean ok) {
    return ok ? "ok" : "failed";
  }

  private static Duration[] seconds(long... values) {
    Duration[] d = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = Duration.ofSeconds(values[i]);
    }
    return d;
  }
}
