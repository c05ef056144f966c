package dev.lui.contract.value;

import java.util.regex.Pattern;

/**
 * A host name or DNS domain (RFC 1123): dot-separated labels of letters, digits and inner hyphens,
 * 1-63 characters each and 253 in all, whose last label is not all digits (RFC 1123 section 2.1: a
 * host name never has the form of an IPv4 address, such as {@code 0.0.0.0}). The one host name rule
 * of lui: the admin's {@code --hostname}, the plan's {@code node.hostname} and search domains, DHCP
 * host names and domains, and node roots all parse with it.
 */
public final class Hostname extends TextValue {
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private Hostname(String value) {
    super(value);
  }

  /**
   * @throws InvalidValueException naming {@code field}, the value and the rule
   */
  public static Hostname parse(String field, String text) {
    if (text.isEmpty() || text.length() > 253) {
      throw new InvalidValueException(field, text, "a host name is 1-253 characters");
    }
    for (String label : text.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw new InvalidValueException(
            field,
            text,
            "a host name is dot-separated labels of letters, digits and inner hyphens (RFC 1123)");
      }
    }
    String last = text.substring(text.lastIndexOf('.') + 1);
    if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidValueException(
          field,
          text,
          "a host name's last label is not all digits, so it never looks like an IPv4 address (RFC 1123)");
    }
    return new Hostname(text);
  }
}
