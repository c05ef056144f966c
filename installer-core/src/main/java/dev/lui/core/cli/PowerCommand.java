package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.ErrorKind;
import dev.lui.core.TerminalText;
import dev.lui.core.domain.NodeSet;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lui power on|off|cycle|status NODES}: through each node's BMC (#14). */
@Command(
    name = "power",
    description = {
      "Power nodes on, off or through a cycle, or show their power state, through their BMCs (define-node --bmc).",
      "",
      "The server talks to the BMCs, many at once, and answers one line per node; exit 1 if any failed (a node without a BMC, a wrong password, a BMC that does not answer), the others are done all the same. Passwords stay on the server (bmc-secrets).",
      "",
      NodeSetArgs.SYNTAX
    },
    footer = {
      "",
      "Examples:",
      "  lui power status n[01-04]",
      "  lui power cycle @compute",
      "  lui power off n01 n02"
    })
final class PowerCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ACTION", description = "on, off, cycle or status.")
  String action;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "NODES",
      description = NodeSetArgs.NODES_PARAM)
  List<String> nodes = new ArrayList<>();

  @Option(names = "--json", description = "Print JSON for scripts (the exit code is the same).")
  boolean json;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("action", action);
    body.put("nodes", nodes);
    JsonNode results = withProgress("power " + action, () -> api().post("/api/v1/power", body));
    if (json) {
      printJson(results);
      return failed(results).isEmpty() ? 0 : ErrorKind.EXIT_FAILED;
    }
    return print(out(), spec.commandLine().getErr(), results);
  }

  /** The nodes whose result is not ok. */
  static List<String> failed(JsonNode results) {
    List<String> failed = new ArrayList<>();
    for (JsonNode r : results) {
      if (!r.path("ok").asBoolean()) {
        failed.add(r.path("node").asText());
      }
    }
    return failed;
  }

  /**
   * One line per node on {@code out}; when some failed, a count naming them on {@code err}. Returns
   * the exit code: 0, or 1 when any failed.
   */
  static int print(PrintWriter out, PrintWriter err, JsonNode results) {
    for (JsonNode r : results) {
      out.println(TerminalText.escape(r.path("line").asText()));
    }
    out.flush();
    List<String> failed = failed(results);
    if (failed.isEmpty()) {
      return 0;
    }
    err.println(
        "lui: "
            + failed.size()
            + " of "
            + results.size()
            + " node"
            + (results.size() == 1 ? "" : "s")
            + " failed: "
            + NodeSet.compress(failed));
    err.flush();
    return ErrorKind.EXIT_FAILED;
  }
}
