package dev.lui.core.publish;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.identity.InstallTokens;
import dev.lui.core.inventory.Change;
import dev.lui.core.inventory.Publication;
import dev.lui.core.plan.NodePlans;
import dev.lui.core.store.Store;
import dev.lui.dhcp.DhcpPublisher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way lui's published state follows its store. Every change runs in one store transaction
 * during which each {@link Artifact} stages its files from the changed store (rendered, checked,
 * written beside their targets); only after the commit are they renamed in place and the DHCP and
 * NFS servers reloaded. A change that fails - bad input, a file that cannot be written, a DHCP file
 * its daemon rejects - rolls the store back and publishes nothing.
 *
 * <p>{@link #reconcile} renders everything from the store, rewrites what differs, deletes what no
 * node owns (orphan roots and entries, temp files of a crashed write) and reloads once: run at
 * every start, a crash at any instant - even between the commit and the renames - heals.
 *
 * <p>Changes are serialised through one lane, so files are renamed in the order their store changes
 * committed.
 */
public final class Publisher implements Publication {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

  private final Store store;
  private final InstallTokens tokens;
  private final List<Artifact> artifacts;
  private final Optional<DnsUpdates> dns;
  private final DhcpPublisher dhcp;
  private final Object lane = new Object();
  private volatile Optional<String> lastFailure = Optional.empty();

  /** Publications by "KIND RESULT" (change/reconcile, ok/failed), for /metrics. */
  private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> published =
      new java.util.concurrent.ConcurrentHashMap<>();

  public Publisher(
      Store store,
      Renderings renderings,
      NodePlans plans,
      InstallTokens tokens,
      DhcpPublisher dhcp,
      Optional<DnsUpdates> dns) {
    this.store = store;
    this.tokens = tokens;
    this.dhcp = dhcp;
    this.dns = dns;
    List<Artifact> list = new ArrayList<>();
    // DHCP first: its daemon's check is the likeliest refusal, before anything else is staged.
    list.add(new DhcpArtifact(dhcp, renderings));
    list.add(new NodeRootArtifact(renderings, plans, tokens));
    list.add(new BootEntryArtifact(renderings));
    list.add(new ExportsArtifact(renderings));
    dns.ifPresent(d -> list.add(new DnsArtifact(d, renderings)));
    this.artifacts = List.copyOf(list);
  }

  @Override
  public <T> T commit(Store ignored, Supplier<Outcome<T>> work) {
    synchronized (lane) {
      Staging staging = new Staging();
      T value;
      long t0 = System.nanoTime();
      long[] staged = new long[2];
      java.util.concurrent.atomic.AtomicBoolean publishes =
          new java.util.concurrent.atomic.AtomicBoolean();
      try {
        value =
            store.transaction(
                () -> {
                  Outcome<T> outcome = work.get();
                  staged[0] = System.nanoTime();
                  if (!outcome.change().isEmpty()) {
                    store.nextSerial();
                    publishes.set(true);
                    stage(
                        "change",
                        Snapshot.read(store, Snapshot.Scope.of(outcome.change())),
                        staging);
                  }
                  staged[1] = System.nanoTime();
                  return outcome.value();
                });
      } catch (RuntimeException | Error e) {
        staging.discard();
        throw e;
      }
      long committed = System.nanoTime();
      pauseForAFaultTest();
      Staging.Result result = staging.commit();
      LOG.debug(
          "change: work {} ms, staging {} ms, store commit {} ms, files in place {} ms ({} written, {} removed)",
          (staged[0] - t0) / 1_000_000,
          (staged[1] - staged[0]) / 1_000_000,
          (committed - staged[1]) / 1_000_000,
          (System.nanoTime() - committed) / 1_000_000,
          result.written(),
          result.deleted());
      finish("change", result);
      if (publishes.get()) {
        count("change", result.failures().isEmpty());
      }
      return value;
    }
  }

  /** Nodes whose committed changes wait for the next {@link #follow} staging, and its promise. */
  private final Object following = new Object();

  private Set<String> toFollow = new LinkedHashSet<>();
  private CompletableFuture<Void> followed = new CompletableFuture<>();

  /**
   * Group publication: callers add their nodes, and whoever holds the lane next stages every node
   * added so far in one pass, so a thousand installs ending at once cost a few stagings (each
   * renders and checks the whole DHCP file), not a thousand queued one behind the other.
   */
  @Override
  public void follow(Store ignored, Change change) {
    if (change.isEmpty()) {
      return;
    }
    if (!change.removed().isEmpty()) {
      commit(store, () -> Outcome.of(null, change)); // removals are not merged
      return;
    }
    CompletableFuture<Void> mine;
    synchronized (following) {
      toFollow.addAll(change.nodes());
      mine = followed;
    }
    synchronized (lane) {
      Set<String> batch;
      CompletableFuture<Void> promise;
      synchronized (following) {
        if (mine.isDone()) {
          return; // an earlier holder of the lane staged ours too
        }
        batch = toFollow;
        promise = followed;
        toFollow = new LinkedHashSet<>();
        followed = new CompletableFuture<>();
      }
      try {
        publishCommitted(Change.of(List.copyOf(batch)));
      } finally {
        promise.complete(null);
      }
    }
  }

  /** Must hold the lane. A failure is kept as {@link #lastFailure}: the store has the change. */
  private void publishCommitted(Change change) {
    Staging staging = new Staging();
    try {
      store.transaction(
          () -> {
            store.nextSerial();
            stage(Snapshot.read(store, Snapshot.Scope.of(change)), staging);
            return null;
          });
    } catch (RuntimeException e) {
      staging.discard();
      LOG.warn(
          "the files of {} nodes did not follow their change: {}",
          change.nodes().size(),
          e.getMessage());
      lastFailure = Optional.of(e.getMessage());
      return;
    }
    finish("change", staging.commit());
  }

  /**
   * A fault-injection point for the crash test: with {@code -Dlui.test.pauseAfterCommitMs=N} the
   * server says so and waits N ms between a change's commit and its files going in place, so a test
   * can kill it in exactly that window. Off unless set.
   */
  private static final long PAUSE_AFTER_COMMIT_MS = Long.getLong("lui.test.pauseAfterCommitMs", 0);

  private static void pauseForAFaultTest() {
    if (PAUSE_AFTER_COMMIT_MS > 0) {
      LOG.warn(
          "test pause: the change is committed, its files go in place in {} ms",
          PAUSE_AFTER_COMMIT_MS);
      try {
        Thread.sleep(PAUSE_AFTER_COMMIT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** What a reconcile found and did. */
  public record Report(int written, int deleted, int rearmed, List<String> failures) {
    public String summary() {
      return written
          + " files written, "
          + deleted
          + " removed"
          + (rearmed > 0 ? ", " + rearmed + " nodes given new install tokens" : "")
          + (failures.isEmpty()
              ? ""
              : "; " + failures.size() + " failures: " + String.join("; ", failures));
    }
  }

  /**
   * Brings everything published in line with the store: at start, on {@code lui server
   * --reconcile-only} and on {@code POST /api/v1/reconcile}.
   */
  public Report reconcile() {
    synchronized (lane) {
      Staging staging = new Staging();
      int rearmed;
      try {
        rearmed =
            store.transaction(
                () -> {
                  int n = completeLegacyNodes();
                  stage("reconcile", Snapshot.read(store, Snapshot.Scope.everything()), staging);
                  return n;
                });
      } catch (RuntimeException | Error e) {
        staging.discard();
        throw e;
      }
      Staging.Result result = staging.commit();
      finish("reconcile", result);
      count("reconcile", result.failures().isEmpty());
      return new Report(result.written(), result.deleted(), rearmed, result.failures());
    }
  }

  /**
   * Nodes of a store written before install tokens were derived get an arm id (a new token: an
   * agent running an old install must start again).
   */
  private int completeLegacyNodes() {
    int rearmed = 0;
    for (Node n : store.nodes()) {
      Node fixed = n;
      if (n.status().armId().isEmpty()) {
        String armId = InstallTokens.newArmId();
        fixed = n.withStatus(n.status().withArm(armId, tokens.tokenHash(n.name(), armId)));
        store.putNode(fixed);
        rearmed++;
      }
    }
    if (rearmed > 0) {
      LOG.warn(
          "{} nodes from an older store got new install tokens; a node that was installing"
              + " with its old token must boot again",
          rearmed);
    }
    return rearmed;
  }

  private void stage(String what, Snapshot snapshot, Staging staging) {
    try {
      stage(snapshot, staging);
    } catch (RuntimeException e) {
      count(what, false); // refused before anything was published: the store rolls back
      throw e;
    }
  }

  private void stage(Snapshot snapshot, Staging staging) {
    for (Artifact a : artifacts) {
      long t0 = System.nanoTime();
      try {
        a.stage(snapshot, staging);
        if (LOG.isDebugEnabled()) {
          LOG.debug(
              "staged {} in {} ms",
              a.getClass().getSimpleName(),
              (System.nanoTime() - t0) / 1_000_000);
        }
      } catch (IOException e) {
        throw LuiException.failed(
            "cannot publish the change, nothing was changed: " + e.getMessage(), e);
      }
    }
  }

  private void finish(String what, Staging.Result result) {
    if (result.failures().isEmpty()) {
      lastFailure = Optional.empty();
      if (result.changed()) {
        LOG.debug("{}: {} files written, {} removed", what, result.written(), result.deleted());
      }
    } else {
      // The store has the change; the files catch up at the next change or start.
      lastFailure = Optional.of(String.join("; ", result.failures()));
    }
  }

  private void count(String what, boolean ok) {
    published
        .computeIfAbsent(
            what + (ok ? " ok" : " failed"), k -> new java.util.concurrent.atomic.LongAdder())
        .increment();
  }

  /**
   * Publications since start: {@code what} is {@code change} (a change that had something to
   * publish) or {@code reconcile}; failed ones were refused while staging or failed after the
   * commit.
   */
  public long published(String what, boolean ok) {
    java.util.concurrent.atomic.LongAdder n = published.get(what + (ok ? " ok" : " failed"));
    return n == null ? 0 : n.sum();
  }

  /** The last publication's failures after its commit (the store kept the change), if any. */
  public Optional<String> lastFailure() {
    return lastFailure;
  }

  public DhcpPublisher.ReloadStatus dhcpStatus() {
    return dhcp.reloadStatus();
  }

  public Optional<String> dnsFailure() {
    return dns.flatMap(DnsUpdates::lastFailure);
  }

  /** Runs pending DHCP reloads now (shutdown). */
  public void flushReloads() {
    try {
      dhcp.flushReloads();
    } catch (dev.lui.dhcp.DhcpPublishException e) {
      LOG.warn("the last DHCP reload failed at shutdown: {}", e.getMessage());
    }
  }

  /** Stops the DHCP reload thread (call {@link #flushReloads} first). */
  public void close() {
    dhcp.close();
  }

  /** The install token of a node's current arming (for the demo and tests on this host). */
  public String installToken(Node node) {
    return tokens.token(node.name(), node.status().armId());
  }
}
