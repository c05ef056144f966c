package dev.lui.nfsroot.export;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.nfsroot.check.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs nfs-ganesha and the rpcbind it registers with inside an existing network namespace, in a
 * private mount namespace with tmpfs on {@code /run} and {@code /var/lib/nfs}, so the host's
 * rpcbind, NFS state and sockets are never touched. For tests and labs; a site runs ganesha from
 * its own service manager and uses {@link ExportsWriter} plus {@link ExportsReload.Signal}.
 *
 * <p>The command is {@code ip netns exec NETNS unshare -m --propagation private sh -c SCRIPT}; the
 * script mounts the tmpfs, starts {@code rpcbind -w -f}, waits for its socket, then runs {@code
 * ganesha.nfsd -F -L WORK/ganesha.log -f CONFIG -p WORK/ganesha.pid} and on SIGTERM stops both and
 * reaps them. Needs root and the packages nfs-ganesha, nfs-ganesha-vfs, rpcbind.
 */
public final class GaneshaProcess implements AutoCloseable {
  private static final Pattern NETNS = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final String READY = "NFS SERVER INITIALIZED";

  private static final String SCRIPT =
      String.join(
          "\n",
          "work=$1; conf=$2",
          "mount -t tmpfs lui-run /run || exit 90",
          "mkdir -p /var/lib/nfs && mount -t tmpfs lui-nfs /var/lib/nfs || exit 91",
          "mkdir -p /run/ganesha /run/rpcbind /var/lib/nfs/ganesha",
          "rpcbind -w -f & rpc=$!",
          "echo $rpc > \"$work/rpcbind.pid\"",
          "ganesha=",
          "trap 'kill $rpc $ganesha 2>/dev/null; wait; exit 0' TERM INT",
          "i=0; while [ ! -S /run/rpcbind.sock ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done",
          "ganesha.nfsd -F -L \"$work/ganesha.log\" -f \"$conf\" -p \"$work/ganesha.pid\" &",
          "ganesha=$!",
          "wait $ganesha; st=$?",
          "kill $rpc 2>/dev/null; wait",
          "exit $st");

  private final Process shell;
  private final Path workDir;
  private final Thread shutdownHook;

  private GaneshaProcess(Process shell, Path workDir) {
    this.shell = shell;
    this.workDir = workDir;
    this.shutdownHook = new Thread(this::stop, "ganesha-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts ganesha with {@code config} in network namespace {@code netns} and waits until it logs
   * that it is serving.
   *
   * @param workDir receives {@code ganesha.log}, {@code ganesha.pid}, {@code rpcbind.pid} and
   *     {@code launcher.log}; created if missing
   * @throws IOException if it exits or is not ready within {@code startTimeout}; the message
   *     carries the end of its log
   */
  public static GaneshaProcess start(Path config, String netns, Path workDir, Duration startTimeout)
      throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (!NETNS.matcher(Objects.requireNonNull(netns, "netns")).matches()) {
      throw new InvalidValueException(
          "netns",
          netns,
          "1-64 characters of [A-Za-z0-9_.-]",
          "netns " + Checks.quote(netns) + " must be 1-64 characters of [A-Za-z0-9_.-]");
    }
    Path work = Files.createDirectories(workDir.toAbsolutePath());
    for (String f : List.of("ganesha.log", "ganesha.pid", "rpcbind.pid")) {
      Files.deleteIfExists(work.resolve(f));
    }
    Process p =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                netns,
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                "-c",
                SCRIPT,
                "sh",
                work.toString(),
                config.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("launcher.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    GaneshaProcess g = new GaneshaProcess(p, work);
    try {
      g.awaitReady(startTimeout);
      return g;
    } catch (IOException | RuntimeException e) {
      g.stop();
      throw e;
    }
  }

  private void awaitReady(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!shell.isAlive()) {
        throw new IOException(
            "ganesha exited with " + shell.exitValue() + " before serving: " + tail());
      }
      if (Files.exists(pidFile()) && log().contains(READY)) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for ganesha", e);
      }
    }
    throw new IOException("ganesha did not start serving within " + timeout + ": " + tail());
  }

  /** ganesha's pid file, for {@link ExportsReload.Signal}. */
  public Path pidFile() {
    return workDir.resolve("ganesha.pid");
  }

  /** ganesha's own log. */
  public Path logFile() {
    return workDir.resolve("ganesha.log");
  }

  /** SIGHUP to this ganesha: it re-reads its EXPORT blocks. */
  public ExportsReload reload() {
    return new ExportsReload.Signal(pidFile());
  }

  public boolean isAlive() {
    return shell.isAlive();
  }

  /** The log so far, or "" if it does not exist yet. */
  public String log() throws IOException {
    return Files.exists(logFile()) ? Files.readString(logFile(), StandardCharsets.UTF_8) : "";
  }

  /**
   * Stops ganesha and rpcbind: SIGTERM to the launcher, which stops and reaps both; if they are not
   * gone within 30 s (ganesha ignores SIGTERM while it is still loading exports), SIGKILL to every
   * descendant. Idempotent; also run by a JVM shutdown hook, so an interrupted test run does not
   * leave them behind.
   */
  public void stop() {
    List<ProcessHandle> descendants = shell.descendants().toList();
    shell.destroy();
    if (!awaitExit(shell.toHandle(), Duration.ofSeconds(30))) {
      descendants.forEach(ProcessHandle::destroyForcibly);
      shell.destroyForcibly();
      awaitExit(shell.toHandle(), Duration.ofSeconds(30));
    }
    for (ProcessHandle d : descendants) {
      awaitExit(d, Duration.ofSeconds(10));
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrRemoved) {
      // Nothing to undo.
    }
  }

  private static boolean awaitExit(ProcessHandle h, Duration timeout) {
    try {
      h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return !h.isAlive();
    } catch (java.util.concurrent.ExecutionException e) {
      return !h.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private String tail() {
    try {
      String all = log() + Files.readString(workDir.resolve("launcher.log"));
      String flat = all.strip().replace('\n', ' ');
      return flat.length() > 600 ? "..." + flat.substring(flat.length() - 600) : flat;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
