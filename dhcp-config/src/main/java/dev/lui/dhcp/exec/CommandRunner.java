package dev.lui.dhcp.exec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program from an argument array (never through a shell), capturing stdout and stderr
 * together, with a timeout after which the process is killed.
 */
public final class CommandRunner {
  /** Output kept per command; a validator's complaint fits easily, a runaway program is cut. */
  public static final int MAX_OUTPUT_BYTES = 64 * 1024;

  private final Duration timeout;

  public CommandRunner(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "timeout '" + timeout + "' is invalid: must be positive");
    }
    this.timeout = timeout;
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
      return String.join(" ", command) + " " + how + (output.isBlank() ? "" : ":\n" + output.strip());
    }
  }

  /**
   * Runs {@code command} with stdin closed.
   *
   * @throws IOException if the program cannot be started (e.g. it does not exist)
   * @throws InterruptedException if interrupted while waiting; the process is killed first
   */
  public Result run(List<String> command) throws IOException, InterruptedException {
    List<String> args = List.copyOf(command);
    if (args.isEmpty()) {
      throw new IllegalArgumentException("command '[]' is invalid: must name a program");
    }
    ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process = pb.start();
    OutputCollector collector = new OutputCollector(process.getInputStream());
    Thread reader = new Thread(collector, "cmd-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
    if (!finished) {
      process.destroyForcibly();
      process.waitFor();
    }
    // The pipe closes when the process exits; a grandchild holding it open only costs the wait.
    reader.join(TimeUnit.SECONDS.toMillis(5));
    return new Result(args, finished ? process.exitValue() : -1, !finished, collector.text());
  }

  private static final class OutputCollector implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private volatile IOException failure;

    OutputCollector(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (out) {
            int room = MAX_OUTPUT_BYTES - out.size();
            out.write(buf, 0, Math.max(0, Math.min(n, room)));
          }
        }
      } catch (IOException e) {
        failure = e;
      }
    }

    String text() {
      synchronized (out) {
        String s = out.toString(StandardCharsets.UTF_8);
        if (failure != null) {
          // Keep what was read; the exit status still tells success from failure.
          s += "\n[reading output failed: " + failure + "]";
        }
        return out.size() >= MAX_OUTPUT_BYTES ? s + "\n[output truncated]" : s;
      }
    }
  }
}
