package dev.lui.core.domain;

import dev.lui.contract.value.Hostname;
import dev.lui.contract.value.InvalidValueException;
import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.Ipv4Network;
import dev.lui.contract.value.MacAddress;
import dev.lui.core.LuiException;
import java.util.function.BiFunction;

/**
 * The shared value types of the plan contract ({@code dev.lui.contract.value}: one rule each, the
 * same the agent and the leaf modules apply) as installer-core takes them: a value that breaks its
 * rule is invalid input, a {@link LuiException} naming the field, the value and the rule (exit 2,
 * HTTP 400). This is the one place that translation happens.
 */
public final class Values {
  private Values() {}

  public static MacAddress mac(String field, String text) {
    return parse(field, text, MacAddress::parse);
  }

  public static Ipv4 ipv4(String field, String text) {
    return parse(field, text, Ipv4::parse);
  }

  /** A node's netmask (/8 to /30). */
  public static Ipv4 netmask(String field, String text) {
    return parse(field, text, Ipv4::parseNetmask);
  }

  /** CIDR, {@code 10.0.0.0/24}. */
  public static Ipv4Network network(String field, String text) {
    return parse(field, text, Ipv4Network::parse);
  }

  public static Hostname hostname(String field, String text) {
    return parse(field, text, Hostname::parse);
  }

  private static <T> T parse(String field, String text, BiFunction<String, String, T> parser) {
    try {
      return parser.apply(field, text);
    } catch (InvalidValueException e) {
      throw LuiException.invalid(e.field(), e.value(), e.rule());
    }
  }
}
