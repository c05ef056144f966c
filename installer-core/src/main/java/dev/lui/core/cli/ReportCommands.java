package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.TerminalText;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** report, dhcp render and dns render: what the server says of a batch and what it writes. */
final class ReportCommands {
  private ReportCommands() {}

  @Command(
      name = "report",
      description = {
        "Report on a batch of installs: which nodes succeeded, which failed at which step, and how long each step took.",
        "",
        "A failure comes with its reason and the last log lines. Per install step: the median time and the slowest node (from the agents' step events of each node's current install; steps that failed are counted, not timed). Without NODES, every node. --json: the same data.",
        "",
        NodeSetArgs.SYNTAX
      },
      footer = {
        "",
        "Examples:",
        "  lui report n[001-128]",
        "  lui report @compute --in-state failed",
        "  lui report n[001-128] --json | jq '.steps[] | select(.step == \"payloads\")'"
      })
  static final class Report extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "NODES", description = NodeSetArgs.NODES_PARAM)
    List<String> nodes = new ArrayList<>();

    @picocli.CommandLine.Mixin NodeSetArgs.StateOption filter = new NodeSetArgs.StateOption();

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      JsonNode report = api().get(NodeSetArgs.path("/api/v1/report", nodes, filter.state));
      if (json) {
        printJson(report);
        return 0;
      }
      JsonNode lines = report.path("nodes");
      List<List<String>> rows = new ArrayList<>();
      int ok = 0;
      int failed = 0;
      for (JsonNode n : lines) {
        String state = text(n, "state");
        ok += state.equals("installed") || state.equals("verified") ? 1 : 0;
        failed += state.equals("failed") ? 1 : 0;
        String seconds = n.path("seconds").isMissingNode() ? "-" : n.path("seconds").asText() + "s";
        String at = state.equals("failed") ? text(n, "step") : "-";
        rows.add(List.of(text(n, "name"), state, at, seconds, text(n, "rehearsal")));
      }
      printTable(List.of("NODE", "RESULT", "FAILED AT", "TOOK", "LAST REHEARSAL"), rows);
      printSteps(report.path("steps"));
      for (JsonNode n : lines) {
        if (n.path("lastLines").size() > 0) {
          out().println();
          out().println(text(n, "name") + " failed: " + text(n, "error"));
          n.path("lastLines").forEach(l -> out().println("  | " + TerminalText.escape(l.asText())));
        }
      }
      out()
          .printf(
              "%d succeeded, %d failed, %d not finished%n", ok, failed, lines.size() - ok - failed);
      StatusCommands.printSets(lines, "state", out());
      out().flush();
      return 0;
    }

    /** Per step: how many nodes finished it well, their median, the slowest, the failures. */
    private void printSteps(JsonNode steps) {
      if (steps.isEmpty()) {
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode s : steps) {
        rows.add(
            List.of(
                text(s, "step"),
                s.path("nodes").asText(),
                s.has("medianSeconds") ? seconds(s.path("medianSeconds")) : "-",
                s.has("slowest")
                    ? text(s, "slowest") + " (" + seconds(s.path("slowestSeconds")) + ")"
                    : "-",
                s.path("failed").asText()));
      }
      out().println();
      printTable(List.of("STEP", "NODES OK", "MEDIAN", "SLOWEST", "FAILED"), rows);
    }

    private static String seconds(JsonNode value) {
      return String.format(java.util.Locale.ROOT, "%.1fs", value.asDouble());
    }
  }

  @Command(
      name = "dhcp",
      description = {"Show the DHCP/BOOTP files the server writes."},
      footer = {"", "Example:", "  lui dhcp render --format isc"},
      subcommands = DhcpRender.class)
  static final class Dhcp extends ParentCommand {}

  @Command(
      name = "dns",
      description = {"Show the nodes' DNS records as zone files."},
      footer = {"", "Example:", "  lui dns render"},
      subcommands = DnsRender.class)
  static final class Dns extends ParentCommand {}

  @Command(
      name = "render",
      description = {
        "Print the forward zone (the server's --dns-domain) and a reverse zone per network, as zone files named-checkzone accepts.",
        "",
        "Each zone is headed by '; zone NAME'."
      },
      footer = {"", "Example:", "  lui dns render > zones.txt"})
  static final class DnsRender extends ClientCommand {
    @Override
    public Integer call() {
      out().print(api().text("/api/v1/dns"));
      out().flush();
      return 0;
    }
  }

  @Command(
      name = "render",
      description = {"Print exactly what the server writes for a DHCP/BOOTP backend."},
      footer = {"", "Example:", "  lui dhcp render --format isc > dhcpd-lui.conf"})
  static final class DhcpRender extends ClientCommand {
    /** The backends by their wire names, for --help and completion. */
    static final class Backends implements Iterable<String> {
      @Override
      public java.util.Iterator<String> iterator() {
        return java.util.Arrays.stream(dev.lui.core.publish.DhcpBackend.values())
            .map(dev.lui.core.publish.DhcpBackend::wireName)
            .iterator();
      }
    }

    @Option(
        names = "--format",
        required = true,
        paramLabel = "BACKEND",
        completionCandidates = Backends.class,
        description = {
          "The backend: ${COMPLETION-CANDIDATES}. The server renders it with its own",
          "settings (boot files, DNS servers, your admin file for the managed ones), so this",
          "is byte for byte the file it writes."
        })
    String format;

    @Override
    public Integer call() {
      dev.lui.core.publish.DhcpBackend.parse("--format", format);
      out().print(api().text("/api/v1/dhcp/" + format));
      out().flush();
      return 0;
    }
  }
}
