package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** allocate, deallocate. */
final class AllocationCommands {
  private AllocationCommands() {}

  @Command(
      name = "allocate",
      description = {
        "Give resources to nodes or groups, which then install them (payloads in allocation order).",
        "",
        "A name that is both a node and a group must be written node:NAME or group:NAME. A node that gets a system this way is armed for install."
      },
      footer = {
        "",
        "Examples:",
        "  lui allocate base-os motd --to compute",
        "  lui allocate motd --to node:n01 group:gpu"
      })
  static final class Allocate extends AllocationCommand {
    @Option(names = "--to", arity = "1..*", required = true, paramLabel = "NODE|GROUP")
    List<String> to;

    @Override
    public Integer call() {
      JsonNode r = api().post("/api/v1/allocations", Map.of("resources", resources, "targets", to));
      return print(
          r,
          "allocated %s to %s (%d new)",
          to,
          "armed",
          "armed for install, now that a system is allocated");
    }
  }

  @Command(
      name = "deallocate",
      description = {
        "Take resources away from nodes or groups.",
        "",
        "When that changes what armed nodes would install, lui names them and asks first (scripts: --yes)."
      },
      footer = {"", "Example:", "  lui deallocate motd --from compute --yes"})
  static final class Deallocate extends AllocationCommand {
    @Option(names = "--from", arity = "1..*", required = true, paramLabel = "NODE|GROUP")
    List<String> from;

    @Option(
        names = "--yes",
        description = "Confirm a change to armed nodes' plans without being asked.")
    boolean yes;

    @Override
    public Integer call() {
      JsonNode r =
          confirming(
              yes,
              y ->
                  api()
                      .post(
                          "/api/v1/deallocations" + (y ? "?yes=true" : ""),
                          Map.of("resources", resources, "targets", from)));
      return print(
          r,
          "deallocated %s from %s (%d removed)",
          from,
          "disarmed",
          "not armed any more: their plan installs no system");
    }
  }

  /** allocate and deallocate: the same call on two paths. */
  abstract static class AllocationCommand extends ClientCommand {
    @Parameters(
        arity = "1..*",
        paramLabel = "RESOURCE",
        description = "Resource names (lui list-resources).")
    List<String> resources;

    /**
     * The server's answer {@code r}: {@code format} with the resources, the targets and the count,
     * then the nodes listed under {@code changed} (if any), counted, with {@code what}.
     */
    int print(JsonNode r, String format, List<String> targets, String changed, String what) {
      out()
          .println(
              String.format(
                  format,
                  String.join(", ", resources),
                  String.join(", ", targets),
                  r.path("count").asInt()));
      if (r.path(changed).size() > 0) {
        out().println(NodeCommands.counted(r.path(changed), what));
      }
      out().flush();
      return 0;
    }
  }
}
