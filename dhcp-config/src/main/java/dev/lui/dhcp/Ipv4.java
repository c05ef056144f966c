package dev.lui.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 arithmetic helpers; addresses as unsigned 32-bit values held in an int. */
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
   * Parses a dotted-quad literal without any name lookup.
   *
   * @throws IllegalArgumentException naming the value if it is not four decimal octets
   */
  public static Inet4Address parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "IPv4 address '" + text + "' is invalid: must be four decimal octets a.b.c.d");
    }
    int value = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException(
            "IPv4 address '" + text + "' is invalid: must be four decimal octets a.b.c.d");
      }
      int octet = Integer.parseInt(p);
      if (octet > 255) {
        throw new IllegalArgumentException(
            "IPv4 address '" + text + "' is invalid: octet " + octet + " is above 255");
      }
      value = (value << 8) | octet;
    }
    return fromInt(value);
  }

  /** Unsigned comparison, for sorting networks numerically. */
  public static int compare(Inet4Address a, Inet4Address b) {
    return Integer.compareUnsigned(toInt(a), toInt(b));
  }
}
