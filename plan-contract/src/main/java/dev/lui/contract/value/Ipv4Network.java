package dev.lui.contract.value;

/**
 * An IPv4 network: an address and a prefix length, {@code 10.0.0.0/24}. The address is kept as
 * given ({@code 10.0.0.5/24} names the same network as {@code 10.0.0.0/24}; {@link #address()}
 * keeps the 5). Also the one netmask rule of lui ({@link #prefixLength(String, Ipv4)}).
 */
public record Ipv4Network(Ipv4 address, int prefixLength) {
  public Ipv4Network {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new InvalidValueException(
          "prefix length", String.valueOf(prefixLength), "a prefix length is 0-32");
    }
  }

  /**
   * CIDR text, {@code 10.0.0.0/24}: an {@link Ipv4} address, a slash and a prefix length of 0-32
   * without leading zeros.
   *
   * @throws InvalidValueException naming {@code field}, the value and the rule
   */
  public static Ipv4Network parse(String field, String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new InvalidValueException(
          field, text, "an IPv4 network in CIDR form, like 10.0.0.0/24");
    }
    String prefix = text.substring(slash + 1);
    if (prefix.isEmpty()
        || prefix.length() > 2
        || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
        || (prefix.length() > 1 && prefix.charAt(0) == '0')
        || Integer.parseInt(prefix) > 32) {
      throw new InvalidValueException(
          field,
          text,
          "the prefix length of an IPv4 network is 0-32 without leading zeros, like 10.0.0.0/24");
    }
    Ipv4 address;
    try {
      address = Ipv4.parse(field, text.substring(0, slash));
    } catch (InvalidValueException e) {
      throw new InvalidValueException(
          field, text, "an IPv4 network in CIDR form, like 10.0.0.0/24: " + e.rule());
    }
    return new Ipv4Network(address, Integer.parseInt(prefix));
  }

  /**
   * The prefix length of {@code netmask}: a netmask is contiguous one bits, at least one ({@code
   * 255.255.255.0} is /24; {@code 255.0.255.0} and {@code 0.0.0.0} are not netmasks).
   *
   * @throws InvalidValueException naming {@code field}, the mask and the rule
   */
  public static int prefixLength(String field, Ipv4 netmask) {
    int inverted = ~netmask.bits();
    if ((inverted & (inverted + 1)) != 0 || netmask.bits() == 0) {
      throw new InvalidValueException(
          field, netmask.toString(), "a netmask is contiguous one bits, like 255.255.255.0");
    }
    return netmask.prefixLength();
  }

  /** The network of {@code address} under {@code netmask}. */
  public static Ipv4Network of(String field, Ipv4 address, Ipv4 netmask) {
    return new Ipv4Network(address, prefixLength(field, netmask));
  }

  public Ipv4 netmask() {
    return Ipv4.ofBits(prefixLength == 0 ? 0 : -1 << (32 - prefixLength));
  }

  public boolean contains(Ipv4 ip) {
    return address.sameNetwork(ip, netmask());
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}
