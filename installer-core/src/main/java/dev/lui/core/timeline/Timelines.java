package dev.lui.core.timeline;

import dev.lui.contract.event.AgentEvent;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeState;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.NodeEvent;
import dev.lui.core.store.Run;
import dev.lui.core.store.Store;
import dev.lui.core.store.TransferEntry;
import dev.lui.core.timeline.TimelineEvent.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Puts a node's timeline together from what the store keeps (#16): its arming and power actions
 * ({@link NodeEvent}s), the boot files served to it (transfers), its run (the plan fetch), the
 * run's step, end and first-boot events (its log), and its install status.
 *
 * <p>A timeline shows one arming and at most one run of it. Its boot files and power actions are
 * those of the run's window: from the end of the node's previous run (or its arming, if later) to
 * the end of this run when a later run or arming follows, else to now. So the files of a reboot
 * into the next run count for that run, and the first disk boot's for the install that made it.
 */
public final class Timelines {
  /** Transfers read per timeline: far more than a boot makes, a bound against a looping one. */
  static final int TRANSFERS = 2000;

  private static final Set<String> RUN_KINDS =
      Set.of(
          AgentEvent.Kind.STEP_STARTED.json(),
          AgentEvent.Kind.STEP_FINISHED.json(),
          AgentEvent.Kind.INSTALL_FINISHED.json(),
          "first-boot");

  private final Store store;

  public Timelines(Store store) {
    this.store = store;
  }

  /**
   * The node's timeline; empty for an unknown node. {@code run} names a kept run as {@code lui logs
   * --run} does (1 oldest, -1 newest, or its id; a bad name is a {@code LuiException} of kind
   * invalid or not-found); without it, the newest run of the current arming, or the current arming
   * alone when it has no run yet.
   */
  public Optional<Timeline> of(String nodeName, Optional<String> run) {
    return store.transaction(
        () -> store.node(nodeName).map(node -> build(node, run.map(String::strip))));
  }

  private Timeline build(Node node, Optional<String> spec) {
    InstallStatus status = node.status();
    List<Run> runs = store.runs(node.name());
    Optional<Run> run =
        spec.isPresent()
            ? Optional.of(RunNames.named(runs, node.name(), spec.get()))
            : runs.stream().filter(r -> r.armId().equals(status.armId())).reduce((a, b) -> b);
    String armId = run.map(Run::armId).orElse(status.armId());
    List<NodeEvent> nodeEvents = store.nodeEvents(node.name());
    Optional<Instant> armed =
        nodeEvents.stream()
            .filter(e -> e.kind() == NodeEvent.Kind.ARMED && e.armId().equals(armId))
            .map(NodeEvent::time)
            .reduce((a, b) -> b);
    Window window = Window.of(runs, run, armed, nodeEvents, armId);

    List<TimelineEvent> events = new ArrayList<>();
    armed.ifPresent(
        at -> events.add(Events.simple(at, Kind.ARMED, "armed", "arming " + armId, false)));
    for (NodeEvent e : nodeEvents) {
      if (e.kind() == NodeEvent.Kind.POWER && window.contains(e.time())) {
        events.add(Events.simple(e.time(), Kind.POWER, e.title(), e.detail(), !e.ok()));
      }
    }
    for (TransferEntry t : store.transfersOf(node.name(), window.from(), TRANSFERS)) {
      if (window.contains(t.time())) {
        events.add(Events.bootFile(t));
      }
    }
    boolean ended = false;
    if (run.isPresent()) {
      Run r = run.get();
      events.add(Events.planFetch(r));
      List<LogEntry> log = store.runLog(node.name(), r.id(), RUN_KINDS);
      List<TimelineEvent> fromLog = Events.ofRun(log, failureOf(node, r, runs));
      ended = fromLog.stream().anyMatch(e -> e.kind() == Kind.INSTALLED || e.kind() == Kind.FAILED);
      events.addAll(fromLog);
    }
    boolean latest = run.map(r -> r.id().equals(latestInstall(runs, status))).orElse(true);
    if (!ended && latest && armId.equals(status.armId()) && status.state() == NodeState.FAILED) {
      // Failed without an agent's end: a boot that never reached the agent (BootWatch).
      events.add(
          Events.simple(
              status.ended().orElse(status.since()),
              Kind.FAILED,
              "failed",
              status.error().orElse("failed"),
              true));
    }
    events.sort(Comparator.comparing(TimelineEvent::at));
    List<RunRef> refs =
        runs.stream().map(r -> new RunRef(r.id(), r.opened(), r.ended(), r.ok())).toList();
    return new Timeline(node.name(), run.map(Run::id), refs, events);
  }

  private static String latestInstall(List<Run> runs, InstallStatus status) {
    return runs.stream()
        .filter(r -> !r.isRehearsal() && r.armId().equals(status.armId()))
        .reduce((a, b) -> b)
        .map(Run::id)
        .orElse("");
  }

  /**
   * The reason a failed run gets: the node's recorded error (the first failing step wins over the
   * agent's summary) when the run is the one that set the node's state; else the run's own words.
   */
  private static Optional<String> failureOf(Node node, Run run, List<Run> runs) {
    InstallStatus status = node.status();
    return run.id().equals(latestInstall(runs, status)) && status.state() == NodeState.FAILED
        ? status.error()
        : Optional.empty();
  }
}
