package dev.lui.contract.value;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A dotted-quad IPv4 address, parsed strictly (no host names, no octal, no short forms, no leading
 * zeros, ASCII digits only: {@code 10.0.0.١٥١} is not {@code 10.0.0.151}). The one IPv4 rule of
 * lui: the admin's addresses, the plan's {@code node.ip}, {@code node.gateway} and {@code
 * node.netmask}, and NFS export clients all parse with it.
 */
public final class Ipv4 implements Comparable<Ipv4> {
  private final int bits;

  private Ipv4(int bits) {
    this.bits = bits;
  }

  /**
   * @throws InvalidValueException naming {@code field}, the value and the rule
   */
  public static Ipv4 parse(String field, String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new InvalidValueException(
          field, text, "an IPv4 address has four dot-separated numbers, like 10.0.0.11");
    }
    int bits = 0;
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || (part.length() > 1 && part.charAt(0) == '0')) {
        throw new InvalidValueException(
            field, text, "each IPv4 number is 0-255 (ASCII digits) without leading zeros");
      }
      int n = Integer.parseInt(part);
      if (n > 255) {
        throw new InvalidValueException(
            field, text, "each IPv4 number is 0-255 without leading zeros");
      }
      bits = (bits << 8) | n;
    }
    return new Ipv4(bits);
  }

  /**
   * A node's netmask: a netmask ({@link Ipv4Network#prefixLength(String, Ipv4)}) of /8 to /30, the
   * networks lui installs nodes on.
   */
  public static Ipv4 parseNetmask(String field, String text) {
    Ipv4 mask = parse(field, text);
    int prefix = Ipv4Network.prefixLength(field, mask);
    if (prefix < 8 || prefix > 30) {
      throw new InvalidValueException(
          field, text, "the netmask must be between /8 (255.0.0.0) and /30 (255.255.255.252)");
    }
    return mask;
  }

  public static Ipv4 ofBits(int bits) {
    return new Ipv4(bits);
  }

  public static Ipv4 of(Inet4Address address) {
    byte[] b = address.getAddress();
    return new Ipv4(
        ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
  }

  public int bits() {
    return bits;
  }

  /** The number of one bits: a netmask's prefix length (when it is one). */
  public int prefixLength() {
    return Integer.bitCount(bits);
  }

  public Ipv4 network(Ipv4 mask) {
    return new Ipv4(bits & mask.bits);
  }

  public Ipv4 broadcast(Ipv4 mask) {
    return new Ipv4(bits | ~mask.bits);
  }

  public boolean sameNetwork(Ipv4 other, Ipv4 mask) {
    return (bits & mask.bits) == (other.bits & mask.bits);
  }

  public Inet4Address inet() {
    byte[] b = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an address", e);
    }
  }

  @Override
  public int compareTo(Ipv4 o) {
    return Integer.compareUnsigned(bits, o.bits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ipv4 ip && ip.bits == bits;
  }

  @Override
  public int hashCode() {
    return bits;
  }

  @Override
  public String toString() {
    return (bits >>> 24)
        + "."
        + ((bits >>> 16) & 255)
        + "."
        + ((bits >>> 8) & 255)
        + "."
        + (bits & 255);
  }
}
