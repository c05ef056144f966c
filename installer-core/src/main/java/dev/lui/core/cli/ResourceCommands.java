package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.inventory.ResourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** define-resource, update-resource, list-resources, show-resource, remove-resource. */
final class ResourceCommands {
  private ResourceCommands() {}

  @Command(
      name = "define-resource",
      description = {
        "Define a reusable resource: a package list, tarball, kernel, file, partition table or script that nodes install.",
        "",
        "Its files are read here and uploaded to the server's content store (skipped when the server has them); the resource is that content, so changing a file later changes nothing until 'lui update-resource'. The agent checks what it fetches against each file's SHA-256.",
        "",
        "Types and their options:",
        "  rpm-list         --source LIST   (one .rpm file per line, relative to the list)",
        "  deb-list         --source LIST   (one .deb file per line, relative to the list)",
        "  tarball          --source ARCHIVE [--directory /]   (gz, xz or zstd)",
        "  kernel           --source VMLINUZ [--initrd INITRD] [--version V]",
        "  file             --source FILE --target /etc/x [--mode 0644] [--owner root:root]",
        "  partition-table  --source TABLE  (text, or YAML by .yaml name; see docs/resources.md)",
        "  script           --source SCRIPT (run in the installed system after the payloads)"
      },
      footer = {
        "",
        "Examples:",
        "  lui define-resource motd --type file --source ./motd --target /etc/motd --mode 0644",
        "  lui define-resource base-os --type tarball --source rootfs.tar.zst"
      })
  static final class Define extends ClientCommand {
    @Parameters(
        paramLabel = "NAME",
        description = "Resource name (letters, digits, '.', '_', '-').")
    String name;

    @Option(
        names = "--type",
        required = true,
        paramLabel = "TYPE",
        description = "rpm-list, deb-list, tarball, kernel, file, partition-table or script.")
    String type;

    @Mixin ResourceOptions resource = new ResourceOptions();

    @Override
    public Integer call() {
      ApiClient api = api();
      ContentUploader uploader = uploader(api);
      ResourceSpec spec = uploader.resolve(resource.spec(name, type));
      JsonNode r = api.post("/api/v1/resources", spec);
      out()
          .println("defined resource " + nameAndType(r) + ", version " + r.path("version").asInt());
      printFiles(this, r.path("files"), Optional.of(uploader));
      return 0;
    }
  }

  /** {@code NAME (TYPE)} of a resource the server returned. */
  private static String nameAndType(JsonNode r) {
    return r.path("name").asText() + " (" + r.path("type").asText() + ")";
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
        "Make a new version of a resource from new files (uploaded like define-resource) or new options of its type.",
        "",
        "Options not given keep their current values; the type stays. The new version is current at once: the plans of the nodes it is allocated to follow. Every version is kept (lui show-resource NAME lists them)."
      },
      footer = {"", "Example:", "  lui update-resource motd --source ./motd --yes"})
  static final class Update extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "The resource's name (lui list-resources).")
    String name;

    @Mixin ResourceOptions resource = new ResourceOptions();

    @Option(names = "--yes", description = "Confirm changing the plans of nodes armed for install.")
    boolean yes;

    @Override
    public Integer call() {
      ApiClient api = api();
      String path = "/api/v1/resources/" + Paths.segment(name);
      String type = api.get(path).path("type").asText();
      ContentUploader uploader = uploader(api);
      ResourceSpec spec = uploader.resolve(resource.spec(name, type));
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
      description = {
        "List resources: type, current version, its SHA-256 and size, where they are allocated."
      },
      footer = {"", "Examples:", "  lui list-resources", "  lui list-resources --json"})
  static final class ListResources extends ClientCommand {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      return list(
          "/api/v1/resources",
          json,
          List.of("NAME", "TYPE", "VERSION", "SHA256", "SIZE", "ALLOCATED TO", "STATUS"),
          r ->
              List.of(
                  r.path("name").asText(),
                  r.path("type").asText(),
                  r.path("version").asText(),
                  shortSha(r.path("files")),
                  Sizes.human(totalSize(r.path("files"))),
                  text(r, "allocatedTo"),
                  status(r.path("status").asText())));
    }
  }

  @Command(
      name = "show-resource",
      description = {"Show a resource and every version of it (the last is current)."},
      footer = {"", "Examples:", "  lui show-resource motd", "  lui show-resource motd --json"})
  static final class Show extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "The resource's name (lui list-resources).")
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
                  + nameAndType(h)
                  + ", version "
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
      description = {"Remove resources that are allocated to no node or group (deallocate first)."},
      footer = {"", "Example:", "  lui remove-resource motd old-kernel"})
  static final class Remove extends RemoveCommand {
    @Override
    String kind() {
      return "resource";
    }
  }
}
