package dev.lui.core.inventory;

import dev.lui.core.domain.Node;
import java.util.List;
import java.util.Map;

/**
 * What one inventory operation changed, for the publisher to bring files in line.
 *
 * @param armed nodes (re)armed for install, with their new install tokens (plaintext: the only
 *     place the token travels is from here into the node's NFS root)
 * @param refreshed nodes whose plan may have changed (their token stays)
 * @param removed nodes that no longer exist
 */
public record Change(Map<String, String> armed, List<String> refreshed, List<Node> removed) {
  public Change {
    armed = Map.copyOf(armed);
    refreshed = List.copyOf(refreshed);
    removed = List.copyOf(removed);
  }

  public static Change refresh(List<String> nodes) {
    return new Change(Map.of(), nodes, List.of());
  }

  public boolean isEmpty() {
    return armed.isEmpty() && refreshed.isEmpty() && removed.isEmpty();
  }
}
