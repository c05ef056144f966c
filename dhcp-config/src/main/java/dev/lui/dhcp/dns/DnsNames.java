package dev.lui.dhcp.dns;

import dev.lui.contract.value.InvalidValueException;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Text to dnsjava {@link Name}s for the zone writer, the updater and the lookup: one refusal. */
final class DnsNames {
  private DnsNames() {}

  /** {@code text} as an absolute name; a missing final dot is added. */
  static Name absolute(String field, String text) {
    return relative(field, text.endsWith(".") ? text : text + ".", Name.root);
  }

  /** {@code text} relative to {@code origin}, or absolute if it ends in a dot. */
  static Name relative(String field, String text, Name origin) {
    try {
      return Name.fromString(text, origin);
    } catch (TextParseException e) {
      String rule = "must be a DNS name (" + e.getMessage() + ")";
      throw new InvalidValueException(
          field, text, rule, field + " '" + text + "' is invalid: " + rule);
    }
  }

  /** A host's name in {@code zone}: {@code n1} or {@code n1.rack1} is relative to it. */
  static Name host(String hostname, Name zone) {
    return relative("hostname", hostname, zone);
  }
}
