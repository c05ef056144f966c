package dev.lui.nfsroot.export;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.io.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the NFS server is told that its exports changed. Run it only when {@link
 * ExportsWriter.Result#changed()}.
 *
 * <ul>
 *   <li>{@link #kernel()}: {@code exportfs -ra}.
 *   <li>{@link Signal}: {@code SIGHUP} to the pid in ganesha's pid file. ganesha 4.x re-reads its
 *       EXPORT blocks on SIGHUP, adding, updating and removing exports (tested against 4.3).
 *   <li>{@link Command}: any argv, e.g. {@code systemctl reload nfs-ganesha}.
 * </ul>
 */
public sealed interface ExportsReload {
  Duration TIMEOUT = Duration.ofSeconds(60);

  /** Runs the reload; throws with the program's exit code and output on failure. */
  void reload() throws IOException;

  /** The kernel server: {@code exportfs -ra}. */
  static ExportsReload kernel() {
    return new Command(List.of("exportfs", "-ra"));
  }

  /** Runs {@code argv} (no shell) and requires exit code 0. */
  record Command(List<String> argv) implements ExportsReload {
    public Command {
      argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
      if (argv.isEmpty() || argv.get(0).isBlank()) {
        throw new InvalidValueException(
            "reload command",
            String.join(" ", argv),
            "names a program",
            "reload command must name a program");
      }
    }

    @Override
    public void reload() throws IOException {
      run(argv);
    }
  }

  /** Sends SIGHUP to the pid written in {@code pidFile} (ganesha's {@code -p}). */
  record Signal(Path pidFile) implements ExportsReload {
    public Signal {
      Objects.requireNonNull(pidFile, "pidFile");
    }

    @Override
    public void reload() throws IOException {
      long pid = readPid(pidFile);
      if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        throw new IOException("NFS server pid " + pid + " from " + pidFile + " is not running");
      }
      run(List.of("kill", "-HUP", Long.toString(pid)));
    }

    /** The pid in the file: one positive decimal number. */
    public static long readPid(Path pidFile) throws IOException {
      String text;
      try {
        text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
      } catch (NoSuchFileException e) {
        throw new IOException("pid file " + pidFile + " does not exist; is the server running?", e);
      }
      if (!text.matches("[1-9][0-9]{0,9}")) {
        throw new IOException(
            "pid file " + pidFile + " must hold one positive number, not '" + text + "'");
      }
      return Long.parseLong(text);
    }
  }

  private static void run(List<String> argv) throws IOException {
    ProcessRunner.Result r;
    try {
      r = new ProcessRunner(TIMEOUT).run(argv);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + argv, e);
    }
    if (r.timedOut()) {
      throw new IOException("reload " + argv + " did not finish within " + TIMEOUT);
    }
    if (r.exitCode() != 0) {
      String out = r.output().strip().replace('\n', ' ');
      throw new IOException(
          "reload " + argv + " exited " + r.exitCode() + (out.isEmpty() ? "" : ": " + out));
    }
  }
}
