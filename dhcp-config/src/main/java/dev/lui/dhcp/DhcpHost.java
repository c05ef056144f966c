package dev.lui.dhcp;

import dev.lui.contract.value.Hostname;
import dev.lui.contract.value.InvalidValueException;
import dev.lui.contract.value.Ipv4Network;
import dev.lui.contract.value.MacAddress;
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
 * @param mac a node's MAC address ({@link MacAddress}, the one MAC rule), kept lower-case and
 *     colon-separated
 * @param ip the fixed address handed to the node
 * @param netmask a netmask ({@link Ipv4Network#prefixLength}: contiguous, /1 to /32)
 * @param gateway the default router, if the node has one
 * @param hostname the host name sent to the node ({@link Hostname}, the one host name rule)
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

  public DhcpHost {
    // name, mac, netmask, hostname and bootFile: their checks below refuse null.
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(nextServer, "nextServer");
    Objects.requireNonNull(nameService, "nameService");
    requireMatch(
        "name",
        name,
        NAME,
        "letters, digits, '-' and '_' in dot-separated labels of at most 63 characters,"
            + " each starting with a letter or digit");
    mac = MacAddress.parse("mac", mac).value();
    prefixLength(netmask);
    hostname.ifPresent(h -> Hostname.parse("hostname", h));
    requireBootFile("bootFile", bootFile);
  }

  /** This host with {@code dns} as its DNS servers and domain. */
  public DhcpHost withNameService(NameService dns) {
    return new DhcpHost(name, mac, ip, netmask, gateway, hostname, nextServer, bootFile, dns);
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
    return Ipv4Network.prefixLength("netmask", dev.lui.contract.value.Ipv4.of(mask));
  }

  private static void requireMatch(String field, String value, Pattern pattern, String rule) {
    if (value.length() > MAX_NAME_LENGTH || !pattern.matcher(value).matches()) {
      throw new InvalidValueException(
          field,
          value,
          "must be " + rule + ", at most " + MAX_NAME_LENGTH + " characters",
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
      throw new InvalidValueException(
          field,
          value,
          "must be " + rule,
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
