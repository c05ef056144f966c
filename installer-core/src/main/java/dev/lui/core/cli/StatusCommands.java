package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.TerminalText;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** status, logs, report, dhcp render. */
final class StatusCommands {
  private StatusCommands() {}

  @Command(
      name = "status",
      description = {
        "Each node's install state: defined (armed: it installs at its next network boot; or not",
        "armed, and why), installing (with its current step), installed, verified (the installed",
        "system reported its first boot), failed. Without NODES, every node.",
        NodeSetArgs.SYNTAX,
        "",
        "Examples:",
        "  lui status n[001-128]",
        "  lui status @gpu --in-state failed"
      })
  static final class Status extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "NODES")
    List<String> nodes = new ArrayList<>();

    @picocli.CommandLine.Mixin NodeSetArgs.StateOption filter = new NodeSetArgs.StateOption();

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      JsonNode status = api().get(NodeSetArgs.path("/api/v1/status", nodes, filter.state));
      if (json) {
        printJson(status);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      int[] counts = new int[6];
      for (JsonNode n : status.path("nodes")) {
        String state = text(n, "state");
        boolean armed = n.path("armed").asBoolean();
        String detail =
            state.equals("installing")
                ? "step " + text(n, "step")
                : state.equals("failed")
                    ? text(n, "error")
                    : state.equals("defined")
                        ? (armed ? powerDetail(n) : "not armed: " + text(n, "notArmed"))
                        : "";
        rows.add(List.of(text(n, "name"), state, seconds(text(n, "since")), detail));
        counts[
            List.of("defined", "installing", "installed", "failed", "verified").indexOf(state)]++;
        if (state.equals("defined") && !armed) {
          counts[5]++;
        }
      }
      printTable(List.of("NODE", "STATE", "SINCE", "DETAIL"), rows);
      out()
          .printf(
              "%d defined%s, %d installing, %d installed%s, %d failed%n",
              counts[0],
              counts[5] > 0 ? " (" + counts[5] + " not armed)" : "",
              counts[1],
              counts[2] + counts[4],
              counts[4] > 0 ? " (" + counts[4] + " verified)" : "",
              counts[3]);
      printSets(status.path("nodes"), "state", out());
      JsonNode dhcp = status.path("dhcp");
      if (dhcp.hasNonNull("lastFailure")) {
        out()
            .println(
                "DHCP: the last reload failed: "
                    + TerminalText.escape(dhcp.path("lastFailure").asText()));
      }
      JsonNode publish = status.path("publish");
      if (publish.hasNonNull("lastFailure")) {
        out()
            .println(
                "Files: the last change was stored but not all files followed (the next change or"
                    + " 'lui server --reconcile-only' repairs them): "
                    + publish.path("lastFailure").asText());
      }
      JsonNode dns = status.path("dns");
      if (dns.hasNonNull("lastFailure")) {
        out()
            .println(
                "DNS: the last dynamic update failed: "
                    + TerminalText.escape(dns.path("lastFailure").asText()));
      }
      out().flush();
      return 0;
    }
  }

  /**
   * Where an armed node is on its way to an install it was powered for (#14): waiting in its wave,
   * powered on at T (its agent not heard from yet), or its BMC's failure; else ready to install.
   */
  static String powerDetail(JsonNode n) {
    if (n.path("waiting").asBoolean()) {
      return "waiting in wave " + ClientCommand.text(n, "wave");
    }
    if (n.hasNonNull("poweredOn")) {
      return "powered on at " + ClientCommand.text(n, "poweredOn") + ", booting";
    }
    if (n.hasNonNull("wave") && n.hasNonNull("error")) {
      return "ready to install; " + ClientCommand.text(n, "error");
    }
    return "ready to install";
  }

  /**
   * One line per state with its nodes folded into a node set ({@code failed: n[03,07]}), to paste
   * into the next command ({@code lui install n[03,07]}).
   */
  static void printSets(JsonNode nodes, String field, java.io.PrintWriter out) {
    java.util.Map<String, List<String>> byState = new java.util.LinkedHashMap<>();
    for (String state : List.of("defined", "installing", "installed", "verified", "failed")) {
      byState.put(state, new ArrayList<>());
    }
    for (JsonNode n : nodes) {
      byState
          .computeIfAbsent(n.path(field).asText(), k -> new ArrayList<>())
          .add(n.path("name").asText());
    }
    byState.forEach(
        (state, names) -> {
          if (!names.isEmpty()) {
            out.println(
                TerminalText.escape(state)
                    + ": "
                    + TerminalText.escape(dev.lui.core.domain.NodeSet.compress(names)));
          }
        });
  }

  /** Instants to the second for tables; the JSON keeps full precision. */
  static String seconds(String instant) {
    try {
      return java.time.Instant.parse(instant)
          .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          .toString();
    } catch (java.time.format.DateTimeParseException e) {
      return instant;
    }
  }

  @Command(
      name = "logs",
      description = {
        "Print nodes' install logs (every command's output and each step's result). For more than",
        "one node, each line starts with the node's name.",
        NodeSetArgs.SYNTAX,
        "",
        "Examples:",
        "  lui logs n01 --follow",
        "  lui logs n[01-04] --in-state failed"
      })
  static final class Logs extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "NODES")
    List<String> nodes = new ArrayList<>();

    @picocli.CommandLine.Mixin NodeSetArgs.StateOption filter = new NodeSetArgs.StateOption();

    @Option(
        names = {"-f", "--follow"},
        description = "Keep printing new lines until the installs end (Ctrl-C to stop).")
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
      if (nodes.isEmpty() && filter.state.isEmpty()) {
        throw dev.lui.core.LuiException.invalid(
            "NODES", "", "name a node or a set of nodes (like n01, n[01-04] or @compute)");
      }
      List<String> names = new ArrayList<>();
      boolean one = NodeSetArgs.oneName(nodes, filter.state);
      if (one) {
        names.add(nodes.get(0));
      } else {
        api()
            .get(NodeSetArgs.path("/api/v1/nodes", nodes, filter.state))
            .forEach(n -> names.add(n.path("name").asText()));
      }
      java.util.Map<String, Long> after = new java.util.LinkedHashMap<>();
      names.forEach(n -> after.put(n, 0L));
      java.util.Set<String> ended = new java.util.HashSet<>();
      while (true) {
        boolean any = false;
        for (String node : names) {
          if (ended.contains(node)) {
            continue;
          }
          JsonNode entries =
              api().get("/api/v1/nodes/" + Paths.segment(node) + "/log?after=" + after.get(node));
          for (JsonNode e : entries) {
            after.put(node, e.path("id").asLong());
            out().println((one ? "" : TerminalText.escape(node) + ": ") + format(e));
            if (e.path("kind").asText().equals("install-finished")) {
              ended.add(node);
            }
          }
          any |= !entries.isEmpty();
        }
        out().flush();
        if (!follow || ended.size() == names.size()) {
          return 0;
        }
        if (!any) {
          Thread.sleep(500);
        }
      }
    }

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

  @Command(
      name = "report",
      description = {
        "After a batch: which nodes succeeded, which failed at which step (with the last log",
        "lines), how long each took. Without NODES, every node.",
        NodeSetArgs.SYNTAX,
        "",
        "Examples:",
        "  lui report n[001-128]",
        "  lui report @compute --in-state failed"
      })
  static final class Report extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "NODES")
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
      List<List<String>> rows = new ArrayList<>();
      int ok = 0;
      int failed = 0;
      for (JsonNode n : report) {
        String state = text(n, "state");
        ok += state.equals("installed") || state.equals("verified") ? 1 : 0;
        failed += state.equals("failed") ? 1 : 0;
        String seconds = n.path("seconds").isMissingNode() ? "-" : n.path("seconds").asText() + "s";
        String at = state.equals("failed") ? text(n, "step") : "-";
        rows.add(List.of(text(n, "name"), state, at, seconds, text(n, "rehearsal")));
      }
      printTable(List.of("NODE", "RESULT", "FAILED AT", "TOOK", "LAST REHEARSAL"), rows);
      for (JsonNode n : report) {
        if (n.path("lastLines").size() > 0) {
          out().println();
          out().println(text(n, "name") + " failed: " + text(n, "error"));
          n.path("lastLines").forEach(l -> out().println("  | " + TerminalText.escape(l.asText())));
        }
      }
      out()
          .printf(
              "%d succeeded, %d failed, %d not finished%n",
              ok, failed, report.size() - ok - failed);
      printSets(report, "state", out());
      out().flush();
      return 0;
    }
  }

  @Command(name = "dhcp", description = "DHCP/BOOTP files.", subcommands = DhcpRender.class)
  static final class Dhcp extends ParentCommand {}

  @Command(name = "dns", description = "DNS records for the nodes.", subcommands = DnsRender.class)
  static final class Dns extends ParentCommand {}

  @Command(
      name = "render",
      description = {
        "Print the forward zone (the server's --dns-domain) and a reverse zone per network, as zone",
        "files named-checkzone accepts, each headed by '; zone NAME'."
      })
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
      description = "Print exactly what the server writes for a DHCP/BOOTP backend.")
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
