package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.TerminalText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** lui logs: one node's or a set's install log, followed live or per kept run. */
final class LogsCommand {
  private LogsCommand() {}

  @Command(
      name = "logs",
      description = {
        "Print nodes' install logs: every command's output and each step's result.",
        "",
        "For more than one node, each line starts with the node's name ('n01: ...'), the nodes' lines interleaved in the order the server stored them. With --follow, keep printing until every node has ended (installed, verified, failed, or not armed); one request per poll for the whole set (GET /api/v1/log?nodes=SET&after=ID). It shows each node's current install (the runs since its last 'lui install'); the server keeps each node's last log-runs-kept runs (installs and rehearsals): --runs lists them, --run N shows one.",
        "",
        NodeSetArgs.SYNTAX
      },
      footer = {
        "",
        "Examples:",
        "  lui logs n01 --follow",
        "  lui logs n01 --runs",
        "  lui logs n01 --run -2",
        "  lui logs --follow n[001-128] | grep -i error",
        "  lui logs n[01-04] --in-state failed"
      })
  static final class Logs extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "NODES", description = NodeSetArgs.NODES_PARAM)
    List<String> nodes = new ArrayList<>();

    @picocli.CommandLine.Mixin NodeSetArgs.StateOption filter = new NodeSetArgs.StateOption();

    @Option(
        names = {"-f", "--follow"},
        description = "Keep printing new lines until every node has ended (Ctrl-C to stop).")
    boolean follow;

    @Option(
        names = "--json",
        description = "Print each entry as one line of JSON (JSON Lines), as the server sent it.")
    boolean json;

    @picocli.CommandLine.Mixin LogRuns.Options kept = new LogRuns.Options();

    @Override
    public Integer call() throws InterruptedException {
      if (nodes.isEmpty() && filter.state.isEmpty()) {
        throw dev.lui.core.LuiException.invalid(
            "NODES", "", "name a node or a set of nodes (like n01, n[01-04] or @compute)");
      }
      Optional<Integer> keptRuns = kept.call(this);
      if (keptRuns.isPresent()) {
        return keptRuns.get();
      }
      boolean one = NodeSetArgs.oneName(nodes, filter.state);
      Optional<String> set = StatusCommands.fixedSet(this, nodes, filter.state);
      if (set.isEmpty()) {
        return 0;
      }
      long after = 0;
      while (true) {
        String query = set.get().isEmpty() ? "?" : set.get() + "&";
        JsonNode page = api().get("/api/v1/log" + query + "limit=" + PAGE + "&after=" + after);
        JsonNode entries = page.path("entries");
        for (JsonNode e : entries) {
          out()
              .println(
                  json
                      ? e.toString()
                      : (one ? "" : TerminalText.escape(e.path("node").asText()) + ": ")
                          + format(e));
        }
        out().flush();
        after = page.path("next").asLong(after);
        if (entries.size() >= PAGE) {
          continue; // more is waiting: no pause
        }
        if (!follow || page.path("done").asBoolean()) {
          return 0;
        }
        Thread.sleep(500);
      }
    }

    /** Entries per request: one page of the server's log (it allows up to 10,000). */
    static final int PAGE = 1000;

    /** One line for people; everything in it came from the node, so it is escaped. */
    static String format(JsonNode e) {
      return TerminalText.escape(unescaped(e));
    }

    private static String unescaped(JsonNode e) {
      String time = e.path("time").asText();
      try {
        time =
            java.time.Instant.parse(time)
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                .toString();
      } catch (java.time.format.DateTimeParseException ignored) {
        // print it as the server sent it
      }
      String step = e.path("step").asText("-");
      // A dry run's events are a rehearsal: marked, so nobody reads them as an install.
      String run = e.path("rehearsal").asBoolean() ? "rehearsal" : "install";
      if (!run.equals("install")) {
        time = time + " [rehearsal]";
      }
      return switch (e.path("kind").asText()) {
        case "log" ->
            time
                + " "
                + step
                + " "
                + e.path("stream").asText("")
                + ": "
                + e.path("text").asText("");
        case "step-started" -> time + " " + step + " == started";
        case "step-finished" ->
            time
                + " "
                + step
                + " == "
                + (e.path("ok").asBoolean() ? "ok" : "FAILED: " + e.path("text").asText(""));
        case "disk-selected" -> time + " " + step + " == " + e.path("text").asText("");
        case "install-finished" ->
            time
                + " "
                + run
                + " "
                + (e.path("ok").asBoolean() ? "SUCCEEDED" : "FAILED: " + e.path("text").asText(""));
        default -> time + " " + e.path("kind").asText() + " " + e.path("text").asText("");
      };
    }
  }
}
