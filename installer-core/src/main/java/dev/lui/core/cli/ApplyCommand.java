package dev.lui.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Sha256;
import dev.lui.core.inventory.ClusterSpec;
import dev.lui.core.inventory.NetworkSpec;
import dev.lui.core.inventory.NodeSpec;
import dev.lui.core.inventory.ResourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Makes the server match a cluster YAML file in one transaction: what the file names is created or
 * updated, all or nothing; applying it again changes nothing.
 */
@Command(
    name = "apply",
    description = {
      "Make the server match a cluster file.",
      "",
      "Its networks (applied first), groups, resources (files relative to the file, uploaded unless the server has them), allocations and nodes are created, or updated where they differ; the allocations of every group and node it names become what it lists. One transaction: all of it or nothing. Applying the same file again changes nothing. What the file does not name is left alone.",
      "",
      "See resources/sample/cluster.yaml; 'lui export' writes one from a server."
    },
    footer = {
      "",
      "Examples:",
      "  lui apply cluster.yaml --dry-run   # what would change",
      "  lui apply cluster.yaml --yes       # also when armed nodes' plans change"
    })
final class ApplyCommand extends ClientCommand {
  private static final Set<String> TOP =
      Set.of("networks", "groups", "resources", "allocations", "nodes");

  @Parameters(
      paramLabel = "CLUSTER.yaml",
      description =
          "The cluster file: networks, groups, resources and nodes (as lui export writes).")
  Path file;

  @Option(names = "--dry-run", description = "Print what would change; change nothing.")
  boolean dryRun;

  @Option(
      names = "--yes",
      description = "Confirm changes to what armed nodes install without being asked.")
  boolean yes;

  @Option(
      names = "--json",
      description = "Print the server's answer (changes, armed plans) as JSON.")
  boolean json;

  @Override
  public Integer call() {
    ClusterFile local = read(file);
    // Files first (checked, hashed, uploaded unless the server has them), then one transaction.
    ApiClient api = api();
    ContentUploader uploader = uploader(api);
    List<ResourceSpec> resources = new ArrayList<>();
    for (ClusterFile.Resource r : local.resources()) {
      resources.add(r.reference().orElseGet(() -> uploader.resolve(r.local())));
    }
    ClusterSpec cluster =
        new ClusterSpec(
            local.groups(),
            resources,
            local.allocations(),
            local.nodes(),
            local.networks().isEmpty() ? Optional.empty() : Optional.of(local.networks()));
    JsonNode result =
        confirming(
            yes,
            y ->
                withProgress(
                    "applying " + file,
                    () ->
                        api()
                            .post(
                                "/api/v1/apply?"
                                    + (dryRun ? "dry-run=true&" : "")
                                    + (y ? "yes=true" : ""),
                                cluster)));
    if (json) {
      printJson(result);
      return 0;
    }
    List<String> changes = new ArrayList<>();
    result.path("changes").forEach(c -> changes.add(c.asText()));
    String prefix = dryRun ? "would " : "";
    changes.forEach(c -> out().println(prefix + c));
    if (changes.isEmpty()) {
      out()
          .println(
              file
                  + ": the server already matches it; nothing "
                  + (dryRun ? "would change" : "changed"));
    }
    if (result.path("armedPlansChanged").size() > 0) {
      out()
          .println(
              NodeCommands.counted(
                  result.path("armedPlansChanged"),
                  dryRun ? "armed would get a different plan" : "armed got a different plan"));
    }
    out().flush();
    return 0;
  }

  /**
   * A cluster file as read: a resource is files on this machine (paths relative to the file, to
   * upload) or, as {@code lui export} writes them, references to content the server has.
   */
  record ClusterFile(
      List<ClusterSpec.GroupSpec> groups,
      List<Resource> resources,
      List<ClusterSpec.AllocationSpec> allocations,
      List<NodeSpec> nodes,
      List<NetworkSpec> networks) {
    /** One of the two: {@code local} files, or a {@code reference} to stored content. */
    record Resource(LocalResourceSpec local, Optional<ResourceSpec> reference) {}
  }

  /** Reads a cluster file; resource paths are read relative to the file's directory. */
  static ClusterFile read(Path file) {
    JsonNode root;
    try {
      root = Json.yaml().readTree(Files.readString(file));
    } catch (IOException e) {
      throw LuiException.invalid(
          "CLUSTER.yaml",
          file.toString(),
          "cannot read it as YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw LuiException.invalid(
          "CLUSTER.yaml",
          file.toString(),
          "expected a mapping with networks, groups, resources, allocations, nodes");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP.contains(key)) {
        throw LuiException.invalid(
            file.toString(),
            key,
            "unknown section; sections are networks, groups, resources, allocations, nodes");
      }
    }
    Path base = file.toAbsolutePath().getParent();
    // A network is {name, cidr, gateway?, dns?: [IP, ...], domain?}.
    List<NetworkSpec> networks = new ArrayList<>();
    for (JsonNode n : root.path("networks")) {
      networks.add(
          new NetworkSpec(
              n.path("name").asText(""),
              n.path("cidr").asText(""),
              opt(n, "gateway"),
              n.has("dns") ? Optional.of(strings(n.path("dns"))) : Optional.empty(),
              opt(n, "domain")));
    }
    // A group is a name, or {name: N, disk: SELECTOR}.
    List<ClusterSpec.GroupSpec> groups = new ArrayList<>();
    for (JsonNode g : root.path("groups")) {
      groups.add(
          new ClusterSpec.GroupSpec(
              g.isObject() ? g.path("name").asText("") : g.asText(),
              g.isObject() ? opt(g, "disk") : Optional.empty()));
    }
    List<ClusterFile.Resource> resources = new ArrayList<>();
    for (JsonNode r : root.path("resources")) {
      // Files are read (and uploaded) from here, relative to the cluster file; the server shows
      // them as written.
      LocalResourceSpec local =
          new LocalResourceSpec(
              r.path("name").asText(""),
              r.path("type").asText(""),
              localFile(base, r, "source"),
              opt(r, "target"),
              opt(r, "mode"),
              opt(r, "owner"),
              opt(r, "directory"),
              localFile(base, r, "initrd"),
              opt(r, "version"),
              r.path("special-bits").asBoolean(false));
      Optional<ResourceSpec> reference =
          r.path("source").isObject()
              ? Optional.of(
                  new ResourceSpec(
                      local.name(),
                      local.type(),
                      blob(file, r.path("source")),
                      local.target(),
                      local.mode(),
                      local.owner(),
                      local.directory(),
                      blob(file, r.path("initrd")),
                      local.version(),
                      blobs(file, r.path("packages")),
                      local.specialBits() ? Optional.of(true) : Optional.empty()))
              : Optional.empty();
      resources.add(new ClusterFile.Resource(local, reference));
    }
    List<ClusterSpec.AllocationSpec> allocations = new ArrayList<>();
    for (JsonNode a : root.path("allocations")) {
      allocations.add(
          new ClusterSpec.AllocationSpec(strings(a.path("resources")), strings(a.path("to"))));
    }
    List<NodeSpec> nodes = new ArrayList<>();
    for (JsonNode n : root.path("nodes")) {
      nodes.add(
          new NodeSpec(
              n.path("name").asText(""),
              n.path("mac").asText(""),
              n.path("ip").asText(""),
              n.path("netmask").asText(""),
              opt(n, "gateway"),
              opt(n, "hostname"),
              strings(n.path("groups")),
              strings(n.path("resources")),
              opt(n, "disk"),
              opt(n, "after-install"),
              opt(n, "network"),
              opt(n, "bmc")));
    }
    return new ClusterFile(groups, resources, allocations, nodes, networks);
  }

  private static Optional<LocalFile> localFile(Path base, JsonNode r, String key) {
    return r.path(key).isTextual()
        ? Optional.of(
            new LocalFile(base.resolve(r.get(key).asText()).normalize(), r.get(key).asText()))
        : Optional.empty();
  }

  /** {name, sha256, size}: content the server has (what {@code lui export} writes). */
  private static Optional<Blob> blob(Path file, JsonNode ref) {
    if (!ref.isObject()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Blob(
              ref.path("name").asText(""),
              Sha256.parse("sha256", ref.path("sha256").asText("")).hex(),
              ref.path("size").asLong(-1)));
    } catch (LuiException e) {
      throw LuiException.invalid(file.toString(), ref.toString(), e.getMessage());
    }
  }

  private static List<Blob> blobs(Path file, JsonNode refs) {
    List<Blob> out = new ArrayList<>();
    refs.forEach(r -> blob(file, r).ifPresent(out::add));
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static Optional<String> opt(JsonNode n, String key) {
    return n.hasNonNull(key) ? Optional.of(n.get(key).asText()) : Optional.empty();
  }

  /**
   * The cluster file {@code lui export} writes: the sections and keys {@link #read} takes, fields
   * at their defaults left out, so it reads like one an admin wrote.
   */
  /** The YAML of {@link #clusterFile}, with a comment heading it. */
  static String write(JsonNode file) {
    try {
      return "# A lui cluster file, written by 'lui export'; 'lui apply' reads it back.\n"
          + Json.yaml().writeValueAsString(file).replaceFirst("^---\\n", "");
    } catch (IOException e) {
      throw new IllegalStateException("a tree of strings always writes", e);
    }
  }

  /** The server's export as a cluster file: the keys spelled as 'lui apply' reads them. */
  static ObjectNode clusterFile(JsonNode cluster) {
    ObjectNode out = Json.yaml().createObjectNode();
    if (cluster.path("networks").size() > 0) {
      ArrayNode networks = out.putArray("networks");
      for (JsonNode n : cluster.path("networks")) {
        ObjectNode o = networks.addObject();
        for (String key : List.of("name", "cidr", "gateway")) {
          if (n.hasNonNull(key)) {
            o.put(key, n.get(key).asText());
          }
        }
        if (n.path("dns").size() > 0) {
          o.set("dns", n.path("dns"));
        }
        if (n.hasNonNull("domain")) {
          o.put("domain", n.get("domain").asText());
        }
      }
    }
    ArrayNode groups = out.putArray("groups");
    for (JsonNode g : cluster.path("groups")) {
      if (g.hasNonNull("disk")) {
        groups
            .addObject()
            .put("name", g.path("name").asText())
            .put("disk", g.path("disk").asText());
      } else {
        groups.add(g.path("name").asText());
      }
    }
    ArrayNode resources = out.putArray("resources");
    for (JsonNode r : cluster.path("resources")) {
      ObjectNode o = resources.addObject();
      for (String key : ResourceSpec.FIELDS) {
        if (key.equals("specialBits")) {
          continue; // written below, in the cluster file's own spelling
        }
        JsonNode v = r.get(key);
        if (v == null || v.isNull() || v.isArray() && v.isEmpty()) {
          continue;
        }
        // Files are content the server has: {name, sha256, size}; apply reads them back as such.
        if (key.equals("packages") || v.isContainerNode()) {
          o.set(key, v);
        } else {
          o.put(key, v.asText());
        }
      }
      if (r.path("specialBits").asBoolean(false)) {
        o.put("special-bits", true);
      }
    }
    ArrayNode allocations = out.putArray("allocations");
    for (JsonNode a : cluster.path("allocations")) {
      ObjectNode o = allocations.addObject();
      o.set("resources", a.path("resources"));
      o.set("to", a.path("to"));
    }
    ArrayNode nodes = out.putArray("nodes");
    for (JsonNode n : cluster.path("nodes")) {
      ObjectNode o = nodes.addObject();
      for (String key : List.of("name", "mac", "ip", "netmask", "gateway", "hostname")) {
        if (n.hasNonNull(key)) {
          o.put(key, n.get(key).asText());
        }
      }
      if (n.path("groups").size() > 0) {
        o.set("groups", n.path("groups"));
      }
      if (n.path("resources").size() > 0) {
        o.set("resources", n.path("resources"));
      }
      if (n.hasNonNull("disk")) {
        o.put("disk", n.get("disk").asText());
      }
      if (n.hasNonNull("afterInstall")) {
        o.put("after-install", n.get("afterInstall").asText());
      }
      if (n.hasNonNull("network")) {
        o.put("network", n.get("network").asText());
      }
      if (n.hasNonNull("bmc")) {
        o.put("bmc", n.get("bmc").asText());
      }
    }
    return out;
  }
}
