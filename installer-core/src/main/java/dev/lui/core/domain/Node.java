package dev.lui.core.domain;

import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.MacAddress;
import dev.lui.power.BmcAddress;
import java.util.List;
import java.util.Optional;

/**
 * A node as the admin defined it, plus its install status.
 *
 * @param disk the node's own disk selector (see {@code docs/resources.md}), e.g. {@code
 *     path=/dev/sda}; empty: its groups', its partition table's, or {@link #DEFAULT_DISK}
 * @param network the {@link Network} it is on (#14), recorded when it was defined: named, or the
 *     one whose CIDR holds its address; empty: none, its netmask and gateway are its own
 * @param bmc the node's BMC, for {@code lui power} and {@code install --power-cycle} (#14); its
 *     password is never here (the server's {@code bmc-secrets} directory)
 */
public record Node(
    String name,
    MacAddress mac,
    Ipv4 ip,
    Ipv4 netmask,
    Optional<Ipv4> gateway,
    String hostname,
    List<String> groups,
    Optional<String> disk,
    InstallStatus status,
    AfterInstall afterInstall,
    Optional<String> network,
    Optional<BmcAddress> bmc) {

  public static final String DEFAULT_DISK = "path=/dev/sda";

  public Node {
    groups = List.copyOf(groups);
    disk = disk.filter(d -> !d.isBlank());
  }

  /** A node on no network, without a BMC. */
  public Node(
      String name,
      MacAddress mac,
      Ipv4 ip,
      Ipv4 netmask,
      Optional<Ipv4> gateway,
      String hostname,
      List<String> groups,
      Optional<String> disk,
      InstallStatus status,
      AfterInstall afterInstall) {
    this(
        name,
        mac,
        ip,
        netmask,
        gateway,
        hostname,
        groups,
        disk,
        status,
        afterInstall,
        Optional.empty(),
        Optional.empty());
  }

  /** A node whose entries are removed after its install, as in LUI. */
  public Node(
      String name,
      MacAddress mac,
      Ipv4 ip,
      Ipv4 netmask,
      Optional<Ipv4> gateway,
      String hostname,
      List<String> groups,
      Optional<String> disk,
      InstallStatus status) {
    this(name, mac, ip, netmask, gateway, hostname, groups, disk, status, AfterInstall.REMOVE);
  }

  public Node withStatus(InstallStatus newStatus) {
    return new Node(
        name,
        mac,
        ip,
        netmask,
        gateway,
        hostname,
        groups,
        disk,
        newStatus,
        afterInstall,
        network,
        bmc);
  }

  public Node withDisk(Optional<String> newDisk) {
    return new Node(
        name,
        mac,
        ip,
        netmask,
        gateway,
        hostname,
        groups,
        newDisk,
        status,
        afterInstall,
        network,
        bmc);
  }

  public Node withGroups(List<String> newGroups) {
    return new Node(
        name,
        mac,
        ip,
        netmask,
        gateway,
        hostname,
        newGroups,
        disk,
        status,
        afterInstall,
        network,
        bmc);
  }

  /** Whether DHCP should still answer for this node. */
  public boolean inDhcp() {
    return !status.state().isInstalled() || afterInstall == AfterInstall.LOCAL_BOOT;
  }
}
