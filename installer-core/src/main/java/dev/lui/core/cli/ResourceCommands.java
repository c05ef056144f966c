package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.inventory.ResourceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** define-resource, list-resources, remove-resource, define-group, list-groups, remove-group, allocate, deallocate. */
final class ResourceCommands {
  private ResourceCommands() {}

  @Command(
      name = "define-resource",
      description = {
        "Define a reusable resource. Server-side files are checksummed now; the agent checks",
        "what it fetches against that checksum.",
        "",
        "Types and their options:",
        "  rpm-list         --source LIST   (one .rpm file per line, relative to the list)",
        "  deb-list         --source LIST   (one .deb file per line, relative to the list)",
        "  tarball          --source ARCHIVE [--directory /]   (gz, xz or zstd)",
        "  kernel           --source VMLINUZ [--initrd INITRD] [--version V]",
        "  file             --source FILE --target /etc/x [--mode 0644] [--owner root:root]",
        "  partition-table  --source TABLE  (text, or YAML by .yaml name; see docs/resources.md)",
        "  script           --source SCRIPT (run in the installed system after the payloads)",
        "",
        "Example:",
        "  lui define-resource motd --type file --source ./motd --target /etc/motd --mode 0644"
      })
  static final class Define extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "rpm-list, deb-list, tarball, kernel, file, partition-table or script.")
    String type;

    @Option(names = "--source", paramLabel = "PATH", description = "The file on the server (relative paths are taken from here).")
    Optional<Path> source = Optional.empty();

    @Option(names = "--target", paramLabel = "PATH", description = "file: where it goes on the node (absolute).")
    Optional<String> target = Optional.empty();

    @Option(names = "--mode", paramLabel = "OCTAL", description = "file: mode (default 0644).")
    Optional<String> mode = Optional.empty();

    @Option(names = "--owner", paramLabel = "USER[:GROUP]", description = "file: owner (default root:root).")
    Optional<String> owner = Optional.empty();

    @Option(names = "--directory", paramLabel = "PATH", description = "tarball: where to extract on the node (default /).")
    Optional<String> directory = Optional.empty();

    @Option(names = "--initrd", paramLabel = "PATH", description = "kernel: its initrd on the server.")
    Optional<Path> initrd = Optional.empty();

    @Option(names = "--version", paramLabel = "V", description = "kernel: version string (default: the resource name).")
    Optional<String> version = Optional.empty();

    @Override
    public Integer call() {
      ResourceSpec spec =
          new ResourceSpec(
              name, type, source.map(p -> p.toAbsolutePath().normalize().toString()), target, mode, owner,
              directory, initrd.map(p -> p.toAbsolutePath().normalize().toString()), version);
      JsonNode r = api().post("/api/v1/resources", spec);
      out().println("defined resource " + r.path("name").asText() + " (" + r.path("type").asText() + ")");
      for (JsonNode f : r.path("files")) {
        out().println("  " + f.path("path").asText() + "  sha256 " + f.path("sha256").asText() + "  " + f.path("size").asLong() + " bytes");
      }
      out().flush();
      return 0;
    }
  }

  @Command(name = "list-resources", description = "List resources with their type and where they are allocated.")
  static final class ListResources extends ClientCommand {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      return list("/api/v1/resources", json, List.of("NAME", "TYPE", "FILES", "ALLOCATED TO"),
          List.of("name", "type", "#files", "allocatedTo"));
    }
  }

  @Command(name = "remove-resource", description = "Remove resources (refused while allocated: deallocate first).")
  static final class Remove extends RemoveCommand {
    @Override
    String kind() {
      return "resource";
    }
  }

  @Command(name = "define-group", description = "Define a group; nodes join it with define-node --group.",
      footer = {"", "Example:", "  lui define-group compute --disk size=200G..300G",
          "Members without a --disk of their own install to the disk the group's selector matches."})
  static final class DefineGroup extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Option(names = "--disk", paramLabel = "SELECTOR",
        description = "Target disk of members that name none (path=, serial=, wwn=, size=MIN..MAX, combined with commas).")
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

  @Command(name = "set-group", description = "Change a group's disk selector; its members' plans follow.",
      footer = {"", "Examples:", "  lui set-group compute --disk serial=S3Z9NX0M,size=400G..500G",
          "  lui set-group compute --no-disk   # members: their table's disk, else path=/dev/sda"})
  static final class SetGroup extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    DiskChoice choice;

    static final class DiskChoice {
      @Option(names = "--disk", paramLabel = "SELECTOR", required = true,
          description = "Target disk of members that name none (path=, serial=, wwn=, size=MIN..MAX, combined with commas).")
      Optional<String> disk = Optional.empty();

      @Option(names = "--no-disk", required = true, description = "The group names no disk any more.")
      boolean none;
    }

    @Option(names = "--yes", description = "Confirm a change to armed members' plans without being asked.")
    boolean yes;

    @Override
    public Integer call() {
      Map<String, Object> body = new java.util.LinkedHashMap<>();
      choice.disk.ifPresent(d -> body.put("disk", d));
      confirming(yes, y -> api().put("/api/v1/groups/" + Paths.segment(name) + (y ? "?yes=true" : ""), body));
      out().println("group " + name + ": " + choice.disk.map(d -> "disk " + d).orElse("no disk"));
      out().flush();
      return 0;
    }
  }

  @Command(name = "list-groups", description = "List groups with their nodes and resources.")
  static final class ListGroups extends ClientCommand {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      return list("/api/v1/groups", json, List.of("NAME", "DISK", "NODES", "RESOURCES"), List.of("name", "disk", "nodes", "resources"));
    }
  }

  @Command(name = "remove-group", description = {
      "Remove groups: members leave them, the group's allocations go; members' plans are updated.",
      "When that changes what armed members would install, lui names them and asks first",
      "(scripts: --yes); a member left without a system is no longer armed."})
  static final class RemoveGroup extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Option(names = "--yes", description = "Confirm a change to armed members' plans without being asked.")
    boolean yes;

    @Override
    public Integer call() {
      for (String n : names) {
        JsonNode r = confirming(yes, y -> api().deleteJson("/api/v1/groups/" + Paths.segment(n) + (y ? "?yes=true" : "")));
        int members = r.path("members").size();
        int disarmed = r.path("disarmed").size();
        out().println("removed group " + n + (members == 0 ? "" : " (" + members + " member" + (members == 1 ? "" : "s") + " left it"
            + (disarmed == 0 ? "" : "; not armed any more, their plans install no system: " + join(r.path("disarmed"))) + ")"));
      }
      out().flush();
      return 0;
    }
  }

  @Command(
      name = "allocate",
      description = {
        "Give resources to nodes or groups. A name that is both a node and a group must be",
        "written node:NAME or group:NAME. Payloads install in allocation order.",
        "  lui allocate base-os motd --to compute"
      })
  static final class Allocate extends AllocationCommand {
    @Option(names = "--to", arity = "1..*", required = true, paramLabel = "NODE|GROUP")
    List<String> to;

    @Override
    public Integer call() {
      JsonNode r = api().post("/api/v1/allocations", Map.of("resources", resources, "targets", to));
      out().println(String.format("allocated %s to %s (%d new)", String.join(", ", resources),
          String.join(", ", to), r.path("count").asInt()));
      if (r.path("armed").size() > 0) {
        out().println(NodeCommands.counted(r.path("armed"), "armed for install (their plan now installs a system)"));
      }
      out().flush();
      return 0;
    }
  }

  @Command(name = "deallocate", description = {
      "Take resources away from nodes or groups. When that changes what armed nodes would",
      "install, lui names them and asks first (scripts: --yes)."})
  static final class Deallocate extends AllocationCommand {
    @Option(names = "--from", arity = "1..*", required = true, paramLabel = "NODE|GROUP")
    List<String> from;

    @Option(names = "--yes", description = "Confirm a change to armed nodes' plans without being asked.")
    boolean yes;

    @Override
    public Integer call() {
      JsonNode r = confirming(yes, y -> api().post("/api/v1/deallocations" + (y ? "?yes=true" : ""),
          Map.of("resources", resources, "targets", from)));
      out().println(String.format("deallocated %s from %s (%d removed)", String.join(", ", resources),
          String.join(", ", from), r.path("count").asInt()));
      if (r.path("disarmed").size() > 0) {
        out().println(NodeCommands.counted(r.path("disarmed"), "not armed any more: their plan installs no system"));
      }
      out().flush();
      return 0;
    }
  }

  /** allocate and deallocate: the same call on two paths. */
  abstract static class AllocationCommand extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "RESOURCE")
    List<String> resources;

  }
}
