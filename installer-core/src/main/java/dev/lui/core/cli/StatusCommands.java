package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.core.TerminalText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** status, logs, report, dhcp render. */
final class StatusCommands {
  private StatusCommands() {}

  @Command(
      name = "status",
      description = {
        "Show each node's install state: defined (armed or not, and why), installing (with its current step), installed, verified or failed.",
        "",
        "An armed node installs at its next network boot; a verified one's installed system reported its first boot. Without NODES, every node.",
        "",
        NodeSetArgs.SYNTAX,
        "",
        "With --watch: redraw a compact view every --interval seconds until every node is installed, verified or failed (or not armed): counts, elapsed time, the estimated end (at the rate the finished installs went), and the nodes still waiting or installing folded per state and step. On a terminal it redraws in place; otherwise it prints one line each time the counts change. Exit code 0 when none failed, 1 when some did."
      },
      footer = {
        "",
        "Examples:",
        "  lui status n[001-128]",
        "  lui status @gpu --in-state failed",
        "  lui status --watch n[001-128]",
        "  lui status --watch @compute --interval 10 > batch.log"
      })
  static final class Status extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "NODES", description = NodeSetArgs.NODES_PARAM)
    List<String> nodes = new ArrayList<>();

    @picocli.CommandLine.Mixin NodeSetArgs.StateOption filter = new NodeSetArgs.StateOption();

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(
        names = {"-w", "--watch"},
        description = "Keep watching until every node has ended (Ctrl-C to stop).")
    boolean watch;

    @Option(
        names = "--interval",
        paramLabel = "SECONDS",
        description = "Seconds between two looks with --watch (default: ${DEFAULT-VALUE}).")
    double interval = 2;

    @Override
    public Integer call() throws InterruptedException {
      if (watch) {
        return watchLoop(this);
      }
      if (spec.commandLine().getParseResult().hasMatchedOption("--interval")) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--interval goes with --watch");
      }
      JsonNode status = api().get(NodeSetArgs.path("/api/v1/status", nodes, filter.state));
      if (json) {
        printJson(status);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      int[] counts = new int[6];
      java.util.Set<String> paused = new java.util.HashSet<>();
      status.path("waves").forEach(w -> paused.add(w.hasNonNull("paused") ? text(w, "id") : ""));
      for (JsonNode n : status.path("nodes")) {
        String state = text(n, "state");
        boolean armed = n.path("armed").asBoolean();
        String detail =
            state.equals("installing")
                ? "step " + text(n, "step")
                : state.equals("failed")
                    ? text(n, "error")
                    : state.equals("defined")
                        ? (armed ? powerDetail(n, paused) : "not armed: " + text(n, "notArmed"))
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
      for (JsonNode w : status.path("waves")) {
        if (w.hasNonNull("paused")) {
          out()
              .println(
                  "wave "
                      + text(w, "id")
                      + " paused: "
                      + text(w, "paused")
                      + "; it goes on when that clears, or now with 'lui install --resume NODES'");
        }
      }
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
      List<String> missing = new ArrayList<>();
      status
          .path("bootFiles")
          .forEach(
              f -> {
                if (!f.path("present").asBoolean(true)) {
                  missing.add(text(f, "path") + " (" + text(f, "firmware") + ")");
                }
              });
      if (!missing.isEmpty()) {
        out()
            .println(
                "Boot files: not in the TFTP root, nodes that get them cannot boot (run 'lui"
                    + " boot-files setup' on the server): "
                    + TerminalText.escape(String.join(", ", missing)));
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
   * {@code status --watch}: the set is expanded once when a state filter is given (a node leaving
   * the state must stay watched), then looked at every {@code interval} seconds.
   */
  private static Integer watchLoop(Status c) throws InterruptedException {
    if (c.json) {
      throw new picocli.CommandLine.ParameterException(
          c.spec.commandLine(), "--watch draws for people; for scripts, poll --json");
    }
    if (!(c.interval >= 0.05 && c.interval <= 3600)) {
      throw new picocli.CommandLine.ParameterException(
          c.spec.commandLine(),
          "--interval " + c.interval + ": give seconds between 0.05 and 3600");
    }
    Optional<String> query = fixedSet(c, c.nodes, c.filter.state);
    boolean terminal = System.console() != null;
    java.io.PrintWriter out = c.out();
    int drawn = 0;
    String last = "";
    while (true) {
      JsonNode status =
          query.isEmpty()
              ? Json.json().createObjectNode()
              : c.api().get("/api/v1/status" + query.get());
      StatusWatch.Frame frame =
          StatusWatch.of(status.path("nodes"), status.path("waves"), java.time.Instant.now());
      if (terminal) {
        if (drawn > 0) {
          out.print("\033[" + drawn + "A\033[J");
        }
        frame.lines().forEach(out::println);
        drawn = frame.lines().size();
      } else if (!frame.counts().equals(last) || frame.done()) {
        out.println(frame.summary());
        last = frame.counts();
      }
      out.flush();
      if (frame.done()) {
        if (!terminal) {
          frame.sets().forEach(out::println);
          out.flush();
        }
        return frame.failed() > 0 ? 1 : 0;
      }
      Thread.sleep(Math.round(c.interval * 1000));
    }
  }

  /**
   * {@code ?nodes=...} naming a set that stays the same while a command follows it: the expressions
   * as given, or, with a state filter (whose nodes change as they install), the nodes it takes now,
   * folded back into a node set. Empty when the filter takes no node.
   */
  static Optional<String> fixedSet(
      ClientCommand c, List<String> expressions, Optional<String> state) {
    if (state.isEmpty()) {
      String q = NodeSetArgs.query(expressions, Optional.empty());
      return Optional.of(q.isEmpty() ? "" : "?" + q);
    }
    List<String> names = new ArrayList<>();
    c.api()
        .get(NodeSetArgs.path("/api/v1/nodes", expressions, state))
        .forEach(n -> names.add(n.path("name").asText()));
    return names.isEmpty()
        ? Optional.empty()
        : Optional.of("?nodes=" + Paths.segment(dev.lui.core.domain.NodeSet.compress(names)));
  }

  /**
   * Where an armed node is on its way to an install it was powered for (#14): waiting in its wave
   * (paused, if its wave is in {@code paused}), powered on at T (its agent not heard from yet) and
   * when its first boot file was served, or its BMC's failure; else ready to install.
   */
  static String powerDetail(JsonNode n, java.util.Set<String> paused) {
    if (n.path("waiting").asBoolean()) {
      String wave = ClientCommand.text(n, "wave");
      return "waiting in wave " + wave + (paused.contains(wave) ? " (paused)" : "");
    }
    if (n.hasNonNull("poweredOn")) {
      return "powered on at "
          + seconds(ClientCommand.text(n, "poweredOn"))
          + (n.hasNonNull("firstBootFile")
              ? ", first boot file served at " + seconds(ClientCommand.text(n, "firstBootFile"))
              : "")
          + ", booting";
    }
    if (n.hasNonNull("firstBootFile")) {
      return "first boot file served at " + seconds(ClientCommand.text(n, "firstBootFile"));
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
}
