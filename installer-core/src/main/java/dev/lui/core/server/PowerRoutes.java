package dev.lui.core.server;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.power.PowerAction;
import dev.lui.core.power.PowerService;
import io.javalin.Javalin;
import java.util.List;
import java.util.Optional;

/**
 * Admin routes of BMC power (#14): {@code POST /api/v1/power}. The work is {@link PowerService}'s.
 */
final class PowerRoutes {
  /**
   * The body of {@code POST /api/v1/power}.
   *
   * @param action {@code on}, {@code off}, {@code cycle} or {@code status}
   * @param nodes node set expressions (as {@code POST /api/v1/install} takes them)
   */
  public record PowerRequest(String action, List<String> nodes) {}

  private final Inventory inventory;
  private final PowerService power;

  PowerRoutes(Inventory inventory, PowerService power) {
    this.inventory = inventory;
    this.power = power;
  }

  void register(Javalin app) {
    app.post(
        "/api/v1/power",
        ctx -> {
          PowerRequest request = ApiRequests.read(ctx, PowerRequest.class);
          PowerAction action = PowerAction.parse("action", request.action());
          ctx.json(power.run(action, nodes(inventory, "nodes", request.nodes())));
        });
  }

  /** The nodes of node set expressions, in the set's order; none is a 400. */
  static List<Node> nodes(Inventory inventory, String field, List<String> expressions) {
    if (expressions.isEmpty()) {
      throw LuiException.invalid(field, "[]", "name the nodes (like n01, n[01-04] or @compute)");
    }
    List<String> names =
        inventory.select(NodeSet.parse(field, expressions, Optional.empty())).names();
    if (names.isEmpty()) {
      throw LuiException.invalid(field, String.join(",", expressions), "selects no node");
    }
    return names.stream().map(inventory::node).toList();
  }
}
