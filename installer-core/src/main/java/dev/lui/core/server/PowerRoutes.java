package dev.lui.core.server;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.domain.Wave;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.power.PowerAction;
import dev.lui.core.power.PowerService;
import dev.lui.core.power.WaveScheduler;
import io.javalin.Javalin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Admin routes of BMC power (#14): {@code POST /api/v1/power}, {@code GET /api/v1/waves} and {@code
 * POST /api/v1/waves/resume}. The work is {@link PowerService}'s and {@link WaveScheduler}'s.
 */
record PowerRoutes(Inventory inventory, PowerService power) {
  /**
   * The body of {@code POST /api/v1/power}.
   *
   * @param action {@code on}, {@code off}, {@code cycle} or {@code status}
   * @param nodes node set expressions (as {@code POST /api/v1/install} takes them)
   */
  public record PowerRequest(String action, List<String> nodes) {}

  void register(Javalin app) {
    app.post(
        "/api/v1/power",
        ctx -> {
          PowerRequest request = ApiRequests.read(ctx, PowerRequest.class);
          PowerAction action = PowerAction.parse("action", request.action());
          ctx.json(power.run(action, nodes(inventory, "nodes", request.nodes())));
        });
    app.get(
        "/api/v1/waves",
        ctx -> ctx.json(Views.WaveView.of(inventory.store().waves(), inventory.store().nodes())));
    app.post(
        "/api/v1/waves/resume",
        ctx -> {
          List<String> expressions = List.of(ApiRequests.read(ctx, String[].class));
          ctx.json(Views.WaveView.of(resume(expressions), inventory.store().nodes()));
        });
  }

  /** The waves of the nodes of {@code expressions} (every wave, for none), resumed. */
  private List<Wave> resume(List<String> expressions) {
    Optional<Set<String>> ids = Optional.empty();
    if (!expressions.isEmpty()) {
      Set<String> in = new TreeSet<>();
      for (Node n : nodes(inventory, "nodes", expressions)) {
        n.status().wave().ifPresent(in::add);
      }
      Set<String> live = new TreeSet<>();
      inventory.store().waves().forEach(w -> live.add(w.id()));
      in.retainAll(live);
      if (in.isEmpty()) {
        throw LuiException.invalid(
            "nodes",
            String.join(",", expressions),
            "no node of it is in a wave (waiting or booting); nothing to resume");
      }
      ids = Optional.of(in);
    }
    List<Wave> resumed = WaveScheduler.resume(inventory.store(), ids, Instant.now());
    if (resumed.isEmpty()) {
      throw LuiException.invalid("there is no wave to resume");
    }
    return resumed;
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
