package dev.lui.contract.value;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An Ethernet MAC address of a node, kept lower-case and colon-separated: {@code
 * 52:54:00:12:34:56}. The one MAC rule of lui: the admin's {@code --mac}, the plan's {@code
 * node.mac}, DHCP hosts and boot entries all parse with it.
 */
public final class MacAddress extends TextValue {
  private static final Pattern OCTET = Pattern.compile("[0-9A-Fa-f]{2}");

  private MacAddress(String value) {
    super(value);
  }

  /** {@link #parse(String, String)} for a field named {@code mac}. */
  public static MacAddress parse(String text) {
    return parse("mac", text);
  }

  /**
   * Accepts {@code aa:bb:cc:dd:ee:ff} and {@code aa-bb-cc-dd-ee-ff}, any case. Refuses the
   * all-zero, broadcast and multicast addresses: none of them is a node's.
   *
   * @throws InvalidValueException naming {@code field}, the value and the rule
   */
  public static MacAddress parse(String field, String text) {
    // Checked before lower-casing, so only ASCII hex digits count (Locale rules never apply).
    String[] octets = text.split("[:-]", -1);
    if (octets.length != 6) {
      throw new InvalidValueException(
          field, text, "a MAC address has six octets, like 52:54:00:12:34:56");
    }
    for (String octet : octets) {
      if (!OCTET.matcher(octet).matches()) {
        throw new InvalidValueException(
            field, text, "each MAC octet is two hex digits, like 52:54:00:12:34:56");
      }
    }
    String normalized = String.join(":", octets).toLowerCase(Locale.ROOT);
    if (normalized.equals("00:00:00:00:00:00") || normalized.equals("ff:ff:ff:ff:ff:ff")) {
      throw new InvalidValueException(
          field, text, "the all-zero and broadcast MACs are not node addresses");
    }
    if ((Integer.parseInt(octets[0], 16) & 1) == 1) {
      throw new InvalidValueException(
          field, text, "a multicast MAC (odd first octet) is not a node address");
    }
    return new MacAddress(normalized);
  }
}
