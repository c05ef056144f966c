package dev.lui.core.store;

import dev.lui.core.WireNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Objects;

/**
 * Something lui did to a node outside its agent's runs (#16): armed it, or asked its BMC for a
 * power action. The node's timeline reads them; the agent's events are in its log instead.
 *
 * @param armId the arming current when it happened (the new one, for {@link Kind#ARMED})
 * @param title one line: {@code armed}, {@code power start}
 * @param detail what came of it, for people (the BMC's answer); empty string when none
 * @param ok false for a failed power action
 */
public record NodeEvent(
    String node, String armId, Instant time, Kind kind, String title, String detail, boolean ok) {
  /** How many events a store keeps per node, newest: the oldest go first. */
  public static final int KEPT = 1000;

  public NodeEvent {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(armId, "armId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
  }

  /** Adds {@code e} to a node's events, dropping the oldest beyond {@link #KEPT}. */
  static boolean append(java.util.Map<String, java.util.List<NodeEvent>> byNode, NodeEvent e) {
    java.util.List<NodeEvent> events = byNode.computeIfAbsent(e.node(), k -> new ArrayList<>());
    events.add(e);
    if (events.size() > KEPT) {
      events.remove(0);
    }
    return true;
  }

  public enum Kind {
    ARMED,
    POWER;

    public String wireName() {
      return WireNames.of(this);
    }

    public static Kind fromWire(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }
}
