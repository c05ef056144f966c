package dev.lui.core.inventory;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Names, MACs, addresses and host names already taken, with their owners; O(1) per node. */
final class NodeUniqueness {
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, String> macs = new HashMap<>();
  private final Map<String, String> ips = new HashMap<>();
  private final Map<String, String> hostnames = new HashMap<>();
  private final Set<String> batch = new java.util.HashSet<>();

  private final Subnets.Registry subnets;

  NodeUniqueness(List<Node> existing) {
    existing.forEach(this::put);
    subnets = new Subnets.Registry(existing);
  }

  void add(Node node) {
    subnets.add(node);
    check(names, node.name(), "node name '" + node.name() + "' is already defined");
    check(macs, node.mac().value(), "--mac '" + node.mac() + "' is already used by node ");
    check(ips, node.ip().toString(), "--ip '" + node.ip() + "' is already used by node ");
    check(
        hostnames,
        node.hostname().toLowerCase(java.util.Locale.ROOT),
        "--hostname '" + node.hostname() + "' is already used by node ");
    put(node);
    batch.add(node.name());
  }

  private void check(Map<String, String> taken, String key, String message) {
    String owner = taken.get(key);
    if (owner != null) {
      String source = batch.contains(owner) ? " earlier in this batch" : "";
      throw LuiException.conflict(
          message.endsWith("by node ") ? message + owner + source : message + source);
    }
  }

  private void put(Node n) {
    names.put(n.name(), n.name());
    macs.put(n.mac().value(), n.name());
    ips.put(n.ip().toString(), n.name());
    hostnames.put(n.hostname().toLowerCase(java.util.Locale.ROOT), n.name());
  }
}
