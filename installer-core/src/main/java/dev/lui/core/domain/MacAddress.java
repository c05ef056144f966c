package dev.lui.core.domain;

import dev.lui.core.LuiException;
import java.util.Locale;
import java.util.regex.Pattern;

/** An Ethernet MAC address, kept lower-case and colon-separated: {@code 52:54:00:12:34:56}. */
public final class MacAddress {
  private static final Pattern OCTET = Pattern.compile("[0-9A-Fa-f]{2}");
  private final String value;

  private MacAddress(String value) {
    this.value = value;
  }

  /** Accepts {@code aa:bb:cc:dd:ee:ff} and {@code aa-bb-cc-dd-ee-ff}, any case. */
  public static MacAddress parse(String field, String text) {
    // Checked before lower-casing, so only ASCII hex digits count (Locale rules never apply).
    String[] octets = text.split("[:-]", -1);
    if (octets.length != 6) {
      throw LuiException.invalid(field, text, "a MAC address has six octets, like 52:54:00:12:34:56");
    }
    for (String octet : octets) {
      if (!OCTET.matcher(octet).matches()) {
        throw LuiException.invalid(
            field, text, "each MAC octet is two hex digits, like 52:54:00:12:34:56");
      }
    }
    String normalized = String.join(":", octets).toLowerCase(Locale.ROOT);
    if (normalized.equals("00:00:00:00:00:00") || normalized.equals("ff:ff:ff:ff:ff:ff")) {
      throw LuiException.invalid(field, text, "the all-zero and broadcast MACs are not node addresses");
    }
    if ((Integer.parseInt(octets[0], 16) & 1) == 1) {
      throw LuiException.invalid(field, text, "a multicast MAC (odd first octet) is not a node address");
    }
    return new MacAddress(normalized);
  }

  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MacAddress m && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
