package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code lui logs NODE --runs} (the runs the node's log keeps) and {@code lui logs NODE --run N}
 * (one of them); the server names runs ({@code NodeRuns}).
 */
final class LogRuns {
  private LogRuns() {}

  /** {@code --run N}: one kept run, numbered as the server numbers them ({@code NodeRuns}). */
  static final class RunOption {
    @Option(
        names = "--run",
        paramLabel = "N",
        description =
            "Show one kept run of one node: N from 1 (the oldest kept), -1 (the newest), -2 (the"
                + " one before), or the run's id ('lui logs NODE --runs' lists them).")
    Optional<String> run = Optional.empty();
  }

  /** {@code --runs} and {@code --run N}: one node, no {@code --follow}. */
  static final class Options {
    @picocli.CommandLine.Mixin RunOption which = new RunOption();

    @Option(names = "--runs", description = "List the node's kept runs with their numbers.")
    boolean runs;

    /** The exit code when one of them was given; empty when neither was. */
    Optional<Integer> call(LogsCommand.Logs c) {
      Optional<String> run = which.run;
      if (run.isEmpty() && !runs) {
        return Optional.empty();
      }
      if (c.follow || !NodeSetArgs.oneName(c.nodes, c.filter.state)) {
        throw new picocli.CommandLine.ParameterException(
            c.spec.commandLine(),
            (runs ? "--runs" : "--run")
                + " takes one node and no --follow (which follows the current install)");
      }
      String node = c.nodes.get(0);
      return Optional.of(runs ? list(c, node) : print(c, node, run.get()));
    }
  }

  /** One node's kept runs, oldest first: the number {@code --run} takes, then what each was. */
  static int list(LogsCommand.Logs c, String node) {
    JsonNode runs = c.api().get("/api/v1/nodes/" + Paths.segment(node) + "/runs");
    if (c.json) {
      c.printJson(runs);
      return 0;
    }
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
  static int print(LogsCommand.Logs c, String node, String run) {
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
                      + LogsCommand.Logs.PAGE
                      + "&after="
                      + after);
      for (JsonNode e : page) {
        c.out().println(c.json ? e.toString() : LogsCommand.Logs.format(e));
        after = e.path("id").asLong(after);
      }
      c.out().flush();
      if (page.size() < LogsCommand.Logs.PAGE) {
        return 0;
      }
    }
  }
}
