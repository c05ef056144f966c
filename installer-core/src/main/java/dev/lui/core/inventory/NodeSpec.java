package dev.lui.core.inventory;

import java.util.List;
import java.util.Optional;

/**
 * A node definition as the admin typed it (CLI options, a CSV row, an API body): all strings, so
 * that validation happens in one place ({@link Inventory}) and errors name the admin's field.
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
    Optional<String> bmc) {
  public NodeSpec {
    groups = List.copyOf(groups);
    resources = List.copyOf(resources);
    afterInstall = afterInstall == null ? Optional.empty() : afterInstall;
    bmc = bmc == null ? Optional.empty() : bmc;
  }

  /** A spec without a BMC. */
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
