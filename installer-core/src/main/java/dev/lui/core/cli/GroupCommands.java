package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** define-group, set-group, list-groups, remove-group. */
final class GroupCommands {
  private GroupCommands() {}

  @Command(
      name = "define-group",
      description = {
        "Define a group of nodes, optionally with the disk selector its members install to.",
        "",
        "Nodes join it with define-node --group. Members without a --disk of their own install to the disk the group's selector matches."
      },
      footer = {"", "Example:", "  lui define-group compute --disk size=200G..300G"})
  static final class DefineGroup extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Group names to define.")
    List<String> names;

    @Option(
        names = "--disk",
        paramLabel = "SELECTOR",
        description =
            "Target disk of members that name none (path=, serial=, wwn=, size=MIN..MAX, combined with commas).")
    Optional<String> disk = Optional.empty();

    @Override
    public Integer call() {
      for (String n : names) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("name", n);
        disk.ifPresent(d -> body.put("disk", d));
        api().post("/api/v1/groups", body);
        out().println("defined group " + n + disk.map(d -> " (disk " + d + ")").orElse(""));
      }
      out().flush();
      return 0;
    }
  }

  @Command(
      name = "set-group",
      description = {"Change a group's disk selector; its members' plans follow."},
      footer = {
        "",
        "Examples:",
        "  lui set-group compute --disk serial=S3Z9NX0M,size=400G..500G",
        "  lui set-group compute --no-disk   # members: their table's disk, else path=/dev/sda"
      })
  static final class SetGroup extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The group's name.")
    String name;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    DiskChoice choice;

    static final class DiskChoice {
      @Option(
          names = "--disk",
          paramLabel = "SELECTOR",
          required = true,
          description =
              "Target disk of members that name none (path=, serial=, wwn=, size=MIN..MAX, combined with commas).")
      Optional<String> disk = Optional.empty();

      @Option(
          names = "--no-disk",
          required = true,
          description = "The group names no disk any more.")
      boolean none;
    }

    @Option(
        names = "--yes",
        description = "Confirm a change to armed members' plans without being asked.")
    boolean yes;

    @Override
    public Integer call() {
      Map<String, Object> body = new java.util.LinkedHashMap<>();
      choice.disk.ifPresent(d -> body.put("disk", d));
      confirming(
          yes,
          y -> api().put("/api/v1/groups/" + Paths.segment(name) + (y ? "?yes=true" : ""), body));
      out().println("group " + name + ": " + choice.disk.map(d -> "disk " + d).orElse("no disk"));
      out().flush();
      return 0;
    }
  }

  @Command(
      name = "list-groups",
      description = {"List groups with their nodes and resources."},
      footer = {"", "Examples:", "  lui list-groups", "  lui list-groups --json"})
  static final class ListGroups extends ClientCommand {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      return list(
          "/api/v1/groups",
          json,
          List.of("NAME", "DISK", "NODES", "RESOURCES"),
          List.of("name", "disk", "nodes", "resources"));
    }
  }

  @Command(
      name = "remove-group",
      description = {
        "Remove groups: members leave them and the group's allocations go; members' plans are updated.",
        "",
        "When that changes what armed members would install, lui names them and asks first (scripts: --yes); a member left without a system is no longer armed."
      },
      footer = {"", "Example:", "  lui remove-group compute --yes"})
  static final class RemoveGroup extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Group names to remove.")
    List<String> names;

    @Option(
        names = "--yes",
        description = "Confirm a change to armed members' plans without being asked.")
    boolean yes;

    @Override
    public Integer call() {
      for (String n : names) {
        JsonNode r =
            confirming(
                yes,
                y ->
                    api()
                        .deleteJson("/api/v1/groups/" + Paths.segment(n) + (y ? "?yes=true" : "")));
        int members = r.path("members").size();
        int disarmed = r.path("disarmed").size();
        out()
            .println(
                "removed group "
                    + n
                    + (members == 0
                        ? ""
                        : " ("
                            + members
                            + " member"
                            + (members == 1 ? "" : "s")
                            + " left it"
                            + (disarmed == 0
                                ? ""
                                : "; not armed any more, their plans install no system: "
                                    + join(r.path("disarmed")))
                            + ")"));
      }
      out().flush();
      return 0;
    }
  }
}
