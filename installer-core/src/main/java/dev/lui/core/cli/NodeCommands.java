package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.LuiException;
import dev.lui.core.inventory.NodeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** define-node, list-nodes, show-node, remove-node, install. */
final class NodeCommands {
  private NodeCommands() {}

  @Command(
      name = "define-node",
      description = {
        "Define a node, or a batch of nodes from a CSV file.",
        "",
        "As in LUI, a defined node is ready to install: its DHCP/BOOTP entries, boot entry and NFS root exist when this returns.",
        "",
        "On a network (lui define-network) a node inherits its netmask and gateway: --network names it, else it is the network whose CIDR holds --ip. Values given that disagree are refused.",
        "",
        "nodes.csv has a header row naming the fields: name, mac, ip, netmask, gateway, hostname, groups, resources, disk, after-install, network, bmc (groups and resources separated by spaces; netmask may be left out for a node on a network). All rows are defined, or none.",
        "",
        "--bmc ipmi://USER@HOST[:PORT] names the node's BMC for 'lui power' and 'lui install --power-cycle'; its password is a file on the server (see docs/batch.md), never here."
      },
      footer = {
        "",
        "Examples:",
        "  lui define-node n01 --mac 52:54:00:00:00:01 --ip 10.0.0.11 --netmask 255.255.255.0 \\",
        "      --gateway 10.0.0.1 --group compute --disk size=200G..300G",
        "  lui define-node n02 --mac 52:54:00:00:00:02 --ip 10.0.0.12/24",
        "  lui define-node n03 --mac 52:54:00:00:00:03 --ip 10.0.0.13 --network cluster",
        "  lui define-node --from nodes.csv"
      })
  static final class Define extends ClientCommand {
    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "NAME",
        description = "Node name (letters, digits, '.', '_', '-').")
    Optional<String> name = Optional.empty();

    @Option(
        names = "--mac",
        paramLabel = "MAC",
        description = "MAC of the interface the node boots from.")
    Optional<String> mac = Optional.empty();

    @Option(
        names = "--ip",
        paramLabel = "IP",
        description =
            "Fixed IPv4 address handed out by DHCP, optionally with its prefix (10.0.0.11/24); default: the host name's address in DNS, when the server has --dns-server.")
    Optional<String> ip = Optional.empty();

    @Option(
        names = "--netmask",
        paramLabel = "MASK",
        description = "Netmask, like 255.255.255.0 (or --ip IP/PREFIX; default: its network's).")
    Optional<String> netmask = Optional.empty();

    @Option(
        names = "--gateway",
        paramLabel = "IP",
        description = "Default route (inside the node's subnet; default: its network's).")
    Optional<String> gateway = Optional.empty();

    @Option(
        names = "--network",
        paramLabel = "NAME",
        description =
            "The network the node is on (default: the one whose CIDR holds --ip, if any).")
    Optional<String> network = Optional.empty();

    @Option(
        names = "--hostname",
        paramLabel = "H",
        description = "Host name (default: the node name).")
    Optional<String> hostname = Optional.empty();

    @Option(
        names = "--group",
        paramLabel = "G",
        description = "Group to join (repeatable; define it first).")
    List<String> groups = new ArrayList<>();

    @Option(
        names = "--resource",
        paramLabel = "R",
        description = "Resource to allocate to this node (repeatable).")
    List<String> resources = new ArrayList<>();

    @Option(
        names = "--disk",
        paramLabel = "SELECTOR",
        description =
            "Target disk: path=/dev/sda, serial=S, wwn=W, size=MIN..MAX, combined with commas. Without it: the first of the node's groups with a --disk, else its partition table's 'disk' line, else path=/dev/sda.")
    Optional<String> disk = Optional.empty();

    @Option(
        names = "--after-install",
        paramLabel = "WHAT",
        description =
            "After a good install: remove (default, LUI's way: DHCP and boot entries go) or local-boot (DHCP entry stays, the boot entry boots the disk).")
    Optional<String> afterInstall = Optional.empty();

    @Option(
        names = "--bmc",
        paramLabel = "ipmi://USER@HOST[:PORT]",
        description =
            "The node's BMC (IPMI over LAN, port 623 unless given), for 'lui power'. No password: the server reads it from its bmc-secrets directory.")
    Optional<String> bmc = Optional.empty();

    @Option(
        names = "--from",
        paramLabel = "FILE.csv",
        description = "Define a batch of nodes from a CSV file.")
    Optional<Path> from = Optional.empty();

    @Override
    public Integer call() {
      List<NodeSpec> specs;
      if (from.isPresent()) {
        if (name.isPresent()
            || mac.isPresent()
            || ip.isPresent()
            || netmask.isPresent()
            || network.isPresent()) {
          throw LuiException.invalid(
              "--from",
              from.get().toString(),
              "give either --from FILE or a NAME with options, not both");
        }
        specs = NodeCsv.read(from.get(), read(from.get()));
      } else {
        String n =
            name.orElseThrow(
                () ->
                    LuiException.invalid("NAME", "", "give the node's name (or --from FILE.csv)"));
        specs =
            List.of(
                new NodeSpec(
                    n,
                    mac.orElseThrow(
                        () ->
                            LuiException.invalid(
                                "--mac", "", "required: the MAC the node boots from")),
                    ip.orElse(""),
                    netmask.orElse(""),
                    gateway,
                    hostname,
                    groups,
                    resources,
                    disk,
                    afterInstall,
                    network,
                    bmc));
      }
      JsonNode response =
          withProgress(
              "defining " + specs.size() + " node" + (specs.size() == 1 ? "" : "s"),
              () -> api().post("/api/v1/nodes", specs));
      printWarnings(response);
      printDefined(response.path("nodes"));
      out().flush();
      return 0;
    }

    /** One line per node for a few; for a batch, counts and the nodes that are not armed. */
    private void printDefined(JsonNode nodes) {
      if (nodes.size() <= 20) {
        for (JsonNode node : nodes) {
          out()
              .println(
                  "defined node "
                      + node.path("name").asText()
                      + " ("
                      + node.path("mac").asText()
                      + ", "
                      + node.path("ip").asText()
                      + "): "
                      + (node.path("armed").asBoolean()
                          ? "ready to install"
                          : "not armed, " + node.path("notArmed").asText()));
        }
        return;
      }
      java.util.Map<String, List<String>> notArmed = new java.util.LinkedHashMap<>();
      int armed = 0;
      for (JsonNode node : nodes) {
        if (node.path("armed").asBoolean()) {
          armed++;
        } else {
          notArmed
              .computeIfAbsent(node.path("notArmed").asText(), k -> new java.util.ArrayList<>())
              .add(node.path("name").asText());
        }
      }
      out()
          .println(
              "defined "
                  + nodes.size()
                  + " nodes: "
                  + armed
                  + " ready to install"
                  + (notArmed.isEmpty() ? "" : ", " + (nodes.size() - armed) + " not armed"));
      notArmed.forEach((why, names) -> out().println(counted(names, "not armed, " + why)));
    }
  }

  /** "3 nodes WHAT: n01, n02, n03" (at most 10 names, then "and N more"). */
  static String counted(JsonNode names, String what) {
    List<String> list = new java.util.ArrayList<>();
    names.forEach(n -> list.add(n.asText()));
    return counted(list, what);
  }

  static String counted(List<String> names, String what) {
    int shown = Math.min(10, names.size());
    return names.size()
        + " node"
        + (names.size() == 1 ? " " : "s ")
        + what
        + ": "
        + String.join(", ", names.subList(0, shown))
        + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LuiException.invalid(
          "--from", file.toString(), "cannot read the file: " + e.getMessage());
    }
  }

  @Command(
      name = "list-nodes",
      description = {"List nodes with their address, groups and install state."},
      footer = {"", "Examples:", "  lui list-nodes", "  lui list-nodes --json | jq -r '.[].name'"})
  static final class ListNodes extends ClientCommand {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      return list(
          "/api/v1/nodes",
          json,
          List.of("NAME", "MAC", "IP", "NETWORK", "HOSTNAME", "GROUPS", "STATE", "BMC"),
          List.of("name", "mac", "ip", "network", "hostname", "groups", "state", "bmc"));
    }
  }

  @Command(
      name = "show-node",
      description = {
        "Show nodes, or with --plan the install plan one node's agent will run.",
        "",
        NodeSetArgs.SYNTAX
      },
      footer = {
        "",
        "Examples:",
        "  lui show-node n01 --plan",
        "  lui show-node n[01-04] --json      # a set prints a JSON array",
        "  lui show-node @gpu --in-state failed"
      })
  static final class Show extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "NODES", description = NodeSetArgs.NODES_PARAM)
    List<String> nodes = new ArrayList<>();

    @picocli.CommandLine.Mixin NodeSetArgs.StateOption filter = new NodeSetArgs.StateOption();

    @Option(
        names = "--plan",
        description = "Print the rendered install plan (JSON, see docs/plan-format.md).")
    boolean plan;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      if (nodes.isEmpty() && filter.state.isEmpty()) {
        throw LuiException.invalid(
            "NODES", "", "name a node or a set of nodes (like n[01-04] or @compute)");
      }
      boolean one = NodeSetArgs.oneName(nodes, filter.state);
      if (plan) {
        if (!one) {
          throw LuiException.invalid(
              "--plan", String.join(" ", nodes), "shows one node's plan: name one node");
        }
        out().println(api().text("/api/v1/nodes/" + Paths.segment(nodes.get(0)) + "/plan").strip());
        out().flush();
        return 0;
      }
      if (one) {
        JsonNode n = api().get("/api/v1/nodes/" + Paths.segment(nodes.get(0)));
        if (json) {
          printJson(n);
        } else {
          print(n);
        }
        return 0;
      }
      JsonNode all = api().get(NodeSetArgs.path("/api/v1/nodes", nodes, filter.state));
      if (json) {
        printJson(all);
        return 0;
      }
      boolean first = true;
      for (JsonNode n : all) {
        if (!first) {
          out().println();
        }
        first = false;
        print(n);
      }
      out().flush();
      return 0;
    }

    private void print(JsonNode n) {
      for (String field :
          List.of(
              "name",
              "hostname",
              "mac",
              "ip",
              "netmask",
              "gateway",
              "network",
              "groups",
              "resources",
              "disk",
              "afterInstall",
              "bmc",
              "state",
              "step",
              "error",
              "wave",
              "poweredOn",
              "firstBootFile",
              "started",
              "ended")) {
        String value = text(n, field);
        if (field.equals("disk")
            && n.hasNonNull("diskFrom")
            && !n.get("diskFrom").asText().equals("node")) {
          value += "  (from " + n.get("diskFrom").asText() + ")";
        }
        // one spelling per setting: the flag's (after-install), not the API's field
        // (afterInstall); firstBootFile: the first boot file served for this arming's boot (#14)
        String label =
            field.equals("firstBootFile")
                ? "boot file"
                : field.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
        out().printf("%-14s %s%n", label + ":", value);
      }
      out().flush();
    }
  }
}
