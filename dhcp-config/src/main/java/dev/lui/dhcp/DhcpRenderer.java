package dev.lui.dhcp;

import dev.lui.dhcp.bootp.BootptabRenderer;
import dev.lui.dhcp.isc.IscRenderer;
import java.util.List;

/** Renders host entries for one DHCP/BOOTP server format. */
public interface DhcpRenderer {
  /**
   * The whole managed file's content for these hosts, sorted by name whatever the input order,
   * so the same set always gives the same bytes.
   *
   * @throws IllegalArgumentException if two hosts share a name, MAC or IP, or a value does not fit
   *     the format (e.g. bootpd's 79-character strings)
   */
  String render(List<DhcpHost> hosts);

  /** A complete dhcpd.conf (subnet declarations for the hosts' networks plus host entries) that `dhcpd -t` accepts. */
  static DhcpRenderer isc() {
    return new IscRenderer();
  }

  /** An /etc/bootptab with a shared template entry and one entry per host. */
  static DhcpRenderer bootptab() {
    return new BootptabRenderer();
  }
}
