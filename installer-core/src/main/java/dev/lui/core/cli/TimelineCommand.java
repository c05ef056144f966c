package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lui timeline NODE}: one node's way from armed to its first disk boot (#16). */
@Command(
    name = "timeline",
    description = {
      "Print one node's timeline: from the moment it was armed, each power action lui made, every boot file served to it (TFTP or HTTP, size, time taken, refusals), the plan fetch, each install step with its duration, and the end: installed and first disk boot (verified), or the failure with its reason.",
      "",
      "Each line shows when it happened and how long after the arming. It shows the node's current arming and its newest run; --run N shows an earlier run ('lui logs NODE --runs' lists them). The log's lines are not in it: 'lui logs NODE' prints them."
    },
    footer = {
      "",
      "Examples:",
      "  lui timeline n01",
      "  lui timeline n01 --run -2",
      "  lui timeline n01 --json"
    })
final class TimelineCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NODE", description = "The node.")
  String node;

  @picocli.CommandLine.Mixin LogRuns.RunOption which = new LogRuns.RunOption();

  @Option(names = "--json", description = "Print the timeline as JSON, as the server sent it.")
  boolean json;

  @Override
  public Integer call() {
    JsonNode timeline =
        api()
            .get(
                "/api/v1/nodes/"
                    + Paths.segment(node)
                    + "/timeline"
                    + which.run.map(r -> "?run=" + Paths.segment(r)).orElse(""));
    if (json) {
      printJson(timeline);
      return 0;
    }
    out().println(heading(timeline));
    JsonNode events = timeline.path("events");
    Optional<Instant> start = Optional.empty();
    for (JsonNode e : events) {
      if (e.path("kind").asText().equals("armed")) {
        start = instant(e.path("at").asText());
        break;
      }
    }
    if (start.isEmpty() && !events.isEmpty()) {
      start = instant(events.get(0).path("at").asText());
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode e : events) {
      Optional<Instant> at = instant(e.path("at").asText());
      String offset =
          at.isPresent() && start.isPresent()
              ? "+" + duration(Duration.between(start.get(), at.get()))
              : "-";
      String took =
          e.hasNonNull("seconds")
              ? duration(Duration.ofMillis(Math.round(e.path("seconds").asDouble() * 1000)))
              : "-";
      String detail = e.path("detail").asText("");
      if (e.path("failure").asBoolean()) {
        detail = "FAILED" + (detail.isEmpty() ? "" : ": " + detail);
      }
      rows.add(
          List.of(
              StatusCommands.seconds(e.path("at").asText()),
              offset,
              e.path("kind").asText(),
              e.path("title").asText(),
              took,
              detail.isEmpty() ? "-" : detail));
    }
    printTable(List.of("TIME", "OFFSET", "KIND", "WHAT", "TOOK", "DETAIL"), rows);
    return 0;
  }

  /** {@code n01, run 2 of 2 (r-...)}, or which runs there are to choose from. */
  private static String heading(JsonNode t) {
    String name = dev.lui.core.TerminalText.escape(t.path("node").asText());
    JsonNode runs = t.path("runs");
    if (!t.hasNonNull("run")) {
      return name
          + ": current arming, no run yet"
          + (runs.isEmpty() ? "" : " (" + runs.size() + " earlier kept: --run N)");
    }
    String id = t.path("run").asText();
    for (JsonNode r : runs) {
      if (r.path("id").asText().equals(id)) {
        return name
            + ": run "
            + r.path("number").asText()
            + " of "
            + runs.size()
            + " ("
            + dev.lui.core.TerminalText.escape(id)
            + ")";
      }
    }
    return name + ": run " + dev.lui.core.TerminalText.escape(id);
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code 0.4s}, {@code 12.0s}, {@code 3m04s}, {@code 1h02m}. */
  static String duration(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
