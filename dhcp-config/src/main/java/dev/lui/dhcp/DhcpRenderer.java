package dev.lui.dhcp;

import dev.lui.dhcp.bootp.BootptabRenderer;
import dev.lui.dhcp.dnsmasq.DnsmasqRenderer;
import dev.lui.dhcp.isc.IscRenderer;
import dev.lui.dhcp.kea.KeaRenderer;
import java.util.List;
import java.util.Optional;

/** Renders host entries for one DHCP/BOOTP server format. */
public interface DhcpRenderer {
  /**
   * The whole managed file's content for these hosts, sorted by name whatever the input order, so
   * the same set always gives the same bytes.
   *
   * @throws IllegalArgumentException if two hosts share a name, MAC or IP, or a value does not fit
   *     the format (e.g. bootpd's 79-character strings)
   */
  String render(List<DhcpHost> hosts);

  /**
   * A complete dhcpd.conf (subnet declarations for the hosts' networks plus host entries) that
   * `dhcpd -t` accepts.
   */
  static DhcpRenderer isc() {
    return new IscRenderer();
  }

  /**
   * Like {@link #isc()}, choosing each client's boot file by its firmware (see {@link BootFiles}).
   */
  static DhcpRenderer isc(BootFiles bootFiles) {
    return new IscRenderer(bootFiles);
  }

  /**
   * Host declarations only (plus the firmware option declarations they need), for {@code include
   * "FILE";} or a managed block in an admin's dhcpd.conf that declares globals and subnets.
   */
  static DhcpRenderer iscInclude(BootFiles bootFiles) {
    return IscRenderer.include(bootFiles);
  }

  /** An /etc/bootptab with a shared template entry and one entry per host. */
  static DhcpRenderer bootptab() {
    return new BootptabRenderer();
  }

  /**
   * A complete kea-dhcp4 configuration that {@code kea-dhcp4 -t} accepts: listens on all
   * interfaces, Kea's default lease file, no control socket, every client gets its host's file.
   * {@link KeaRenderer#complete} chooses interfaces, paths and {@link BootFiles}.
   */
  static DhcpRenderer kea() {
    return KeaRenderer.complete(
        BootFiles.defaults(), List.of("*"), Optional.empty(), Optional.empty());
  }

  /** Like {@link #kea()} with firmware-aware boot files. */
  static DhcpRenderer kea(BootFiles bootFiles) {
    return KeaRenderer.complete(bootFiles, List.of("*"), Optional.empty(), Optional.empty());
  }

  /**
   * Only the reservations, as a JSON array for an admin's own kea-dhcp4.conf: {@code
   * "reservations": <?include "FILE"?>} at the {@code Dhcp4} level, with {@code
   * "reservations-global": true}.
   */
  static DhcpRenderer keaInclude() {
    return KeaRenderer.include();
  }

  /** A dnsmasq conf file (for {@code conf-file=} or a {@code conf-dir}) with dhcp-host lines. */
  static DhcpRenderer dnsmasq() {
    return new DnsmasqRenderer(BootFiles.defaults());
  }

  /** Like {@link #dnsmasq()} with firmware-aware boot files chosen by tag. */
  static DhcpRenderer dnsmasq(BootFiles bootFiles) {
    return new DnsmasqRenderer(bootFiles);
  }
}
