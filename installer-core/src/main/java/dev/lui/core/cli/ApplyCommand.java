package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.inventory.NodeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Defines a whole cluster from one YAML file: groups, resources (paths relative to the file),
 * allocations, nodes. The same calls as the single commands, in dependency order.
 */
@Command(
    name = "apply",
    description = {
      "Define groups, resources, allocations and nodes from a cluster YAML file",
      "(see resources/sample/cluster.yaml). Resource paths are relative to the file."
    })
final class ApplyCommand extends ClientCommand {
  private static final Set<String> TOP = Set.of("groups", "resources", "allocations", "nodes");

  @Parameters(paramLabel = "CLUSTER.yaml")
  Path file;

  @Override
  public Integer call() {
    ClusterFile cluster = ClusterFile.read(file);
    ApiClient api = api();
    for (Map<String, String> g : cluster.groups()) {
      api.post("/api/v1/groups", g);
      out().println("defined group " + g.get("name")
          + (g.containsKey("disk") ? " (disk " + g.get("disk") + ")" : ""));
    }
    ContentUploader uploader = uploader(api);
    for (LocalResourceSpec r : cluster.resources()) {
      api.post("/api/v1/resources", uploader.resolve(r));
      out().println("defined resource " + r.name() + " (" + r.type() + ")");
    }
    for (Map.Entry<String, List<String>> a : cluster.allocations()) {
      api.post("/api/v1/allocations", Map.of("resources", List.of(a.getKey()), "targets", a.getValue()));
      out().println("allocated " + a.getKey() + " to " + String.join(", ", a.getValue()));
    }
    if (!cluster.nodes().isEmpty()) {
      JsonNode response = api.post("/api/v1/nodes", cluster.nodes());
      printWarnings(response);
      out().println("defined " + response.path("nodes").size() + " nodes: ready to install");
    }
    out().flush();
    return 0;
  }

  /** A parsed cluster file. */
  record ClusterFile(
      List<Map<String, String>> groups, List<LocalResourceSpec> resources, List<Map.Entry<String, List<String>>> allocations,
      List<NodeSpec> nodes) {

    static ClusterFile read(Path file) {
      JsonNode root;
      try {
        root = Json.yaml().readTree(Files.readString(file));
      } catch (IOException e) {
        throw LuiException.invalid("CLUSTER.yaml", file.toString(), "cannot read it as YAML: " + e.getMessage().lines().findFirst().orElse(""));
      }
      if (root == null || !root.isObject()) {
        throw LuiException.invalid("CLUSTER.yaml", file.toString(), "expected a mapping with groups, resources, allocations, nodes");
      }
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!TOP.contains(key)) {
          throw LuiException.invalid(file.toString(), key, "unknown section; sections are groups, resources, allocations, nodes");
        }
      }
      Path base = file.toAbsolutePath().getParent();
      // A group is a name, or {name: N, disk: SELECTOR}.
      List<Map<String, String>> groups = new ArrayList<>();
      for (JsonNode g : root.path("groups")) {
        Map<String, String> group = new java.util.LinkedHashMap<>();
        group.put("name", g.isObject() ? g.path("name").asText("") : g.asText());
        if (g.isObject() && g.hasNonNull("disk")) {
          group.put("disk", g.get("disk").asText());
        }
        groups.add(group);
      }
      // Files are read (and uploaded) from here, relative to the cluster file; the server shows them as written.
      List<LocalResourceSpec> resources = new ArrayList<>();
      for (JsonNode r : root.path("resources")) {
        resources.add(
            new LocalResourceSpec(
                r.path("name").asText(""), r.path("type").asText(""),
                opt(r, "source").map(s -> new LocalFile(base.resolve(s).normalize(), s)),
                opt(r, "target"), opt(r, "mode"), opt(r, "owner"), opt(r, "directory"),
                opt(r, "initrd").map(s -> new LocalFile(base.resolve(s).normalize(), s)), opt(r, "version")));
      }
      List<Map.Entry<String, List<String>>> allocations = new ArrayList<>();
      for (JsonNode a : root.path("allocations")) {
        List<String> to = new ArrayList<>();
        a.path("to").forEach(t -> to.add(t.asText()));
        for (JsonNode res : a.path("resources")) {
          allocations.add(Map.entry(res.asText(), to));
        }
      }
      List<NodeSpec> nodes = new ArrayList<>();
      for (JsonNode n : root.path("nodes")) {
        List<String> g = new ArrayList<>();
        n.path("groups").forEach(x -> g.add(x.asText()));
        List<String> res = new ArrayList<>();
        n.path("resources").forEach(x -> res.add(x.asText()));
        nodes.add(
            new NodeSpec(
                n.path("name").asText(""), n.path("mac").asText(""), n.path("ip").asText(""),
                n.path("netmask").asText(""), opt(n, "gateway"), opt(n, "hostname"), g, res, opt(n, "disk"),
                opt(n, "after-install")));
      }
      return new ClusterFile(groups, resources, allocations, nodes);
    }

    private static Optional<String> opt(JsonNode n, String key) {
      return n.hasNonNull(key) ? Optional.of(n.get(key).asText()) : Optional.empty();
    }
  }
}
