package dev.lui.nfsroot.export;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.contract.value.Ipv4Network;
import dev.lui.nfsroot.check.Checks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What lui exports: the shared image root(s), read-only to the whole install network, and each
 * node's root, read-write to that node's address only. The node root is where the install token
 * lives and root is not squashed, so the export is the only thing that keeps one node out of
 * another's root.
 *
 * @param imageRoots shared, read-only bases (may be empty while no image exists)
 * @param installNetwork the network nodes boot on, IPv4 CIDR such as {@code 10.0.0.0/24}
 * @param nodes one entry per armed node; names, roots and addresses must be unique
 */
public record ExportPlan(List<Path> imageRoots, String installNetwork, List<NodeExport> nodes) {
  public ExportPlan {
    imageRoots = List.copyOf(Objects.requireNonNull(imageRoots, "imageRoots"));
    nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
    Objects.requireNonNull(installNetwork, "installNetwork");
    Checks.mustBe(
        "installNetwork",
        installNetwork,
        "an IPv4 CIDR (10.0.0.0/24)",
        v -> Ipv4Network.parse("installNetwork", v));
    for (Path p : imageRoots) {
      new NfsExport(p, List.of(installNetwork), NfsExport.Access.RO);
    }
    Map<String, String> names = new HashMap<>();
    Map<String, String> ips = new HashMap<>();
    Map<Path, String> roots = new HashMap<>();
    for (Path p : imageRoots) {
      if (roots.put(p, "image") != null) {
        throw new InvalidValueException(
            "image root", p.toString(), "listed once", "image root " + p + " is listed twice");
      }
    }
    for (NodeExport n : nodes) {
      unique(names, n.nodeName(), n.nodeName(), "node name");
      unique(ips, n.ip(), n.nodeName(), "ip");
      String other = roots.putIfAbsent(n.root(), "node " + n.nodeName());
      if (other != null) {
        throw new InvalidValueException(
            "root of node " + n.nodeName(),
            n.root().toString(),
            "not exported for another (" + other + ")",
            "root " + n.root() + " of node " + n.nodeName() + " is already exported for " + other);
      }
    }
  }

  /** Exports in a stable order: images first, then nodes; the renderers sort further by path. */
  public List<NfsExport> exports() {
    List<NfsExport> out = new ArrayList<>();
    for (Path p : imageRoots) {
      out.add(new NfsExport(p, List.of(installNetwork), NfsExport.Access.RO));
    }
    for (NodeExport n : nodes) {
      out.add(new NfsExport(n.root(), List.of(n.ip()), NfsExport.Access.RW));
    }
    return out;
  }

  private static void unique(Map<String, String> seen, String key, String node, String field) {
    String prev = seen.putIfAbsent(key, node);
    if (prev != null) {
      throw new InvalidValueException(
          field,
          key,
          "unique (already used by node " + prev + ")",
          field
              + " "
              + Checks.quote(key)
              + " of node "
              + node
              + " is already used by node "
              + prev);
    }
  }
}
