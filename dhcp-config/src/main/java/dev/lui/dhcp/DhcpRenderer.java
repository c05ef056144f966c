package dev.lui.dhcp;

import java.util.List;

/** Renders host entries for one DHCP/BOOTP server format. STUB: the dhcp module fills this in. */
public interface DhcpRenderer {
  /** The whole managed file's content for these hosts, in the given order. */
  String render(List<DhcpHost> hosts);

  /** A complete dhcpd.conf (subnet declarations for the hosts' networks plus host entries) that `dhcpd -t` accepts. */
  static DhcpRenderer isc() {
    throw new UnsupportedOperationException("stub");
  }

  /** An /etc/bootptab with a shared template entry and one entry per host. */
  static DhcpRenderer bootptab() {
    throw new UnsupportedOperationException("stub");
  }
}
