package dev.lui.dhcp;

import dev.lui.contract.value.InvalidValueException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks on a host set before anything is written, as pure functions: errors come back as values
 * (so a caller can show all of them) and {@link #requireValid} turns the first into an exception.
 * Character-level injection is refused earlier, by {@link DhcpHost}'s constructor.
 */
public final class DhcpChecks {
  private DhcpChecks() {}

  /** One thing wrong (or, for pools, worth a warning) with one host. */
  public record Problem(String host, String field, String value, String rule, boolean warning) {
    /** An error. */
    public Problem(String host, String field, String value, String rule) {
      this(host, field, value, rule, false);
    }

    public Problem {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(rule, "rule");
    }

    /** One line: host, field, value and rule. */
    public String message() {
      return "host '"
          + host
          + "': "
          + field
          + " '"
          + value
          + (warning ? "' " : "' is invalid: ")
          + rule;
    }
  }

  /**
   * Everything wrong with {@code hosts}, in host-name order: shared name, MAC, IP or host name; an
   * IP that is its network's own or broadcast address; a gateway outside the host's subnet or equal
   * to its IP.
   */
  public static List<Problem> errors(List<DhcpHost> hosts) {
    List<DhcpHost> sorted = new ArrayList<>(hosts);
    sorted.sort(java.util.Comparator.comparing(DhcpHost::name));
    List<Problem> problems = new ArrayList<>();
    List<Duplicate> dups = new ArrayList<>();
    dups.addAll(duplicates(sorted, "name", h -> Optional.of(h.name())));
    dups.addAll(duplicates(sorted, "mac", h -> Optional.of(h.mac())));
    dups.addAll(duplicates(sorted, "ip", h -> Optional.of(h.ip().getHostAddress())));
    // Host names are case-insensitive in DNS.
    dups.addAll(duplicates(sorted, "hostname", h -> h.hostname().map(String::toLowerCase)));
    dups.forEach(d -> problems.add(d.problem()));
    for (DhcpHost h : sorted) {
      int ip = Ipv4.toInt(h.ip());
      int mask = Ipv4.toInt(h.netmask());
      String net = h.network().getHostAddress() + "/" + h.prefixLength();
      // /31 (RFC 3021) and /32 have no network or broadcast address to avoid.
      if (h.prefixLength() < 31 && ((ip & ~mask) == 0 || (ip | mask) == -1)) {
        problems.add(
            new Problem(
                h.name(),
                "ip",
                h.ip().getHostAddress(),
                "must be a host address inside " + net + ", not its network or broadcast address"));
      }
      h.gateway()
          .ifPresent(
              g -> {
                if ((Ipv4.toInt(g) & mask) != (ip & mask)) {
                  problems.add(
                      new Problem(
                          h.name(),
                          "gateway",
                          g.getHostAddress(),
                          "must be inside the host's subnet " + net));
                } else if (g.equals(h.ip())) {
                  problems.add(
                      new Problem(
                          h.name(),
                          "gateway",
                          g.getHostAddress(),
                          "must differ from the host's ip"));
                }
              });
    }
    return List.copyOf(problems);
  }

  /**
   * @throws IllegalArgumentException with the first of {@link #errors} (and how many more)
   */
  public static void requireValid(List<DhcpHost> hosts) {
    List<Problem> problems = errors(hosts);
    if (!problems.isEmpty()) {
      String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
      throw new InvalidValueException(
          problems.get(0).field(),
          problems.get(0).value(),
          problems.get(0).rule(),
          problems.get(0).message() + more);
    }
  }

  /** Two hosts sharing a value that must be unique. */
  record Duplicate(String first, String second, String field, String value) {
    Problem problem() {
      return new Problem(
          second,
          field,
          value,
          "host '" + first + "' has it too; each host needs its own " + field);
    }
  }

  /** Duplicates of one key, the one place both these checks and the renderers use. */
  static List<Duplicate> duplicates(
      List<DhcpHost> hosts, String field, Function<DhcpHost, Optional<String>> key) {
    Map<String, String> seen = new HashMap<>();
    List<Duplicate> found = new ArrayList<>();
    for (DhcpHost h : hosts) {
      Optional<String> k = key.apply(h);
      if (k.isEmpty()) {
        continue;
      }
      String previous = seen.putIfAbsent(k.get(), h.name());
      if (previous != null) {
        found.add(new Duplicate(previous, h.name(), field, k.get()));
      }
    }
    return found;
  }

  /**
   * Warnings (not errors: the admin may mean it, but dhcpd could lease the address to another
   * client) for hosts whose IP lies in one of {@code pools}, each naming the pool.
   */
  public static List<Problem> poolWarnings(List<DhcpHost> hosts, List<IscPools.Pool> pools) {
    List<Problem> warnings = new ArrayList<>();
    List<DhcpHost> sorted = new ArrayList<>(hosts);
    sorted.sort(java.util.Comparator.comparing(DhcpHost::name));
    for (DhcpHost h : sorted) {
      for (IscPools.Pool p : pools) {
        if (p.contains(h.ip())) {
          warnings.add(
              new Problem(
                  h.name(),
                  "ip",
                  h.ip().getHostAddress(),
                  "lies in the dynamic pool "
                      + p.describe()
                      + ", which dhcpd may lease to any client",
                  true));
        }
      }
    }
    return List.copyOf(warnings);
  }

  static boolean inRange(Inet4Address ip, Inet4Address first, Inet4Address last) {
    return Ipv4.compare(first, ip) <= 0 && Ipv4.compare(ip, last) <= 0;
  }
}
