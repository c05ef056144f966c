package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** install and remove-node: arming and removing node sets. */
final class InstallCommands {
  private InstallCommands() {}

  @Command(
      name = "remove-node",
      description = {
        "Remove nodes with their DHCP/BOOTP entries, boot entries, NFS roots and logs, all in one transaction.",
        "",
        "A set that expands (a range, a group, --in-state) and takes armed nodes names them and asks first (scripts: --yes); naming each node does not ask.",
        "",
        NodeSetArgs.SYNTAX
      },
      footer = {
        "",
        "Examples:",
        "  lui remove-node n01 n02",
        "  lui remove-node n[001-128] --yes",
        "  lui remove-node @retired --in-state failed"
      })
  static final class Remove extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "NODES", description = NodeSetArgs.NODES_PARAM)
    List<String> nodes = new ArrayList<>();

    @picocli.CommandLine.Mixin NodeSetArgs.StateOption filter = new NodeSetArgs.StateOption();

    @Option(names = "--yes", description = "Confirm removing armed nodes without being asked.")
    boolean yes;

    @Override
    public Integer call() {
      if (nodes.isEmpty() && filter.state.isEmpty()) {
        throw LuiException.invalid(
            "NODES", "", "name the nodes to remove (like n01, n[01-04] or @compute) or --in-state");
      }
      String query = NodeSetArgs.query(nodes, filter.state);
      JsonNode r =
          confirming(yes, y -> api().deleteJson("/api/v1/nodes?" + query + (y ? "&yes=true" : "")));
      List<String> removed = new ArrayList<>();
      r.path("removed").forEach(n -> removed.add(n.asText()));
      if (removed.size() <= 20) {
        removed.forEach(n -> out().println("removed node " + n));
      } else {
        out()
            .println(
                "removed "
                    + removed.size()
                    + " nodes: "
                    + dev.lui.core.domain.NodeSet.compress(removed));
      }
      out().flush();
      return 0;
    }
  }

  @Command(
      name = "install",
      description = {
        "Re-arm nodes (or every node of a group) to be installed again at their next network boot.",
        "",
        "Each gets a new install token, and its DHCP/BOOTP and boot entries are back in place. The agent refuses a disk that is not the one of the node's last install; after replacing a disk on purpose, re-arm with --new-disk.",
        "",
        NodeSetArgs.SYNTAX
      },
      footer = {
        "",
        "Examples:",
        "  lui install n[001-128]",
        "  lui install @compute,n200",
        "  lui install --in-state failed          # every node whose install failed",
        "  lui install n[01-04] --power-cycle     # and boot them now through their BMCs",
        "  lui install @rack1 --power-cycle --max-active 16   # at most 16 booting at once",
        "  lui install --resume @rack1            # go on with a paused wave"
      })
  static final class Install extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "NODES", description = NodeSetArgs.NODES_PARAM)
    List<String> targets = new ArrayList<>();

    @picocli.CommandLine.Mixin NodeSetArgs.StateOption filter = new NodeSetArgs.StateOption();

    @Option(
        names = "--new-disk",
        description = "Forget the disk recorded at the last install (it was replaced).")
    boolean newDisk;

    @Option(
        names = "--power-cycle",
        description =
            "Then, through each node's BMC (define-node --bmc), make its next boot a network boot and power-cycle it (power it on when off). A node whose BMC fails stays armed; exit 1.")
    boolean powerCycle;

    @Option(
        names = "--max-active",
        paramLabel = "N",
        description =
            "With --power-cycle: the server powers nodes on in the background, at most N booting at once (powered on, their agent not heard from yet); 'lui status' shows each node waiting, powered on, installing.")
    Optional<Long> maxActive = Optional.empty();

    @Option(
        names = "--wave",
        paramLabel = "N",
        description = "With --power-cycle: power on at most N nodes per --wave-interval.")
    Optional<Long> wave = Optional.empty();

    @Option(
        names = "--wave-interval",
        paramLabel = "SECONDS",
        description = "The interval of --wave (default: 60).")
    Optional<Long> waveInterval = Optional.empty();

    @Option(
        names = "--resume",
        description =
            "Arm nothing: resume the waves of NODES (every wave, without NODES) that paused because their boot-file transfers failed or stalled; what went wrong before no longer counts.")
    boolean resume;

    @Option(
        names = "--json",
        description =
            "Print the server's answer as JSON: the armed nodes; with --power-cycle, {nodes, power}"
                + " or {nodes, wave}.")
    boolean json;

    @Override
    public Integer call() {
      if (resume) {
        return resume();
      }
      if (targets.isEmpty() && filter.state.isEmpty()) {
        throw LuiException.invalid(
            "NODES",
            "",
            "name the nodes to install (like n01, n[01-04] or @compute) or --in-state");
      }
      List<String> params = new ArrayList<>();
      if (newDisk) {
        params.add("new-disk=1");
      }
      filter.state.ifPresent(st -> params.add("state=" + Paths.segment(st)));
      boolean waves = maxActive.isPresent() || wave.isPresent() || waveInterval.isPresent();
      if (waves && !powerCycle) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--max-active, --wave and --wave-interval need --power-cycle (they pace power-ons)");
      }
      if (powerCycle) {
        params.add("power-cycle=1");
      }
      maxActive.ifPresent(n -> params.add("max-active=" + n));
      wave.ifPresent(n -> params.add("wave=" + n));
      waveInterval.ifPresent(n -> params.add("wave-interval=" + n));
      JsonNode answer =
          withProgress(
              "arming" + (powerCycle ? " and powering nodes" : " nodes"),
              () ->
                  api()
                      .post(
                          "/api/v1/install"
                              + (params.isEmpty() ? "" : "?" + String.join("&", params)),
                          targets));
      if (json) {
        printJson(answer);
        return PowerCommand.failed(answer.path("power")).isEmpty() ? 0 : ErrorKind.EXIT_FAILED;
      }
      JsonNode armed = powerCycle ? answer.path("nodes") : answer;
      // (with a wave, the nodes wait armed; the server powers them on)
      if (armed.size() <= 20) {
        for (JsonNode n : armed) {
          out().println("armed node " + n.path("name").asText() + " for install");
        }
      } else {
        List<String> names = new ArrayList<>();
        armed.forEach(n -> names.add(n.path("name").asText()));
        out()
            .println(
                "armed "
                    + names.size()
                    + " nodes for install: "
                    + dev.lui.core.domain.NodeSet.compress(names));
      }
      out().flush();
      if (waves) {
        JsonNode w = answer.path("wave");
        out()
            .println(
                "wave "
                    + w.path("id").asText()
                    + ": "
                    + w.path("nodes").asInt()
                    + " nodes wait to be powered on"
                    + (w.hasNonNull("maxActive")
                        ? ", at most " + w.path("maxActive").asInt() + " booting at once"
                        : "")
                    + (w.hasNonNull("size")
                        ? ", at most "
                            + w.path("size").asInt()
                            + " every "
                            + w.path("intervalSeconds").asLong()
                            + " s"
                        : "")
                    + "; follow them with 'lui status'");
        out().flush();
        return 0;
      }
      return powerCycle
          ? PowerCommand.print(out(), spec.commandLine().getErr(), answer.path("power"))
          : 0;
    }

    /** {@code --resume}: the waves of the nodes go on (#14). */
    private int resume() {
      if (newDisk
          || powerCycle
          || maxActive.isPresent()
          || wave.isPresent()
          || waveInterval.isPresent()
          || filter.state.isPresent()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--resume arms and powers nothing: give it NODES (or nothing, for every wave) alone");
      }
      for (JsonNode w : api().post("/api/v1/waves/resume", targets)) {
        out()
            .println(
                "wave "
                    + text(w, "id")
                    + " resumed: "
                    + w.path("waiting").asInt()
                    + " waiting, "
                    + w.path("booting").asInt()
                    + " booting");
      }
      out().flush();
      return 0;
    }
  }
}
