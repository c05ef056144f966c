package dev.lui.agent.exec;

import dev.lui.agent.report.EventLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs commands (argument arrays, never a shell) and streams every output line as a LOG event as
 * it arrives. In dry-run mode it runs nothing: each command is reported (stream {@code dry-run})
 * as the line a user could paste into a shell.
 */
public final class CommandRunner {
  /** Exit code reported when the program cannot be started (as a shell would). */
  public static final int NOT_FOUND = 127;

  private static final int LAST_LINES = 20;
  private final EventLog events;
  private final boolean dryRun;

  public CommandRunner(EventLog events, boolean dryRun) {
    this.events = events;
    this.dryRun = dryRun;
  }

  public boolean dryRun() {
    return dryRun;
  }

  /** Runs and fails the step on a non-zero exit (or when the program cannot be started). */
  public void run(Command cmd) throws StepFailedException {
    Result r = exec(cmd, false);
    if (r.exitCode() != 0) {
      throw StepFailedException.commandFailed(cmd.argv(), r.exitCode(), r.lastLines());
    }
  }

  /** Runs and returns the exit code whatever it is ({@link #NOT_FOUND} if it cannot start). */
  public int runAllowingFailure(Command cmd) throws StepFailedException {
    return exec(cmd, false).exitCode();
  }

  /**
   * Runs a read-only query and returns its stdout (stderr is streamed as LOG). In dry-run this is
   * not executed and returns {@code Optional.empty()}; callers substitute a placeholder.
   */
  public Optional<String> query(Command cmd) throws StepFailedException {
    if (dryRun) {
      events.log("dry-run", "would query: " + cmd.display());
      return Optional.empty();
    }
    Result r = exec(cmd, true);
    if (r.exitCode() != 0) {
      throw StepFailedException.commandFailed(cmd.argv(), r.exitCode(), r.lastLines());
    }
    return Optional.of(r.stdout());
  }

  /** Reports a non-command action (a file write, a fetch) that dry-run would do. */
  public void wouldDo(String description) {
    events.log("dry-run", "would " + description);
  }

  private record Result(int exitCode, String stdout, List<String> lastLines) {}

  private Result exec(Command cmd, boolean captureStdout) throws StepFailedException {
    if (dryRun) {
      events.log("dry-run", cmd.display()
          + cmd.stdin().map(s -> " <<'EOF'").orElse(""));
      if (cmd.stdin().isPresent()) {
        for (String line : cmd.stdin().get().split("\n")) {
          events.log("dry-run", "  " + line);
        }
        events.log("dry-run", "  EOF");
      }
      return new Result(0, "", List.of());
    }
    events.log("agent", "$ " + cmd.display());
    ProcessBuilder pb = new ProcessBuilder(cmd.argv());
    if (cmd.stdin().isEmpty()) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    // Predictable, parseable tool output whatever the installer's locale.
    pb.environment().put("LC_ALL", "C");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      events.log("agent", "cannot start " + cmd.argv().get(0) + ": " + e.getMessage());
      return new Result(NOT_FOUND, "", List.of(String.valueOf(e.getMessage())));
    }
    Deque<String> last = new ArrayDeque<>();
    StringBuilder out = new StringBuilder();
    Consumer<String> keep =
        line -> {
          synchronized (last) {
            last.addLast(line);
            if (last.size() > LAST_LINES) {
              last.removeFirst();
            }
          }
        };
    Thread errPump =
        pump(p.getErrorStream(), line -> {
          keep.accept(line);
          events.log("stderr", line);
        });
    Thread outPump =
        pump(p.getInputStream(), line -> {
          keep.accept(line);
          if (captureStdout) {
            synchronized (out) {
              out.append(line).append('\n');
            }
          } else {
            events.log("stdout", line);
          }
        });
    try {
      try (OutputStream in = p.getOutputStream()) {
        if (cmd.stdin().isPresent()) {
          in.write(cmd.stdin().get().getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // The program may exit without reading stdin; its exit code tells what happened.
        events.log("agent", "could not write stdin of " + cmd.argv().get(0) + ": " + e.getMessage());
      }
      int code = p.waitFor();
      outPump.join();
      errPump.join();
      synchronized (last) {
        synchronized (out) {
          return new Result(code, out.toString(), List.copyOf(last));
        }
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StepFailedException("interrupted while running " + cmd.display(), e);
    }
  }

  private static Thread pump(InputStream in, Consumer<String> onLine) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  onLine.accept(line);
                }
              } catch (IOException e) {
                onLine.accept("(output lost: " + e.getMessage() + ")");
              }
            },
            "cmd-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
