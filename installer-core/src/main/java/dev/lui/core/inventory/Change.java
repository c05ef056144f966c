package dev.lui.core.inventory;

import dev.lui.core.domain.Node;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which nodes one store transaction touched, so the publisher re-renders their files (and the files
 * of all nodes, such as dhcpd.conf). Carries no content: everything published is rendered from the
 * committed store.
 *
 * @param nodes names of nodes defined, changed, re-armed or whose plan may have changed
 * @param removed nodes that no longer exist (their files go)
 */
public record Change(Set<String> nodes, List<Node> removed) {
  public static final Change NONE = new Change(Set.of(), List.of());

  public Change {
    nodes = Set.copyOf(new LinkedHashSet<>(nodes));
    removed = List.copyOf(removed);
  }

  public static Change of(Collection<String> nodes) {
    return new Change(new LinkedHashSet<>(nodes), List.of());
  }

  public static Change removed(Node node) {
    return new Change(Set.of(), List.of(node));
  }

  public boolean isEmpty() {
    return nodes.isEmpty() && removed.isEmpty();
  }
}
