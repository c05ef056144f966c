package dev.lui.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 arithmetic on {@link Inet4Address}, the type dhcp-config's hosts hold; addresses as unsigned
 * 32-bit values held in an int. Parsing is the plan contract's one IPv4 rule.
 */
public final class Ipv4 {
  private Ipv4() {}

  public static int toInt(Inet4Address address) {
    byte[] b = address.getAddress();
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  public static Inet4Address fromInt(int value) {
    byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      // getByAddress only fails for a wrong array length, which cannot happen here.
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses a dotted-quad literal without any name lookup ({@link
   * dev.lui.contract.value.Ipv4#parse}: no leading zeros, ASCII digits only).
   *
   * @throws IllegalArgumentException naming the value and the rule
   */
  public static Inet4Address parse(String text) {
    return dev.lui.contract.value.Ipv4.parse("IPv4 address", text).inet();
  }

  /** Unsigned comparison, for sorting networks numerically. */
  public static int compare(Inet4Address a, Inet4Address b) {
    return Integer.compareUnsigned(toInt(a), toInt(b));
  }
}
