package dev.lui.contract.plan;

/** Dotted IPv4 text as the plan carries it (addresses and netmasks). */
public final class Ipv4Text {
  private Ipv4Text() {}

  /** The address as an unsigned 32-bit value, or -1 if it is not dotted IPv4. */
  public static long parse(String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long v = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      int n = Integer.parseInt(part);
      if (n > 255) {
        return -1;
      }
      v = (v << 8) | n;
    }
    return v;
  }

  /** Prefix length of a contiguous netmask, or -1. */
  public static int prefixLength(String netmask) {
    long m = parse(netmask);
    if (m < 0) {
      return -1;
    }
    int prefix = Long.bitCount(m);
    long expected = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return m == expected ? prefix : -1;
  }

  /** {@code 10.0.0.11} from a 32-bit value. */
  public static String format(long v) {
    return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }
}
