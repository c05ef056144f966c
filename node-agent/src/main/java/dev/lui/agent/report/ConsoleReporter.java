package dev.lui.agent.report;

import java.io.PrintStream;

/** Human-readable lines, e.g. {@code [partition] stderr: ...} and {@code == step mount}. */
public final class ConsoleReporter implements Reporter {
  private final PrintStream out;

  public ConsoleReporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void report(AgentEvent e) {
    out.println(format(e));
    out.flush();
  }

  static String format(AgentEvent e) {
    return switch (e.kind()) {
      case LOG -> {
        String stream = e.stream().orElse("agent");
        String prefix = e.step().map(s -> "[" + s + "] ").orElse("");
        yield stream.equals("dry-run")
            ? e.text().orElse("")
            : prefix + (stream.equals("agent") ? "" : stream + ": ") + e.text().orElse("");
      }
      case STEP_STARTED -> "== " + e.step().orElse("?");
      case STEP_FINISHED -> "== " + e.step().orElse("?")
          + (e.ok().orElse(false) ? " ok" : " FAILED: " + e.text().orElse(""));
      case INSTALL_FINISHED -> e.ok().orElse(false)
          ? "install finished OK" + e.text().map(t -> ": " + t).orElse("")
          : "install FAILED: " + e.text().orElse("");
    };
  }
}
