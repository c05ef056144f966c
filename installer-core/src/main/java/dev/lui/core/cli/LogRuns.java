package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lui logs NODE --runs} (the runs the node's log keeps) and {@code lui logs NODE --run N}
 * (one of them); the server names runs ({@code NodeRuns}).
 */
final class LogRuns {
  private LogRuns() {}

  /** One node's kept runs, oldest first: the number {@code --run} takes, then what each was. */
  static int list(StatusCommands.Logs c, String node) {
    JsonNode runs = c.api().get("/api/v1/nodes/" + Paths.segment(node) + "/runs");
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode r : runs) {
      rows.add(
          List.of(
              ClientCommand.text(r, "number"),
              ClientCommand.text(r, "kind") + (r.path("current").asBoolean() ? "" : " (earlier)"),
              StatusCommands.seconds(ClientCommand.text(r, "opened")),
              StatusCommands.seconds(ClientCommand.text(r, "ended")),
              ClientCommand.text(r, "outcome"),
              ClientCommand.text(r, "id")));
    }
    c.printTable(List.of("RUN", "KIND", "OPENED", "ENDED", "OUTCOME", "ID"), rows);
    return 0;
  }

  /** The entries of one run, paged until the last. */
  static int print(StatusCommands.Logs c, String node, String run) {
    long after = 0;
    while (true) {
      JsonNode page =
          c.api()
              .get(
                  "/api/v1/nodes/"
                      + Paths.segment(node)
                      + "/log?run="
                      + Paths.segment(run)
                      + "&limit="
                      + StatusCommands.Logs.PAGE
                      + "&after="
                      + after);
      for (JsonNode e : page) {
        c.out().println(StatusCommands.Logs.format(e));
        after = e.path("id").asLong(after);
      }
      c.out().flush();
      if (page.size() < StatusCommands.Logs.PAGE) {
        return 0;
      }
    }
  }
}
