package dev.lui.dhcp;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One node as a DHCP/BOOTP server sees it. Values arrive validated by the caller; the compact
 * constructor still refuses anything that could break out of a config statement (quotes, braces,
 * semicolons, whitespace, control characters), so no caller can inject configuration.
 *
 * @param name the node's name in lui; becomes the ISC {@code host} declaration name (letters,
 *     digits, '-', '_', dot-separated labels, first character a letter or digit)
 * @param mac lower-case, colon-separated, six octets
 * @param ip the fixed address handed to the node
 * @param netmask a contiguous mask with a prefix of 1..32 bits
 * @param gateway the default router, if the node has one
 * @param hostname the host name sent to the node (RFC 1123 labels: letters, digits, '-')
 * @param nextServer the TFTP server the node boots from
 * @param bootFile file name the client asks the TFTP server for (e.g. {@code pxelinux.0})
 * @param nameService DNS servers and domain sent to the node ({@link NameService#none()}: none)
 */
public record DhcpHost(
    String name,
    String mac,
    Inet4Address ip,
    Inet4Address netmask,
    Optional<Inet4Address> gateway,
    Optional<String> hostname,
    Inet4Address nextServer,
    String bootFile,
    NameService nameService) {

  /** Longest host name (RFC 1035 limit on a full domain name in text form). */
  public static final int MAX_NAME_LENGTH = 253;

  /** BOOTP's file field is 128 bytes including the terminating NUL. */
  public static final int MAX_BOOT_FILE_LENGTH = 127;

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}(\\.[A-Za-z0-9][A-Za-z0-9_-]{0,62})*");
  private static final Pattern HOSTNAME =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

  public DhcpHost {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(netmask, "netmask");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(nextServer, "nextServer");
    Objects.requireNonNull(bootFile, "bootFile");
    Objects.requireNonNull(nameService, "nameService");
    requireMatch(
        "name",
        name,
        NAME,
        "letters, digits, '-' and '_' in dot-separated labels of at most 63 characters,"
            + " each starting with a letter or digit");
    requireMatch(
        "mac", mac, MAC, "six lower-case hex octets separated by colons, e.g. 52:54:00:12:34:56");
    prefixLength(netmask);
    hostname.ifPresent(h -> requireHostname("hostname", h));
    requireBootFile("bootFile", bootFile);
  }

  /** A host without DNS options (the form lui used before {@link NameService}). */
  public DhcpHost(
      String name,
      String mac,
      Inet4Address ip,
      Inet4Address netmask,
      Optional<Inet4Address> gateway,
      Optional<String> hostname,
      Inet4Address nextServer,
      String bootFile) {
    this(name, mac, ip, netmask, gateway, hostname, nextServer, bootFile, NameService.none());
  }

  /** This host with {@code dns} as its DNS servers and domain. */
  public DhcpHost withNameService(NameService dns) {
    return new DhcpHost(name, mac, ip, netmask, gateway, hostname, nextServer, bootFile, dns);
  }

  static void requireHostname(String field, String value) {
    requireMatch(
        field,
        value,
        HOSTNAME,
        "RFC 1123 host name: letters, digits and inner '-' in dot-separated labels of"
            + " at most 63 characters");
  }

  /** Convenience for the common case: a gateway and a host name, both given. */
  public static DhcpHost of(
      String name,
      String mac,
      Inet4Address ip,
      Inet4Address netmask,
      Inet4Address gateway,
      String hostname,
      Inet4Address nextServer,
      String bootFile) {
    return new DhcpHost(
        name, mac, ip, netmask, Optional.of(gateway), Optional.of(hostname), nextServer, bootFile);
  }

  /** The address of the network this host is on ({@code ip & netmask}). */
  public Inet4Address network() {
    return Ipv4.fromInt(Ipv4.toInt(ip) & Ipv4.toInt(netmask));
  }

  /** The number of leading one bits of {@link #netmask()}. */
  public int prefixLength() {
    return prefixLength(netmask);
  }

  /** The MAC address as bare hex digits (bootptab's {@code ha=} form). */
  public String macHex() {
    return mac.replace(":", "");
  }

  private static int prefixLength(Inet4Address mask) {
    int bits = Ipv4.toInt(mask);
    int prefix = Integer.bitCount(bits);
    // A contiguous mask is all ones followed by all zeros: shifting the ones back must give it.
    if (prefix == 0 || bits != (int) (0xFFFFFFFFL << (32 - prefix))) {
      throw new IllegalArgumentException(
          "netmask '"
              + mask.getHostAddress()
              + "' is invalid: must be a contiguous mask with a prefix of 1..32 bits");
    }
    return prefix;
  }

  private static void requireMatch(String field, String value, Pattern pattern, String rule) {
    if (value.length() > MAX_NAME_LENGTH || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " '"
              + printable(value)
              + "' is invalid: must be "
              + rule
              + ", at most "
              + MAX_NAME_LENGTH
              + " characters");
    }
  }

  /** Boot file rules, shared with {@link BootFiles}: fits BOOTP's file field, needs no quoting. */
  static void requireBootFile(String field, String value) {
    String rule =
        "1.."
            + MAX_BOOT_FILE_LENGTH
            + " printable ASCII characters without quotes, whitespace, ';', '{', '}', '#' or '\\'";
    boolean ok = !value.isEmpty() && value.length() <= MAX_BOOT_FILE_LENGTH;
    for (int i = 0; ok && i < value.length(); i++) {
      char c = value.charAt(i);
      ok = c > 0x20 && c < 0x7f && "\"'`;{}#\\".indexOf(c) < 0;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          field + " '" + printable(value) + "' is invalid: must be " + rule);
    }
  }

  /** Shows control characters as escapes so an error message cannot forge log lines. */
  private static String printable(String value) {
    StringBuilder sb = new StringBuilder();
    value
        .codePoints()
        .limit(300)
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\x%02x", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.toString();
  }
}
