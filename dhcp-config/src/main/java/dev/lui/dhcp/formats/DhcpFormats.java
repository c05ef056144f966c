package dev.lui.dhcp.formats;

import dev.lui.dhcp.BootFiles;
import dev.lui.dhcp.DhcpRenderer;
import dev.lui.dhcp.DhcpTarget;
import dev.lui.dhcp.bootp.BootptabRenderer;
import dev.lui.dhcp.dnsmasq.DnsmasqRenderer;
import dev.lui.dhcp.isc.IscRenderer;
import dev.lui.dhcp.kea.KeaRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every DHCP/BOOTP format lui writes, by name: its renderer, and the plain targets of the formats
 * that need no settings. Above the format packages, so the formats depend on {@code dev.lui.dhcp}
 * and nothing there depends on them.
 */
public final class DhcpFormats {
  private DhcpFormats() {}

  /**
   * A complete dhcpd.conf (subnet declarations for the hosts' networks plus host entries) that
   * `dhcpd -t` accepts.
   */
  public static DhcpRenderer isc() {
    return new IscRenderer();
  }

  /**
   * Like {@link #isc()}, choosing each client's boot file by its firmware (see {@link BootFiles}).
   */
  public static DhcpRenderer isc(BootFiles bootFiles) {
    return new IscRenderer(bootFiles);
  }

  /**
   * Host declarations only (plus the firmware option declarations they need), for {@code include
   * "FILE";} or a managed block in an admin's dhcpd.conf that declares globals and subnets.
   */
  public static DhcpRenderer iscInclude(BootFiles bootFiles) {
    return IscRenderer.include(bootFiles);
  }

  /** An /etc/bootptab with a shared template entry and one entry per host. */
  public static DhcpRenderer bootptab() {
    return new BootptabRenderer();
  }

  /**
   * A complete kea-dhcp4 configuration that {@code kea-dhcp4 -t} accepts: listens on all
   * interfaces, Kea's default lease file, no control socket, every client gets its host's file.
   * {@link KeaRenderer#complete} chooses interfaces, paths and {@link BootFiles}.
   */
  public static DhcpRenderer kea() {
    return KeaRenderer.complete(
        BootFiles.defaults(), List.of("*"), Optional.empty(), Optional.empty());
  }

  /** Like {@link #kea()} with firmware-aware boot files. */
  public static DhcpRenderer kea(BootFiles bootFiles) {
    return KeaRenderer.complete(bootFiles, List.of("*"), Optional.empty(), Optional.empty());
  }

  /**
   * Only the reservations, as a JSON array for an admin's own kea-dhcp4.conf: {@code
   * "reservations": <?include "FILE"?>} at the {@code Dhcp4} level, with {@code
   * "reservations-global": true}.
   */
  public static DhcpRenderer keaInclude() {
    return KeaRenderer.include();
  }

  /** A dnsmasq conf file (for {@code conf-file=} or a {@code conf-dir}) with dhcp-host lines. */
  public static DhcpRenderer dnsmasq() {
    return new DnsmasqRenderer(BootFiles.defaults());
  }

  /** Like {@link #dnsmasq()} with firmware-aware boot files chosen by tag. */
  public static DhcpRenderer dnsmasq(BootFiles bootFiles) {
    return new DnsmasqRenderer(bootFiles);
  }

  /**
   * dhcpd.conf at {@code file}, rendered by {@link #isc()}; validated with {@code dhcpd -t} when
   * asked (see {@link DhcpTarget#dhcpdValidateCommand()}), no reload.
   */
  public static DhcpTarget iscTarget(Path file, boolean validateWithDhcpd) {
    return DhcpTarget.plain("isc", isc(), file)
        .validatedWhen(validateWithDhcpd, DhcpTarget.dhcpdValidateCommand());
  }

  /** bootptab at {@code file}, rendered by {@link #bootptab()}; no validator exists. */
  public static DhcpTarget bootptabTarget(Path file) {
    return DhcpTarget.plain("bootptab", bootptab(), file);
  }

  /**
   * Kea reservations for an admin's own config ({@link #keaInclude()}). A bare list is no config
   * {@code kea-dhcp4 -t} could check, so there is no validator; the admin's config would read the
   * live file, not the candidate.
   */
  public static DhcpTarget keaIncludeTarget(Path file) {
    return DhcpTarget.plain("kea-include", keaInclude(), file);
  }
}
