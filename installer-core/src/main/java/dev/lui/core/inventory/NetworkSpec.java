package dev.lui.core.inventory;

import java.util.List;
import java.util.Optional;

/**
 * A network as the admin typed it (#14): {@code lui define-network}'s options, the body of {@code
 * POST /api/v1/networks}, an entry of a cluster file's {@code networks}. Checked by {@link
 * Inventory}.
 *
 * @param cidr its network address and prefix, {@code 10.0.0.0/24}
 * @param dns DNS servers its nodes use, in order (absent: none)
 * @param domain the search domain of its nodes
 */
public record NetworkSpec(
    String name,
    String cidr,
    Optional<String> gateway,
    Optional<List<String>> dns,
    Optional<String> domain) {
  public NetworkSpec {
    gateway = gateway == null ? Optional.empty() : gateway;
    dns = dns == null ? Optional.empty() : dns.map(List::copyOf);
    domain = domain == null ? Optional.empty() : domain;
  }

  /** The spec that defines {@code n} again ({@code lui export}). */
  public static NetworkSpec of(dev.lui.core.domain.Network n) {
    return new NetworkSpec(
        n.name(),
        n.cidr().toString(),
        n.gateway().map(Object::toString),
        n.dns().isEmpty()
            ? Optional.empty()
            : Optional.of(n.dns().stream().map(Object::toString).toList()),
        n.domain());
  }
}
