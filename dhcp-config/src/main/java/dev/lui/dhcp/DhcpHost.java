package dev.lui.dhcp;

import java.net.Inet4Address;
import java.util.Optional;

/**
 * One node as a DHCP/BOOTP server sees it. Values arrive validated by the caller; the compact
 * constructor still refuses anything that could break out of a config statement (quotes, braces,
 * semicolons, whitespace, control characters), so no caller can inject configuration.
 *
 * @param mac lower-case, colon-separated, six octets
 * @param bootFile file name the client asks the TFTP server for (e.g. {@code pxelinux.0})
 */
public record DhcpHost(
    String name,
    String mac,
    Inet4Address ip,
    Inet4Address netmask,
    Optional<Inet4Address> gateway,
    Optional<String> hostname,
    Inet4Address nextServer,
    String bootFile) {}
