package dev.lui.core.inventory;

import java.util.List;
import java.util.Optional;

/**
 * A node definition as the admin typed it (CLI options, a CSV row, an API body): all strings, so
 * that validation happens in one place ({@link Inventory}) and errors name the admin's field.
 *
 * @param ip may be empty (the host name's address in DNS) or written as CIDR ({@code 10.0.0.11/24})
 * @param netmask may be empty when the node's network or the {@code ip}'s CIDR gives it
 * @param network the network the node is on (#14); empty: the one whose CIDR holds its address, if
 *     any
 * @param bmc the node's BMC, {@code ipmi://USER@HOST[:PORT]} (#14); empty: none
 */
public record NodeSpec(
    String name,
    String mac,
    String ip,
    String netmask,
    Optional<String> gateway,
    Optional<String> hostname,
    List<String> groups,
    List<String> resources,
    Optional<String> disk,
    Optional<String> afterInstall,
    Optional<String> network,
    Optional<String> bmc) {
  public NodeSpec {
    groups = List.copyOf(groups);
    resources = List.copyOf(resources);
    afterInstall = afterInstall == null ? Optional.empty() : afterInstall;
    network = network == null ? Optional.empty() : network;
    bmc = bmc == null ? Optional.empty() : bmc;
  }

  /** A spec that names no network and no BMC. */
  public NodeSpec(
      String name,
      String mac,
      String ip,
      String netmask,
      Optional<String> gateway,
      Optional<String> hostname,
      List<String> groups,
      List<String> resources,
      Optional<String> disk,
      Optional<String> afterInstall) {
    this(
        name,
        mac,
        ip,
        netmask,
        gateway,
        hostname,
        groups,
        resources,
        disk,
        afterInstall,
        Optional.empty(),
        Optional.empty());
  }

  /** A spec that leaves after-install at its default (remove). */
  public NodeSpec(
      String name,
      String mac,
      String ip,
      String netmask,
      Optional<String> gateway,
      Optional<String> hostname,
      List<String> groups,
      List<String> resources,
      Optional<String> disk) {
    this(name, mac, ip, netmask, gateway, hostname, groups, resources, disk, Optional.empty());
  }
}
