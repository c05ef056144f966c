package dev.lui.nfsroot.export;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.nfsroot.check.Checks;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One node's root and the single address allowed to mount it (read-write).
 *
 * @param nodeName the node, checked like every node name (it names the export in comments)
 * @param root the node root, e.g. {@code NodeRoots.pathOf(name)}; same path rules as {@link
 *     NfsExport#dir()}
 * @param ip the node's IPv4 address, a single host (no prefix)
 */
public record NodeExport(String nodeName, Path root, String ip) {
  public NodeExport {
    Checks.nodeName(nodeName);
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(ip, "ip");
    if (ip.contains("/")) {
      throw new InvalidValueException(
          "ip of node " + nodeName,
          ip,
          "one address, not a network",
          "ip of node "
              + nodeName
              + " "
              + Checks.quote(ip)
              + " must be one address, not a network");
    }
    // NfsExport's constructor checks the path and the address; fail here with the node named.
    try {
      new NfsExport(root, java.util.List.of(ip), NfsExport.Access.RW);
    } catch (InvalidValueException e) {
      throw new InvalidValueException(
          e.field(), e.value(), e.rule(), "node " + nodeName + ": " + e.getMessage());
    }
  }
}
