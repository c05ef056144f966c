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

/**
 * define-resource, update-resource, list-resources, show-resource, remove-resource, define-group,
 * list-groups, remove-group, allocate, deallocate.
 */
final class ResourceCommands {
  private ResourceCommands() {}

  @Command(
      name = "define-resource",
      description = {
        "Define a reusable resource. Its files are read here and uploaded to the server's",
        "content store (skipped when the server has them); the resource is that content, so",
        "changing a file later changes nothing until 'lui update-resource'. The agent checks",
        "what it fetches against each file's SHA-256.",
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

    @Option(
        names = "--type",
        required = true,
        paramLabel = "TYPE",
        description = "rpm-list, deb-list, tarball, kernel, file, partition-table or script.")
    String type;

    @Option(
        names = "--source",
        paramLabel = "PATH",
        description = "The file (on this machine; it is uploaded).")
    Optional<Path> source = Optional.empty();

    @Option(
        names = "--target",
        paramLabel = "PATH",
        description = "file: where it goes on the node (absolute).")
    Optional<String> target = Optional.empty();

    @Option(names = "--mode", paramLabel = "OCTAL", description = "file: mode (default 0644).")
    Optional<String> mode = Optional.empty();

    @Option(
        names = "--owner",
        paramLabel = "USER[:GROUP]",
        description = "file: owner (default root:root).")
    Optional<String> owner = Optional.empty();

    @Option(
        names = "--directory",
        paramLabel = "PATH",
        description = "tarball: where to extract on the node (default /).")
    Optional<String> directory = Optional.empty();

    @Option(
        names = "--initrd",
        paramLabel = "PATH",
        description = "kernel: its initrd (on this machine; it is uploaded).")
    Optional<Path> initrd = Optional.empty();

    @Option(
        names = "--version",
        paramLabel = "V",
        description = "kernel: version string (default: the resource name).")
    Optional<String> version = Optional.empty();

    @Option(
        names = "--special-bits",
        description = "file: allow setuid, setgid and sticky bits in --mode (refused otherwise).")
    boolean specialBits;

    @Override
    public Integer call() {
      ApiClient api = api();
      ContentUploader uploader = uploader(api);
      ResourceSpec spec =
          uploader.resolve(
              new LocalResourceSpec(
                  name,
                  type,
                  source.map(LocalFile::of),
                  target,
                  mode,
                  owner,
                  directory,
                  initrd.map(LocalFile::of),
                  version,
                  specialBits));
      JsonNode r = api.post("/api/v1/resources", spec);
      out()
          .println(
              "defined resource "
                  + r.path("name").asText()
                  + " ("
                  + r.path("type").asText()
                  + "), version "
                  + r.path("version").asInt());
      printFiles(this, r.path("files"), Optional.of(uploader));
      return 0;
    }
  }

  /** One line per file: name, digest, size, and whether this run uploaded it. */
  static void printFiles(
      ClientCommand command, JsonNode files, Optional<ContentUploader> uploader) {
    for (JsonNode f : files) {
      String sha = f.path("sha256").asText();
      command
          .out()
          .println(
              "  "
                  + f.path("name").asText()
                  + "  sha256 "
                  + sha
                  + "  "
                  + f.path("size").asLong()
                  + " bytes"
                  + uploader
                      .map(u -> u.uploaded(sha) ? "  (uploaded)" : "  (already on the server)")
                      .orElse(""));
    }
    command.out().flush();
  }

  @Command(
      name = "update-resource",
      description = {
        "Make a new version of a resource from new files (uploaded like define-resource) and/or",
        "new options of its type; options not given keep their current values, the type stays.",
        "The new version is current at once: the plans of the nodes it is allocated to follow.",
        "Every version is kept (lui show-resource NAME lists them).",
        "",
        "Example:",
        "  lui update-resource motd --source ./motd --yes"
      })
  static final class Update extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--source",
        paramLabel = "PATH",
        description = "The new file (on this machine; it is uploaded).")
    Optional<Path> source = Optional.empty();

    @Option(
        names = "--target",
        paramLabel = "PATH",
        description = "file: where it goes on the node (absolute).")
    Optional<String> target = Optional.empty();

    @Option(names = "--mode", paramLabel = "OCTAL", description = "file: mode.")
    Optional<String> mode = Optional.empty();

    @Option(names = "--owner", paramLabel = "USER[:GROUP]", description = "file: owner.")
    Optional<String> owner = Optional.empty();

    @Option(
        names = "--directory",
        paramLabel = "PATH",
        description = "tarball: where to extract on the node.")
    Optional<String> directory = Optional.empty();

    @Option(
        names = "--initrd",
        paramLabel = "PATH",
        description = "kernel: a new initrd (on this machine; it is uploaded).")
    Optional<Path> initrd = Optional.empty();

    @Option(names = "--version", paramLabel = "V", description = "kernel: version string.")
    Optional<String> version = Optional.empty();

    @Option(
        names = "--special-bits",
        description = "file: allow setuid, setgid and sticky bits in a new --mode.")
    boolean specialBits;

    @Option(names = "--yes", description = "Confirm changing the plans of nodes armed for install.")
    boolean yes;

    @Override
    public Integer call() {
      ApiClient api = api();
      String path = "/api/v1/resources/" + Paths.segment(name);
      String type = api.get(path).path("type").asText();
      ContentUploader uploader = uploader(api);
      ResourceSpec spec =
          uploader.resolve(
              new LocalResourceSpec(
                  name,
                  type,
                  source.map(LocalFile::of),
                  target,
                  mode,
                  owner,
                  directory,
                  initrd.map(LocalFile::of),
                  version,
                  specialBits));
      JsonNode r = confirming(yes, y -> api.put(path + (y ? "?yes=true" : ""), spec));
      JsonNode resource = r.path("resource");
      if (!r.path("changed").asBoolean()) {
        out()
            .println(
                "resource "
                    + name
                    + " unchanged: version "
                    + resource.path("version").asInt()
                    + " is current");
      } else {
        out()
            .println(
                "resource "
                    + name
                    + ": version "
                    + resource.path("version").asInt()
                    + " is current");
        printFiles(this, resource.path("files"), Optional.of(uploader));
        if (!r.path("nodes").isEmpty()) {
          out().println("plans refreshed: " + join(r.path("nodes")));
        }
      }
      out().flush();
      return 0;
    }
  }

  @Command(
      name = "list-resources",
      description =
          "List resources: type, current version, its SHA-256 and size, where they are allocated.")
  static final class ListResources extends ClientCommand {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      JsonNode all = api().get("/api/v1/resources");
      if (json) {
        printJson(all);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode r : all) {
        rows.add(
            List.of(
                r.path("name").asText(),
                r.path("type").asText(),
                r.path("version").asText(),
                shortSha(r.path("files")),
                Sizes.human(totalSize(r.path("files"))),
                text(r, "allocatedTo"),
                status(r.path("status").asText())));
      }
      printTable(
          List.of("NAME", "TYPE", "VERSION", "SHA256", "SIZE", "ALLOCATED TO", "STATUS"), rows);
      return 0;
    }
  }

  @Command(
      name = "show-resource",
      description = "Show a resource and every version of it (the last is current).")
  static final class Show extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      JsonNode h = api().get("/api/v1/resources/" + Paths.segment(name) + "/versions");
      if (json) {
        printJson(h);
        return 0;
      }
      int current = h.path("current").asInt();
      out()
          .println(
              "resource "
                  + h.path("name").asText()
                  + " ("
                  + h.path("type").asText()
                  + "), version "
                  + current
                  + " of "
                  + h.path("versions").size()
                  + " is current; allocated to "
                  + join(h.path("allocatedTo")));
      List<List<String>> rows = new ArrayList<>();
      JsonNode currentFiles = null;
      for (JsonNode v : h.path("versions")) {
        boolean isCurrent = v.path("version").asInt() == current;
        if (isCurrent) {
          currentFiles = v.path("files");
        }
        rows.add(
            List.of(
                v.path("version").asText() + (isCurrent ? " *" : ""),
                StatusCommands.seconds(v.path("created").asText()),
                shortSha(v.path("files")),
                Sizes.human(totalSize(v.path("files"))),
                Integer.toString(v.path("files").size()),
                status(v.path("status").asText())));
      }
      printTable(List.of("VERSION", "CREATED", "SHA256", "SIZE", "FILES", "STATUS"), rows);
      if (currentFiles != null) {
        out().println("files of version " + current + ":");
        printFiles(this, currentFiles, Optional.empty());
      }
      out().flush();
      return 0;
    }
  }

  /** The first file's digest, short (a package list's: the list file's). */
  static String shortSha(JsonNode files) {
    String sha = files.path(0).path("sha256").asText("");
    return sha.length() > 12 ? sha.substring(0, 12) : sha.isEmpty() ? "-" : sha;
  }

  static long totalSize(JsonNode files) {
    long total = 0;
    for (JsonNode f : files) {
      total += f.path("size").asLong();
    }
    return total;
  }

  static String status(String wire) {
    return switch (wire) {
      case "ready" -> "ready";
      case "import" -> "import pending (at the next server start)";
      case "needs-update" -> "needs update-resource (a file changed or is gone)";
      default -> wire;
    };
  }

  @Command(
      name = "remove-resource",
      description = "Remove resources (refused while allocated: deallocate first).")
  static final class Remove extends RemoveCommand {
    @Override
    String kind() {
      return "resource";
    }
  }

  @Command(
      name = "define-group",
      description = "Define a group; nodes join it with define-node --group.",
      footer = {
        "",
        "Example:",
        "  lui define-group compute --disk size=200G..300G",
        "Members without a --disk of their own install to the disk the group's selector matches."
      })
  static final class DefineGroup extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
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
      description = "Change a group's disk selector; its members' plans follow.",
      footer = {
        "",
        "Examples:",
        "  lui set-group compute --disk serial=S3Z9NX0M,size=400G..500G",
        "  lui set-group compute --no-disk   # members: their table's disk, else path=/dev/sda"
      })
  static final class SetGroup extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME")
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

  @Command(name = "list-groups", description = "List groups with their nodes and resources.")
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
        "Remove groups: members leave them, the group's allocations go; members' plans are updated.",
        "When that changes what armed members would install, lui names them and asks first",
        "(scripts: --yes); a member left without a system is no longer armed."
      })
  static final class RemoveGroup extends ClientCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
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
      out()
          .println(
              String.format(
                  "allocated %s to %s (%d new)",
                  String.join(", ", resources), String.join(", ", to), r.path("count").asInt()));
      if (r.path("armed").size() > 0) {
        out()
            .println(
                NodeCommands.counted(
                    r.path("armed"), "armed for install, now that a system is allocated"));
      }
      out().flush();
      return 0;
    }
  }

  @Command(
      name = "deallocate",
      description = {
        "Take resources away from nodes or groups. When that changes what armed nodes would",
        "install, lui names them and asks first (scripts: --yes)."
      })
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
      out()
          .println(
              String.format(
                  "deallocated %s from %s (%d removed)",
                  String.join(", ", resources), String.join(", ", from), r.path("count").asInt()));
      if (r.path("disarmed").size() > 0) {
        out()
            .println(
                NodeCommands.counted(
                    r.path("disarmed"), "not armed any more: their plan installs no system"));
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
