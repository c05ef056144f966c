package dev.lui.dhcp;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.dhcp.DhcpPublishException.Stage;
import dev.lui.io.AtomicWriter;
import dev.lui.io.FileModes;
import dev.lui.io.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders, validates, writes atomically (keeping a .bak of the previous file) and reloads each
 * target. If validation fails the previous file stays and {@link DhcpPublishException} says why.
 *
 * <p>Per target: render; if the file already holds exactly that content, stop (no write, no
 * reload); else write a candidate next to the file, run the validator on it, and only if it passes
 * rename it over the file and run the reload command. A failing target does not stop the others:
 * all are tried, then the first failure is thrown with the rest attached as suppressed.
 *
 * <p>A reload that failed is retried on the next publish even if the content is unchanged, so the
 * daemon cannot stay on a stale config just because lui's file is already current.
 *
 * <p>With a deferred {@link ReloadPolicy}, {@code publish} only writes: reloads run on a background
 * thread, once per burst of changes and no more often than the policy allows. A deferred reload's
 * failure cannot reach a caller that has already returned, so it is logged, kept in {@link
 * #reloadStatus()}, and retried after the next publish.
 */
public final class DhcpPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DhcpPublisher.class);

  /** Longest a validator or reload command may run before it is killed. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final List<DhcpTarget> targets;
  private final ProcessRunner runner;
  private final Set<Path> reloadPending = new HashSet<>();
  private final ReloadPolicy policy;
  private ScheduledExecutorService scheduler;
  private ScheduledFuture<?> scheduled;
  private long lastReloadNanos;
  private boolean reloadedOnce;
  private int reloadsRun;
  private int reloadsFailed;
  private Optional<String> lastReloadFailure = Optional.empty();

  /**
   * What the deferred reloads have done so far.
   *
   * @param reloadsFailed reload rounds of which a command failed (their files stay pending)
   */
  public record ReloadStatus(
      int reloadsRun,
      Set<Path> pending,
      boolean scheduled,
      Optional<String> lastFailure,
      int reloadsFailed) {}

  public DhcpPublisher(List<DhcpTarget> targets) {
    this(targets, DEFAULT_COMMAND_TIMEOUT);
  }

  public DhcpPublisher(List<DhcpTarget> targets, Duration commandTimeout) {
    this(targets, commandTimeout, ReloadPolicy.immediate());
  }

  public DhcpPublisher(List<DhcpTarget> targets, Duration commandTimeout, ReloadPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.targets = List.copyOf(targets);
    this.runner = new ProcessRunner(commandTimeout);
    Set<Path> files = new HashSet<>();
    for (DhcpTarget t : this.targets) {
      if (!files.add(t.file().toAbsolutePath().normalize())) {
        throw new InvalidValueException(
            "target file",
            t.file().toString(),
            "two targets would write the same file",
            "target file '" + t.file() + "' is invalid: two targets would write the same file");
      }
    }
  }

  public List<DhcpTarget> targets() {
    return targets;
  }

  /**
   * Brings every target's file in line with {@code hosts} (the complete set: a host left out loses
   * its entries).
   *
   * @throws DhcpPublishException for the first target that failed; others are suppressed on it
   */
  public synchronized void publish(List<DhcpHost> hosts) throws DhcpPublishException {
    Objects.requireNonNull(hosts, "hosts");
    List<DhcpPublishException> failures = new ArrayList<>();
    for (DhcpTarget target : targets) {
      try {
        publish(target, hosts);
      } catch (DhcpPublishException e) {
        log.warn("publishing {} ({}) failed: {}", target.file(), target.format(), e.getMessage());
        failures.add(e);
      }
    }
    if (!policy.isImmediate() && !reloadPending.isEmpty()) {
      scheduleReloads();
    }
    if (!failures.isEmpty()) {
      DhcpPublishException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  /**
   * Renders and validates every target's file for {@code hosts} and writes each changed one as a
   * candidate beside its file, replacing nothing: the server stages inside its store transaction
   * and commits only after the store did. All or none: if one target fails, every candidate is
   * discarded and the failure thrown (unlike {@link #publish}, which keeps the others).
   */
  public synchronized Staged stage(List<DhcpHost> hosts) throws DhcpPublishException {
    Objects.requireNonNull(hosts, "hosts");
    List<Candidate> candidates = new ArrayList<>();
    try {
      for (DhcpTarget target : targets) {
        Path file = target.file();
        byte[] content = render(target, hosts);
        try {
          if (AtomicWriter.hasContent(file, content)) {
            continue;
          }
          Files.createDirectories(file.toAbsolutePath().getParent());
          Path candidate = candidate(file, content);
          candidates.add(new Candidate(target, candidate, Optional.empty(), hosts.size()));
          validate(target, candidate);
          candidates.set(
              candidates.size() - 1,
              new Candidate(target, candidate, AtomicWriter.backupTemp(file), hosts.size()));
        } catch (IOException e) {
          throw writeFailed(target, e);
        }
      }
    } catch (DhcpPublishException | RuntimeException e) {
      candidates.forEach(Candidate::discard);
      throw e;
    }
    return new Staged(candidates);
  }

  /**
   * A fsynced candidate beside {@code file} with the mode {@code file} has (a new file: 0644), for
   * the daemon to validate before it goes in place.
   */
  private static Path candidate(Path file, byte[] content) throws IOException {
    return AtomicWriter.writeTemp(
        file, content, AtomicWriter.modeOf(file).orElse(FileModes.MODE_0644), true);
  }

  private record Candidate(DhcpTarget target, Path temp, Optional<Path> backupTemp, int hosts) {
    void discard() {
      AtomicWriter.discard(temp);
      backupTemp.ifPresent(AtomicWriter::discard);
    }
  }

  /**
   * Candidates written and validated by {@link #stage}; {@link #commit} or {@link #discard} once.
   */
  public final class Staged {
    private final List<Candidate> candidates;
    private boolean done;

    private Staged(List<Candidate> candidates) {
      this.candidates = List.copyOf(candidates);
    }

    /** Whether any file will change. */
    public boolean changes() {
      return !candidates.isEmpty();
    }

    /** The files that will change. */
    public List<Path> files() {
      return candidates.stream().map(c -> c.target().file()).toList();
    }

    /**
     * Renames the candidates over the files (renames only: no space needed) and reloads, now or
     * deferred by the policy. A reload failure is kept in {@link #reloadStatus} and retried.
     *
     * @throws DhcpPublishException if a rename or an immediate reload failed
     */
    public void commit() throws DhcpPublishException {
      synchronized (DhcpPublisher.this) {
        check();
        List<DhcpPublishException> failures = new ArrayList<>();
        for (Candidate c : candidates) {
          Path file = c.target().file();
          try {
            AtomicWriter.commit(c.temp(), c.backupTemp(), file);
            log.info("wrote {} ({}, {} hosts)", file, c.target().format(), c.hosts());
            if (c.target().reloadCommand().isPresent()) {
              reloadPending.add(file);
            }
          } catch (IOException e) {
            c.discard();
            failures.add(
                new DhcpPublishException(
                    Stage.WRITE, file, "cannot replace " + file + ": " + e, Optional.empty(), e));
          }
        }
        if (policy.isImmediate()) {
          for (DhcpTarget target : targets) {
            if (reloadPending.contains(target.file())) {
              try {
                reload(target);
                reloadPending.remove(target.file());
              } catch (DhcpPublishException e) {
                failures.add(e);
              }
            }
          }
        } else if (!reloadPending.isEmpty()) {
          scheduleReloads();
        }
        if (!failures.isEmpty()) {
          DhcpPublishException first = failures.get(0);
          failures.subList(1, failures.size()).forEach(first::addSuppressed);
          throw first;
        }
      }
    }

    /** Deletes the candidates; the files stay as they were and nothing reloads. */
    public void discard() {
      synchronized (DhcpPublisher.this) {
        if (!done) {
          done = true;
          candidates.forEach(Candidate::discard);
        }
      }
    }

    private void check() {
      if (done) {
        throw new IllegalStateException("already committed or discarded");
      }
      done = true;
    }
  }

  private void publish(DhcpTarget target, List<DhcpHost> hosts) throws DhcpPublishException {
    Path file = target.file();
    byte[] content = render(target, hosts);
    try {
      if (AtomicWriter.hasContent(file, content)) {
        log.debug("{} unchanged", file);
      } else {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path candidate = candidate(file, content);
        try {
          validate(target, candidate);
        } catch (DhcpPublishException e) {
          AtomicWriter.discard(candidate);
          throw e;
        }
        Optional<Path> backup;
        try {
          backup = AtomicWriter.backupTemp(file);
        } catch (IOException | RuntimeException e) {
          AtomicWriter.discard(candidate);
          throw e;
        }
        AtomicWriter.commit(candidate, backup, file);
        log.info("wrote {} ({}, {} hosts)", file, target.format(), hosts.size());
        if (target.reloadCommand().isPresent()) {
          reloadPending.add(file);
        }
      }
    } catch (IOException e) {
      throw writeFailed(target, e);
    }
    if (policy.isImmediate() && reloadPending.contains(file)) {
      reload(target);
      reloadPending.remove(file);
    }
  }

  /** What deferred reloading has done; with the immediate policy only {@code pending} is used. */
  public synchronized ReloadStatus reloadStatus() {
    return new ReloadStatus(
        reloadsRun,
        Set.copyOf(reloadPending),
        scheduled != null && !scheduled.isDone(),
        lastReloadFailure,
        reloadsFailed);
  }

  /**
   * Runs pending reloads now instead of waiting out the coalescing time, unless the policy's
   * minimum interval since the last reload has not passed (then they stay scheduled).
   *
   * @return true if reloads ran (or none were pending), false if the rate limit deferred them
   * @throws DhcpPublishException for the first reload that failed (kept pending)
   */
  public synchronized boolean flushReloads() throws DhcpPublishException {
    if (reloadPending.isEmpty()) {
      return true;
    }
    if (nanosUntilAllowed() > 0) {
      scheduleReloads();
      return false;
    }
    if (scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
    List<DhcpPublishException> failures = runPendingReloads();
    if (!failures.isEmpty()) {
      DhcpPublishException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
    return true;
  }

  /** Stops the reload thread; pending reloads are not run (call {@link #flushReloads} first). */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  private long nanosUntilAllowed() {
    if (!reloadedOnce) {
      return 0;
    }
    long since = System.nanoTime() - lastReloadNanos;
    return Math.max(0, policy.minInterval().toNanos() - since);
  }

  private void scheduleReloads() {
    if (scheduled != null && !scheduled.isDone()) {
      return; // this change joins the batch already waiting
    }
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "lui-dhcp-reload");
                t.setDaemon(true);
                return t;
              });
    }
    long delay = Math.max(policy.coalesce().toNanos(), nanosUntilAllowed());
    scheduled = scheduler.schedule(this::deferredReload, delay, TimeUnit.NANOSECONDS);
  }

  private synchronized void deferredReload() {
    scheduled = null;
    runPendingReloads();
  }

  private List<DhcpPublishException> runPendingReloads() {
    List<DhcpPublishException> failures = new ArrayList<>();
    if (reloadPending.isEmpty()) {
      return failures;
    }
    lastReloadNanos = System.nanoTime();
    reloadedOnce = true;
    reloadsRun++;
    for (DhcpTarget target : targets) {
      if (!reloadPending.contains(target.file())) {
        continue;
      }
      try {
        reload(target);
        reloadPending.remove(target.file());
      } catch (DhcpPublishException e) {
        log.warn("reloading for {} failed: {}", target.file(), e.getMessage());
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      reloadsFailed++;
    }
    lastReloadFailure =
        failures.isEmpty() ? Optional.empty() : Optional.of(failures.get(0).getMessage());
    return failures;
  }

  private static byte[] render(DhcpTarget target, List<DhcpHost> hosts)
      throws DhcpPublishException {
    try {
      return target.renderer().render(hosts).getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new DhcpPublishException(
          Stage.RENDER,
          target.file(),
          "cannot render " + target.format() + " for " + target.file() + ": " + e.getMessage(),
          Optional.empty(),
          e);
    }
  }

  private void validate(DhcpTarget target, Path candidate) throws DhcpPublishException {
    if (target.validateCommand().isEmpty()) {
      return;
    }
    List<String> command =
        target.validateCommand().get().stream()
            .map(a -> a.replace(DhcpTarget.FILE_PLACEHOLDER, candidate.toString()))
            .toList();
    ProcessRunner.Result result = run(Stage.VALIDATE, target, command);
    if (!result.succeeded()) {
      throw new DhcpPublishException(
          Stage.VALIDATE,
          target.file(),
          "new "
              + target.format()
              + " file for "
              + target.file()
              + " rejected, old file kept: "
              + result.describe(),
          Optional.of(result.output()),
          null);
    }
  }

  private void reload(DhcpTarget target) throws DhcpPublishException {
    List<String> command = target.reloadCommand().orElseThrow();
    ProcessRunner.Result result = run(Stage.RELOAD, target, command);
    if (!result.succeeded()) {
      throw new DhcpPublishException(
          Stage.RELOAD,
          target.file(),
          target.file()
              + " is updated but reloading failed (retried on next publish): "
              + result.describe(),
          Optional.of(result.output()),
          null);
    }
  }

  private ProcessRunner.Result run(Stage stage, DhcpTarget target, List<String> command)
      throws DhcpPublishException {
    try {
      return runner.run(command);
    } catch (IOException e) {
      throw new DhcpPublishException(
          stage,
          target.file(),
          "cannot run " + String.join(" ", command) + " for " + target.file() + ": " + e,
          Optional.empty(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DhcpPublishException(
          stage,
          target.file(),
          "interrupted while running " + String.join(" ", command),
          Optional.empty(),
          e);
    }
  }

  /** Writing {@code target}'s file (its candidate, backup or directory) failed. */
  private static DhcpPublishException writeFailed(DhcpTarget target, IOException e) {
    Path file = target.file();
    return new DhcpPublishException(
        Stage.WRITE,
        file,
        "cannot write " + target.format() + " file " + file + ": " + e,
        Optional.empty(),
        e);
  }
}
