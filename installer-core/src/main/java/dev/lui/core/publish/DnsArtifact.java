package dev.lui.core.publish;

import dev.lui.core.domain.Node;
import java.util.List;

/**
 * The nodes' A and PTR records on the admin's DNS server (RFC 2136 updates, when configured). Sent
 * after the store committed; DNS is not on the install path, so a refused update is reported in
 * {@code lui status} and never undoes a change. Every defined node has records, installed ones too:
 * DNS outlives the install.
 */
record DnsArtifact(DnsUpdates dns, Renderings renderings) implements Artifact {
  @Override
  public void stage(Snapshot s, Staging staging) {
    List<Node> current = s.scope.all() ? s.nodes : List.copyOf(s.touched().keySet());
    List<Node> removed = s.removed();
    if (current.isEmpty() && removed.isEmpty()) {
      return;
    }
    var currentHosts = renderings.hosts(current);
    var removedHosts = renderings.hosts(removed);
    staging.afterCommit(() -> dns.publish(currentHosts, removedHosts));
  }
}
