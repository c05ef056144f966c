package dev.lui.core.plan;

import dev.lui.core.domain.Group;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The disk selector a node's plan targets and where it came from: the node's own, else the first of
 * its groups (in its group order) that names one, else its partition table's, else {@link
 * Node#DEFAULT_DISK}. Most specific wins, as an admin reads a definition.
 *
 * @param from {@code node}, {@code group NAME}, {@code partition-table NAME} or {@code default}
 */
public record DiskChoice(String selector, String from) {
  public static DiskChoice of(Node node, Map<String, Group> groups, List<Resource> resources) {
    if (node.disk().isPresent()) {
      return new DiskChoice(node.disk().get(), "node");
    }
    for (String g : node.groups()) {
      Optional<String> d = Optional.ofNullable(groups.get(g)).flatMap(Group::disk);
      if (d.isPresent()) {
        return new DiskChoice(d.get(), "group " + g);
      }
    }
    for (Resource r : resources) {
      if (r instanceof Resource.PartitionTable t && t.disk().isPresent()) {
        return new DiskChoice(t.disk().get(), "partition-table " + t.name());
      }
    }
    return new DiskChoice(Node.DEFAULT_DISK, "default");
  }
}
