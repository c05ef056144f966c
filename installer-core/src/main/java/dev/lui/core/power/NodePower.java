package dev.lui.core.power;

import dev.lui.power.PowerResult;
import dev.lui.power.PowerState;
import java.util.Objects;
import java.util.Optional;

/**
 * What one node's BMC did: the API's answer per node ({@code docs/api.md}) and the CLI's line.
 * Never holds a password: bmc-power's messages mask it, and the BMC address has none.
 *
 * @param bmc the node's BMC address ({@code ipmi://USER@HOST:PORT}); empty for a node without one
 * @param action what was asked: {@code on}, {@code off}, {@code cycle}, {@code status}, or {@code
 *     start} (next boot from the network, then a cycle or power on)
 * @param state the power state, for {@code status}
 * @param failure the kind of failure ({@code refused}, {@code unreachable}, {@code no-bmc}, ...)
 * @param line one line for people: {@code n01 ipmi://admin@10.0.0.5:623 power status: on}
 */
public record NodePower(
    String node,
    Optional<String> bmc,
    String action,
    boolean ok,
    Optional<String> state,
    Optional<String> failure,
    String line) {
  public NodePower {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(line, "line");
  }

  static NodePower of(String action, PowerResult result) {
    // Two permits: a failure, or done (with the state a status reports).
    if (result instanceof PowerResult.Failed f) {
      return new NodePower(
          f.node(),
          Optional.of(f.bmc().toString()),
          action,
          false,
          Optional.empty(),
          Optional.of(f.failure().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')),
          f.line());
    }
    PowerResult.Done d = (PowerResult.Done) result;
    return new NodePower(
        d.node(),
        Optional.of(d.bmc().toString()),
        action,
        true,
        d.state().map(PowerState::word),
        Optional.empty(),
        d.line());
  }

  static NodePower noBmc(String node, String action) {
    return new NodePower(
        node,
        Optional.empty(),
        action,
        false,
        Optional.empty(),
        Optional.of("no-bmc"),
        node
            + " "
            + action
            + " failed: the node has no BMC; define it again with --bmc ipmi://USER@HOST[:PORT]");
  }

  /** The same result with a note added to its line (e.g. the next boot device was not set). */
  NodePower noting(String note) {
    return new NodePower(node, bmc, action, ok, state, failure, line + " (" + note + ")");
  }

  /** A successful result of {@code action} with {@code line}. */
  static NodePower done(String node, String bmc, String action, String line) {
    return new NodePower(
        node, Optional.of(bmc), action, true, Optional.empty(), Optional.empty(), line);
  }
}
