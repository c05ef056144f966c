package dev.lui.agent.exec;

import dev.lui.agent.report.EventLog;
import dev.lui.io.Command;
import dev.lui.io.ProcessRunner;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Runs a step's commands through lui's one runner ({@link ProcessRunner}: argument arrays, never a
 * shell) and streams every output line as a LOG event as it arrives. In dry-run mode it runs
 * nothing: each command is reported (stream {@code dry-run}) as the line a user could paste into a
 * shell.
 */
public final class CommandRunner {
  /** Exit code reported when the program cannot be started (as a shell would). */
  public static final int NOT_FOUND = 127;

  private static final int LAST_LINES = 20;

  /**
   * Install steps take what they take: no timeout. Tool output is predictable and parseable
   * whatever the installer's locale. A step's output goes to the event log only.
   */
  private static final ProcessRunner RUNNER =
      ProcessRunner.withoutTimeout().withEnvironment("LC_ALL", "C").withMaxOutputBytes(0);

  /** A query's stdout (lsblk's inventory, a UUID) is kept, up to 8 MiB. */
  private static final ProcessRunner QUERY_RUNNER = RUNNER.withMaxOutputBytes(8 * 1024 * 1024);

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
      events.log("dry-run", cmd.display() + cmd.stdin().map(s -> " <<'EOF'").orElse(""));
      if (cmd.stdin().isPresent()) {
        for (String line : cmd.stdin().get().split("\n")) {
          events.log("dry-run", "  " + line);
        }
        events.log("dry-run", "  EOF");
      }
      return new Result(0, "", List.of());
    }
    events.log("agent", "$ " + cmd.display());
    Deque<String> last = new ArrayDeque<>();
    ProcessRunner.LineListener lines =
        new ProcessRunner.LineListener() {
          @Override
          public void line(ProcessRunner.Stream stream, String line) {
            synchronized (last) {
              last.addLast(line);
              if (last.size() > LAST_LINES) {
                last.removeFirst();
              }
            }
            if (stream == ProcessRunner.Stream.STDERR) {
              events.log("stderr", line);
            } else if (!captureStdout) {
              events.log("stdout", line);
            }
          }

          @Override
          public void stdinNotWritten(IOException e) {
            // The program may exit without reading stdin; its exit code tells what happened.
            events.log(
                "agent", "could not write stdin of " + cmd.argv().get(0) + ": " + e.getMessage());
          }
        };
    ProcessRunner.Result r;
    try {
      r = (captureStdout ? QUERY_RUNNER : RUNNER).run(cmd, lines);
    } catch (IOException e) {
      events.log("agent", "cannot start " + cmd.argv().get(0) + ": " + e.getMessage());
      return new Result(NOT_FOUND, "", List.of(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("interrupted while running " + cmd.display(), e);
    }
    synchronized (last) {
      return new Result(r.exitCode(), r.output(), List.copyOf(last));
    }
  }
}
