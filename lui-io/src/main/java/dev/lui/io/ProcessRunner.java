package dev.lui.io;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one way lui runs a program: from an argument array (never through a shell), stdin closed or
 * fed from {@link Command#stdin}, output captured up to a bound, and, with a timeout, killed (with
 * its descendants: SIGTERM, then SIGKILL) when the timeout passes or the caller is interrupted.
 *
 * <p>{@link #run(Command)} captures stdout and stderr together, in the order written (a validator's
 * complaint); {@link #run(Command, LineListener)} keeps them apart (unless {@link
 * #withStderrMerged}), hands every line of either to a listener as it arrives (the agent's event
 * log) and captures stdout only.
 */
public final class ProcessRunner {
  /** Output kept per command unless told otherwise: a complaint fits, a runaway program is cut. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

  /** A line longer than this reaches the listener in pieces of this size. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  /** How long output is still read after a timed command ended (a grandchild may hold the pipe). */
  private static final long DRAIN_MILLIS = TimeUnit.SECONDS.toMillis(5);

  /** How long a command being killed has to end on SIGTERM before it gets SIGKILL. */
  private static final long KILL_GRACE_MILLIS = TimeUnit.SECONDS.toMillis(2);

  private final Optional<Duration> timeout;
  private final Map<String, String> environment;
  private final int maxOutputBytes;
  private final boolean stderrMerged;

  private ProcessRunner(
      Optional<Duration> timeout,
      Map<String, String> environment,
      int maxOutputBytes,
      boolean stderrMerged) {
    this.timeout = timeout;
    this.environment = Map.copyOf(environment);
    this.maxOutputBytes = maxOutputBytes;
    this.stderrMerged = stderrMerged;
  }

  /** A runner that kills a command still running after {@code timeout}. */
  public ProcessRunner(Duration timeout) {
    this(Optional.of(positive(timeout)), Map.of(), DEFAULT_MAX_OUTPUT_BYTES, false);
  }

  /** A runner that waits as long as a command takes (an install step). */
  public static ProcessRunner withoutTimeout() {
    return new ProcessRunner(Optional.empty(), Map.of(), DEFAULT_MAX_OUTPUT_BYTES, false);
  }

  /** The same runner, with {@code name=value} in every command's environment. */
  public ProcessRunner withEnvironment(String name, String value) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new ProcessRunner(timeout, env, maxOutputBytes, stderrMerged);
  }

  /** The same runner, keeping up to {@code bytes} of each command's captured output. */
  public ProcessRunner withMaxOutputBytes(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException(
          "output limit '" + bytes + "' is invalid: must not be negative");
    }
    return new ProcessRunner(timeout, environment, bytes, stderrMerged);
  }

  /**
   * The same runner, but {@link #run(Command, LineListener)} reads stderr together with stdout, in
   * the order written: every line reaches the listener as {@link Stream#STDOUT}, from one thread,
   * and is captured.
   */
  public ProcessRunner withStderrMerged() {
    return new ProcessRunner(timeout, environment, maxOutputBytes, true);
  }

  /** Which output a line came from. */
  public enum Stream {
    STDOUT,
    STDERR
  }

  /** Receives each output line as it arrives, on a reader thread of its stream. */
  @FunctionalInterface
  public interface LineListener {
    void line(Stream stream, String line);

    /** The program's stdin could not be written (it may have exited without reading it). */
    default void stdinNotWritten(IOException e) {}
  }

  /** What a finished (or killed) command did. */
  public record Result(List<String> command, int exitCode, boolean timedOut, String output) {
    public Result {
      command = List.copyOf(command);
      Objects.requireNonNull(output, "output");
    }

    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /** One line for an error message: the command, how it ended, and its output. */
    public String describe() {
      String how = timedOut ? "timed out and was killed" : "exited with status " + exitCode;
      return String.join(" ", command)
          + " "
          + how
          + (output.isBlank() ? "" : ":\n" + output.strip());
    }
  }

  /** Runs {@code argv} with stdin closed, stdout and stderr captured together. */
  public Result run(List<String> argv) throws IOException, InterruptedException {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("command '[]' is invalid: must name a program");
    }
    return run(Command.of(argv));
  }

  /**
   * Runs {@code command}, stdout and stderr captured together in the order written.
   *
   * @throws IOException if the program cannot be started (e.g. it does not exist)
   * @throws InterruptedException if interrupted while waiting; the process is killed first
   */
  public Result run(Command command) throws IOException, InterruptedException {
    return execute(command, Optional.empty());
  }

  /**
   * Runs {@code command}, stdout and stderr apart: every line of either goes to {@code lines} as it
   * arrives, and stdout is captured.
   *
   * @throws IOException if the program cannot be started (e.g. it does not exist)
   * @throws InterruptedException if interrupted while waiting; the process is killed first
   */
  public Result run(Command command, LineListener lines) throws IOException, InterruptedException {
    return execute(command, Optional.of(lines));
  }

  private Result execute(Command command, Optional<LineListener> lines)
      throws IOException, InterruptedException {
    boolean merged = lines.isEmpty() || stderrMerged;
    ProcessBuilder pb = new ProcessBuilder(command.argv()).redirectErrorStream(merged);
    if (command.stdin().isEmpty()) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    pb.environment().putAll(environment);
    Process process = pb.start();
    Pump out =
        new Pump(process.getInputStream(), Stream.STDOUT, maxOutputBytes, lines, process.pid());
    Pump err =
        !merged ? new Pump(process.getErrorStream(), Stream.STDERR, 0, lines, process.pid()) : null;
    boolean finished;
    try {
      if (command.stdin().isPresent()) {
        try (OutputStream in = process.getOutputStream()) {
          in.write(command.stdin().get().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          lines.ifPresent(l -> l.stdinNotWritten(e));
        }
      }
      if (timeout.isPresent()) {
        finished = process.waitFor(timeout.get().toMillis(), TimeUnit.MILLISECONDS);
      } else {
        process.waitFor();
        finished = true;
      }
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    }
    if (!finished) {
      kill(process);
      process.waitFor();
    }
    // The pipes close when the process exits; a grandchild holding one open costs at most the
    // drain time of a timed runner. An untimed one reads to the end, as the command's own
    // output would be lost otherwise.
    out.await(timeout.isPresent());
    if (err != null) {
      err.await(timeout.isPresent());
    }
    return new Result(command.argv(), finished ? process.exitValue() : -1, !finished, out.text());
  }

  /** SIGTERM to the command and its descendants, SIGKILL to whatever is left after a grace time. */
  private static void kill(Process process) {
    List<ProcessHandle> tree = process.descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      process.waitFor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static Duration positive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout '" + timeout + "' is invalid: must be positive");
    }
    return timeout;
  }

  /** Reads one stream on its own thread: captures up to a bound, splits lines for a listener. */
  private static final class Pump implements Runnable {
    private final InputStream in;
    private final Stream stream;
    private final int maxBytes;
    private final Optional<LineListener> listener;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Thread thread;
    private boolean truncated;
    private boolean afterCr;
    private volatile IOException failure;

    Pump(InputStream in, Stream stream, int maxBytes, Optional<LineListener> listener, long pid) {
      this.in = in;
      this.stream = stream;
      this.maxBytes = maxBytes;
      this.listener = listener;
      this.thread = new Thread(this, "cmd-" + stream.name().toLowerCase(Locale.ROOT) + "-" + pid);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          capture(buf, n);
          if (listener.isPresent()) {
            split(buf, n);
          }
        }
      } catch (IOException e) {
        failure = e;
        listener.ifPresent(l -> l.line(stream, "(output lost: " + e.getMessage() + ")"));
      }
      if (listener.isPresent() && line.size() > 0) {
        emit();
      }
    }

    private void capture(byte[] buf, int n) {
      if (maxBytes == 0) {
        return; // this stream goes to the listener only
      }
      synchronized (captured) {
        int room = maxBytes - captured.size();
        captured.write(buf, 0, Math.max(0, Math.min(n, room)));
        truncated |= n > room;
      }
    }

    /** Lines end at \n, \r or \r\n, as BufferedReader.readLine has it. */
    private void split(byte[] buf, int n) {
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        if (b == '\n' && afterCr) {
          afterCr = false;
          continue;
        }
        afterCr = b == '\r';
        if (b == '\n' || b == '\r') {
          emit();
        } else {
          line.write(b);
          if (line.size() >= MAX_LINE_BYTES) {
            emit();
          }
        }
      }
    }

    private void emit() {
      listener.get().line(stream, line.toString(StandardCharsets.UTF_8));
      line.reset();
    }

    void await(boolean bounded) throws InterruptedException {
      if (bounded) {
        thread.join(DRAIN_MILLIS);
      } else {
        thread.join();
      }
    }

    String text() {
      synchronized (captured) {
        String s = captured.toString(StandardCharsets.UTF_8);
        if (failure != null) {
          // Keep what was read; the exit status still tells success from failure.
          s += "\n[reading output failed: " + failure + "]";
        }
        return truncated ? s + "\n[output truncated]" : s;
      }
    }
  }
}
