package dev.lui.core.domain;

import java.util.List;
import java.util.Optional;

/**
 * A node as the admin defined it, plus its install status.
 *
 * @param disk the agent's disk selector (see {@code docs/plan-format.md}), e.g. {@code path=/dev/sda}
 */
public record Node(
    String name,
    MacAddress mac,
    Ipv4 ip,
    Ipv4 netmask,
    Optional<Ipv4> gateway,
    String hostname,
    List<String> groups,
    String disk,
    InstallStatus status) {

  public static final String DEFAULT_DISK = "path=/dev/sda";

  public Node {
    groups = List.copyOf(groups);
  }

  public Node withStatus(InstallStatus newStatus) {
    return new Node(name, mac, ip, netmask, gateway, hostname, groups, disk, newStatus);
  }

  public Node withGroups(List<String> newGroups) {
    return new Node(name, mac, ip, netmask, gateway, hostname, newGroups, disk, status);
  }
}
