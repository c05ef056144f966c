package dev.lui.dhcp;

import java.util.List;

/**
 * Renders host entries for one DHCP/BOOTP server format. Each format's renderer is made by {@link
 * dev.lui.dhcp.formats.DhcpFormats}.
 */
public interface DhcpRenderer {
  /**
   * The whole managed file's content for these hosts, sorted by name whatever the input order, so
   * the same set always gives the same bytes.
   *
   * @throws IllegalArgumentException if two hosts share a name, MAC or IP, or a value does not fit
   *     the format (e.g. bootpd's 79-character strings)
   */
  String render(List<DhcpHost> hosts);
}
