package dev.lui.core.server;

import dev.lui.contract.disk.DiskIdentity;
import dev.lui.contract.event.AgentEvent;
import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeState;
import dev.lui.core.identity.Tokens;
import dev.lui.core.inventory.Change;
import dev.lui.core.inventory.Publication;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.NodePlans;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.Run;
import dev.lui.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node's agent may do with its install token: fetch its plan (which opens a run) and the
 * files it names, and report the events of a run the server issued to it. Nothing else: the token
 * opens no admin call and no other node's data.
 */
public final class AgentService {
  private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final Store store;
  private final Publication publication;
  private final NodePlans plans;
  private final Clock clock;
  private final AgentLogLimits logLimits = new AgentLogLimits();
  private final int runsKept;
  private final dev.lui.core.metrics.ServerMetrics metrics;

  /**
   * @param runsKept how many runs each node's log keeps ({@code log-runs-kept}); opening one more
   *     drops the oldest with its log
   * @param metrics counts the events, steps and installs ({@code /metrics})
   */
  public AgentService(
      Store store,
      Publication publication,
      NodePlans plans,
      Clock clock,
      int runsKept,
      dev.lui.core.metrics.ServerMetrics metrics) {
    this.metrics = metrics;
    this.store = store;
    this.publication = publication;
    this.plans = plans;
    this.clock = clock;
    this.runsKept = runsKept;
  }

  /** The node whose current install token {@code token} is; one answer for every mismatch. */
  private Node tokenHolder(String nodeName, Optional<String> token) {
    Optional<Node> node = store.node(nodeName);
    if (node.isEmpty()
        || token.isEmpty()
        || !Tokens.matches(token.get(), node.get().status().tokenHash())) {
      throw new LuiException(ErrorKind.UNAUTHORIZED, "unknown node or bad token");
    }
    return node.get();
  }

  /** The node, if {@code token} is its current install token and its install is not finished. */
  public Node authenticate(String nodeName, Optional<String> token) {
    Node node = tokenHolder(nodeName, token);
    if (node.status().state().isInstalled()) {
      throw new LuiException(
          ErrorKind.FORBIDDEN,
          "node " + nodeName + " is installed; re-arm it with 'lui install " + nodeName + "'");
    }
    return node;
  }

  /**
   * The events a node's agent posts with {@code token}: {@link #events}. Once its install ended,
   * only a resend of events stored already is taken (stored: 0), not refused: the agent resends the
   * batch that held {@code install-finished} when the answer to it was lost (a timeout under load),
   * and a 403 would make it report events it delivered as undelivered.
   */
  public int postEvents(String nodeName, Optional<String> token, Supplier<List<AgentEvent>> read) {
    Node node = tokenHolder(nodeName, token);
    List<AgentEvent> events = read.get();
    if (node.status().state().isInstalled() && !events.isEmpty() && storedAlready(node, events)) {
      return 0;
    }
    return events(authenticate(nodeName, token), events);
  }

  private boolean storedAlready(Node node, List<AgentEvent> events) {
    Map<String, Set<Long>> seqs = new HashMap<>();
    for (AgentEvent e : events) {
      Set<Long> stored =
          seqs.computeIfAbsent(
              e.runId(),
              run ->
                  store.runLog(node.name(), run, kindsOf(events)).stream()
                      .map(LogEntry::seq)
                      .collect(java.util.stream.Collectors.toSet()));
      if (!stored.contains(e.seq())) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> kindsOf(List<AgentEvent> events) {
    return events.stream().map(AgentEvent::kindName).collect(java.util.stream.Collectors.toSet());
  }

  /**
   * The installed system's first boot report (the unit the agent installed on the disk, carrying
   * the install token it was installed with). Only an installed node's own token counts; a repeat
   * is harmless. Nothing else accepts the token once the node is installed.
   */
  public Node firstBoot(String nodeName, Optional<String> token) {
    return store.transaction(
        () -> {
          Node node = tokenHolder(nodeName, token);
          NodeState state = node.status().state();
          if (state == NodeState.VERIFIED) {
            return node;
          }
          if (state != NodeState.INSTALLED) {
            throw new LuiException(
                ErrorKind.CONFLICT,
                "node "
                    + nodeName
                    + " is "
                    + state.wireName()
                    + ", not installed: a first boot report comes after a good install");
          }
          Instant now = clock.instant();
          // Logged in the run that installed the node, so it is kept and dropped with that run.
          String runId =
              store.runs(nodeName).stream()
                  .filter(r -> !r.isRehearsal() && r.armId().equals(node.status().armId()))
                  .reduce((a, b) -> b)
                  .map(Run::id)
                  .orElse("first-boot");
          store.appendLog(
              new LogEntry(
                  0,
                  nodeName,
                  runId,
                  now.toEpochMilli(),
                  now,
                  "first-boot",
                  Optional.empty(),
                  Optional.of("server"),
                  Optional.of("the installed system reported its first boot"),
                  Optional.of(true)));
          Node verified = node.withStatus(node.status().verified(now));
          store.putNode(verified);
          LOG.info("node {} reported its first boot: verified", nodeName);
          return verified;
        });
  }

  /** A plan handed to an agent, and the run it opened (the agent stamps its events with it). */
  public record IssuedPlan(String runId, String json) {}

  /**
   * Fetching the plan opens a run. An install run marks the install as started; a rehearsal ({@code
   * lui-agent --dry-run}) changes nothing but the log. Only an armed node gets a plan.
   */
  public IssuedPlan plan(Node node, String token, boolean rehearsal) {
    return store.transaction(
        () -> {
          Node current = store.node(node.name()).orElseThrow();
          Catalog catalog = Catalog.forNode(store, current);
          Arming arming = catalog.arming(current);
          if (!arming.armed()) {
            throw LuiException.conflict(
                "node "
                    + node.name()
                    + " is not armed: "
                    + arming.why().orElse("")
                    + "; there is no plan to run");
          }
          String json = plans.nodePlan(store, catalog, current, token);
          Run run =
              Run.open(
                  newRunId(),
                  current.name(),
                  current.status().armId(),
                  rehearsal ? Run.Kind.REHEARSAL : Run.Kind.INSTALL,
                  clock.instant());
          store.putRun(run);
          List<String> dropped =
              NodeRuns.beyond(store.runs(current.name()), current.status().armId(), runsKept);
          if (!dropped.isEmpty()) {
            store.deleteRuns(current.name(), dropped);
          }
          if (!rehearsal) {
            store.putNode(current.withStatus(current.status().installing(clock.instant())));
          }
          LOG.info(
              "node {} fetched its plan: {} run {}", node.name(), run.kind().wireName(), run.id());
          return new IssuedPlan(run.id(), json);
        });
  }

  private static String newRunId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return "r-" + java.util.HexFormat.of().formatHex(b);
  }

  /**
   * Stores the events (resends are ignored) and moves the node's status along. Every event must
   * belong to a run this server issued to the node under its current arming; only the latest
   * install run moves the state (an earlier run's late events are kept in the log only), and a
   * rehearsal never does.
   *
   * <p>Events commit in the store alone, beside publications rather than queued behind them; an
   * install that ends here then waits for its files (entries go or switch to local boot) to follow
   * before the agent gets its answer and reboots, staged with other installs ending meanwhile.
   */
  public int events(Node node, List<AgentEvent> events) {
    dev.lui.core.metrics.ServerMetrics.AgentBatch counted = metrics.agentBatch(events.size());
    Publication.Outcome<Integer> outcome =
        store.transaction(() -> storeEvents(node, events, counted));
    publication.follow(store, outcome.change());
    return outcome.value();
  }

  private Publication.Outcome<Integer> storeEvents(
      Node node, List<AgentEvent> events, dev.lui.core.metrics.ServerMetrics.AgentBatch counted) {
    Node current = store.node(node.name()).orElseThrow();
    Map<String, Run> runs = new HashMap<>();
    for (Run r : store.runs(node.name())) {
      if (r.armId().equals(current.status().armId())) {
        runs.put(r.id(), r);
      }
    }
    Optional<Run> latestInstall =
        runs.values().stream()
            .filter(r -> !r.isRehearsal())
            .max(java.util.Comparator.comparing(Run::opened));
    for (AgentEvent e : events) {
      if (!runs.containsKey(e.runId())) {
        throw LuiException.conflict(
            "run '"
                + LuiException.printable(e.runId())
                + "' was not issued to node "
                + node.name()
                + " for its current install; an agent gets its run by fetching its plan");
      }
    }
    List<AgentEvent> admitted = logLimits.admit(store, current, events);
    counted.admitted(admitted.size());
    // The disk a run selected is a fact of the run, kept even past the log quota; it becomes
    // the node's disk only if that run ends the install well (below).
    for (AgentEvent e : events) {
      if (e.kind() == AgentEvent.Kind.DISK_SELECTED) {
        Run run = runs.get(e.runId()).withDisk(e.disk().orElseThrow().identity());
        runs.put(run.id(), run);
        store.putRun(run);
      }
    }
    int stored = 0;
    boolean ended = false;
    for (AgentEvent e : admitted) {
      LogEntry entry =
          new LogEntry(
              0,
              node.name(),
              e.runId(),
              e.seq(),
              e.time(),
              e.kindName(),
              e.step(),
              e.stream(),
              e.text(),
              e.ok());
      if (!store.appendLog(entry)) {
        continue;
      }
      stored++;
      counted.stored(e);
      Run run = runs.get(e.runId());
      if (e.kind() == AgentEvent.Kind.INSTALL_FINISHED && run.ended().isEmpty()) {
        run = run.ended(e.ok().orElse(false), clock.instant());
        runs.put(run.id(), run);
        store.putRun(run);
        counted.ended(run);
      }
      boolean moves =
          !run.isRehearsal()
              && latestInstall.map(r -> r.id().equals(e.runId())).orElse(false)
              && !current.status().state().isInstalled();
      if (!moves) {
        // A rehearsal, an earlier run's late events, or the finish step's lines after
        // install-finished: logged, the state stays.
        continue;
      }
      switch (e.kind()) {
        case STEP_STARTED -> {
          if (current.status().state() != NodeState.INSTALLING) {
            current = current.withStatus(current.status().installing(clock.instant()));
          }
          // After a failure the agent still runs its clean-up steps (unmount); the step to
          // report is the one that failed.
          if (current.status().error().isEmpty()) {
            current = current.withStatus(current.status().atStep(e.step().orElse("?")));
          }
        }
        case STEP_FINISHED -> {
          if (!e.ok().orElse(true) && current.status().error().isEmpty()) {
            String step = e.step().orElse("?");
            current =
                current.withStatus(
                    current
                        .status()
                        .atStep(step)
                        .failedWith(step + ": " + e.text().orElse("failed")));
          }
        }
        case INSTALL_FINISHED -> {
          boolean ok = e.ok().orElse(false);
          current = current.withStatus(current.status().finished(ok, e.text(), clock.instant()));
          ended = true;
        }
        default -> {}
      }
    }
    store.putNode(current);
    if (ended && current.status().state() == NodeState.INSTALLED) {
      recordInstalledDisk(node.name(), runs.get(latestInstall.orElseThrow().id()));
    }
    if (ended) {
      LOG.info("node {} install ended: {}", node.name(), current.status().state().wireName());
    }
    // Counted in the transaction: one that rolls back (rare) counts its resend too.
    counted.record();
    // An ended install changes what is published (entries go or switch to local boot).
    return Publication.Outcome.of(stored, ended ? Change.of(List.of(node.name())) : Change.NONE);
  }

  /**
   * The disk of a good install, from the run's disk-selected event: the next plan carries it, so a
   * swapped disk is refused instead of silently overwritten. A run that sent none (it never got
   * past select-disk's choice, which cannot end well) leaves the recorded disk as it was.
   */
  private void recordInstalledDisk(String node, Run run) {
    if (run.disk().isPresent()) {
      DiskIdentity disk = run.disk().get();
      store.putInstalledDisk(node, disk);
      LOG.info(
          "node {} was installed; its disk is recorded: {} bytes{}{}",
          node,
          disk.sizeBytes(),
          disk.serial().map(s -> ", serial " + s).orElse(""),
          disk.wwn().map(w -> ", wwn " + w).orElse(""));
    } else {
      LOG.warn(
          "node {}: run {} sent no disk-selected event; its disk is not recorded", node, run.id());
    }
  }
}
