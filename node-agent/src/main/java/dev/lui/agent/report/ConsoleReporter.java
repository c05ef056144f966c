package dev.lui.agent.report;

import dev.lui.contract.event.AgentEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Human-readable lines for the terminal or, in the install environment, the node's console: every
 * log line ({@code [partition] stderr: ...}), one clear line per step start and end with its
 * duration and the time since the run began, and on failure a boxed summary an admin at the console
 * can act on. Durations come from the events' own timestamps, so output is reproducible.
 */
public final class ConsoleReporter implements Reporter {
  static final int BOX_WIDTH = 78;
  private static final int BOX_ERROR_LINES = 14;

  private final PrintStream out;
  private final List<String> failureHints;
  private Optional<Instant> runStart = Optional.empty();
  private Optional<Instant> stepStart = Optional.empty();
  private Optional<String> failedStep = Optional.empty();

  public ConsoleReporter(PrintStream out) {
    this(out, List.of());
  }

  /**
   * @param failureHints extra lines for the failure box, e.g. where the local log is
   */
  public ConsoleReporter(PrintStream out, List<String> failureHints) {
    this.out = out;
    this.failureHints = List.copyOf(failureHints);
  }

  @Override
  public synchronized void report(AgentEvent e) {
    if (runStart.isEmpty()) {
      runStart = Optional.of(e.time());
    }
    switch (e.kind()) {
      case STEP_STARTED -> stepStart = Optional.of(e.time());
      case STEP_FINISHED -> {
        if (!e.ok().orElse(false) && failedStep.isEmpty()) {
          failedStep = e.step();
        }
      }
      default -> {}
    }
    out.println(format(e));
    if (e.kind() == AgentEvent.Kind.INSTALL_FINISHED && !e.ok().orElse(false)) {
      for (String l : failureBox(failedStep, e.text().orElse("unknown error"), failureHints)) {
        out.println(l);
      }
    }
    if (e.kind() == AgentEvent.Kind.STEP_FINISHED) {
      stepStart = Optional.empty();
    }
    out.flush();
  }

  private String format(AgentEvent e) {
    Duration total = Duration.between(runStart.orElse(e.time()), e.time());
    return switch (e.kind()) {
      case STEP_STARTED -> "==> " + e.step().orElse("?") + "  (at " + seconds(total) + ")";
      case STEP_FINISHED -> {
        Duration took = Duration.between(stepStart.orElse(e.time()), e.time());
        yield "<== "
            + e.step().orElse("?")
            + (e.ok().orElse(false) ? " ok" : " FAILED")
            + " in "
            + seconds(took)
            + "  (at "
            + seconds(total)
            + ")"
            + (e.ok().orElse(false) ? "" : ": " + firstLine(e.text().orElse("")));
      }
      case INSTALL_FINISHED ->
          e.ok().orElse(false)
              ? "install finished OK in " + seconds(total) + e.text().map(t -> ": " + t).orElse("")
              : "install FAILED after " + seconds(total) + ": " + firstLine(e.text().orElse(""));
      default -> format(e.kind(), e);
    };
  }

  /** The log-line form (also for kinds this code does not know). */
  static String format(AgentEvent.Kind kind, AgentEvent e) {
    if (kind != AgentEvent.Kind.LOG) {
      return "["
          + e.kindName()
          + "] "
          + e.step().map(s -> s + ": ").orElse("")
          + e.text().orElse("");
    }
    String stream = e.stream().orElse("agent");
    String prefix = e.step().map(s -> "[" + s + "] ").orElse("");
    return stream.equals("dry-run")
        ? e.text().orElse("")
        : prefix + (stream.equals("agent") ? "" : stream + ": ") + e.text().orElse("");
  }

  /** {@code 1.2 s}, {@code 75.0 s}. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /**
   * The summary an admin sees on the node's console when the install failed: the step, the error
   * (command, exit code, last output lines, trimmed to fit), and that the node stays up.
   */
  static List<String> failureBox(Optional<String> step, String error, List<String> hints) {
    List<String> body = new ArrayList<>();
    body.add("LUI INSTALL FAILED" + step.map(s -> " in step '" + s + "'").orElse(""));
    body.add("");
    List<String> errorLines = new ArrayList<>(List.of(error.split("\n")));
    // The error starts with "step: " when it comes from the installer; the step is said above.
    if (step.isPresent()
        && !errorLines.isEmpty()
        && errorLines.get(0).startsWith(step.get() + ": ")) {
      errorLines.set(0, errorLines.get(0).substring(step.get().length() + 2));
    }
    if (errorLines.size() > BOX_ERROR_LINES) {
      int cut = errorLines.size() - BOX_ERROR_LINES + 1;
      List<String> kept = new ArrayList<>(errorLines.subList(0, 1));
      kept.add("... (" + cut + " lines more in the log)");
      kept.addAll(errorLines.subList(errorLines.size() - BOX_ERROR_LINES + 2, errorLines.size()));
      errorLines = kept;
    }
    body.addAll(errorLines);
    body.add("");
    body.add("The node stays up for inspection: it will NOT reboot or power off.");
    body.add(
        step.isPresent()
            ? "Nothing after the failed step was done; the agent unmounted what it had mounted."
            : "The agent stopped before touching any disk.");
    body.addAll(hints);
    int inner = BOX_WIDTH - 4;
    List<String> box = new ArrayList<>();
    String rule = "+" + "-".repeat(BOX_WIDTH - 2) + "+";
    box.add(rule);
    for (String l : body) {
      for (String piece : wrap(l.replace('\t', ' '), inner)) {
        box.add("| " + piece + " ".repeat(inner - piece.length()) + " |");
      }
    }
    box.add(rule);
    return box;
  }

  private static List<String> wrap(String line, int width) {
    List<String> out = new ArrayList<>();
    String rest = line;
    while (rest.length() > width) {
      out.add(rest.substring(0, width));
      rest = "  " + rest.substring(width);
    }
    out.add(rest);
    return out;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " ...";
  }
}
