package dev.lui.agent.report;

import dev.lui.contract.event.AgentEvent;
import dev.lui.contract.event.DiskSelected;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates the events of one agent run: numbers them (seq from 1), stamps runId, time and the
 * current step, and hands them to a {@link Reporter}. Thread-safe.
 */
public final class EventLog {
  private final String runId;
  private final Reporter reporter;
  private final Clock clock;
  private long seq;
  private Optional<String> step = Optional.empty();

  public EventLog(String runId, Reporter reporter, Clock clock) {
    this.runId = runId;
    this.reporter = reporter;
    this.clock = clock;
  }

  public static EventLog newRun(Reporter reporter) {
    return new EventLog(UUID.randomUUID().toString(), reporter, Clock.systemUTC());
  }

  public String runId() {
    return runId;
  }

  public synchronized void log(String stream, String text) {
    emit(AgentEvent.Kind.LOG, step, Optional.of(stream), Optional.of(text), Optional.empty());
  }

  public synchronized void stepStarted(String name) {
    step = Optional.of(name);
    emit(AgentEvent.Kind.STEP_STARTED, step, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public synchronized void stepFinished(String name, boolean ok, Optional<String> error) {
    emit(
        AgentEvent.Kind.STEP_FINISHED, Optional.of(name), Optional.empty(), error, Optional.of(ok));
    step = Optional.empty();
  }

  /** The select-disk step chose {@code disk}: a typed event the server records the disk from. */
  public synchronized void diskSelected(DiskSelected disk) {
    seq++;
    reporter.report(AgentEvent.diskSelected(runId, seq, clock.instant(), step, disk));
  }

  public synchronized void installFinished(boolean ok, Optional<String> text) {
    emit(
        AgentEvent.Kind.INSTALL_FINISHED,
        Optional.empty(),
        Optional.empty(),
        text,
        Optional.of(ok));
  }

  // Synchronized with the callers so seq order equals delivery order to the reporter.
  private void emit(
      AgentEvent.Kind kind,
      Optional<String> stepName,
      Optional<String> stream,
      Optional<String> text,
      Optional<Boolean> ok) {
    seq++;
    reporter.report(new AgentEvent(runId, seq, clock.instant(), kind, stepName, stream, text, ok));
  }

  /** See {@link Reporter#flush}. */
  public boolean flush(java.time.Duration max) {
    return reporter.flush(max);
  }
}
