package dev.lui.core.server;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeSet;
import dev.lui.core.domain.Wave;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.inventory.NodeSpec;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.NodePlans;
import dev.lui.core.power.NodePower;
import dev.lui.core.power.PowerService;
import dev.lui.core.power.WaveScheduler;
import dev.lui.core.store.Run;
import io.javalin.Javalin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Admin routes of nodes: define, show, remove, their plans and logs, install. */
final class NodeRoutes {
  private final Inventory inventory;
  private final NodePlans plans;
  private final DefinitionWarnings warnings;
  private final PowerService power;

  NodeRoutes(
      Inventory inventory, NodePlans plans, DefinitionWarnings warnings, PowerService power) {
    this.inventory = inventory;
    this.plans = plans;
    this.warnings = warnings;
    this.power = power;
  }

  private static Optional<Long> optionalNumber(io.javalin.http.Context ctx, String param) {
    return ctx.queryParam(param) == null
        ? Optional.empty()
        : Optional.of(ApiRequests.number(ctx, param, 0));
  }

  void register(Javalin app) {
    app.get(
        "/api/v1/nodes",
        ctx ->
            ctx.json(
                NodeViews.of(
                    inventory.store(),
                    NodeViews.selected(inventory.store(), ApiRequests.nodeSet(ctx)))));
    app.delete(
        "/api/v1/nodes",
        ctx -> {
          NodeSet set = ApiRequests.nodeSet(ctx);
          if (set.isAll() && set.state().isEmpty()) {
            throw LuiException.invalid(
                "name the nodes to remove: ?nodes=EXPR (like n[01-04] or @compute) and/or"
                    + " ?state=STATE");
          }
          ctx.json(Map.of("removed", inventory.removeNodes(set, ApiRequests.confirmed(ctx))));
        });
    app.post(
        "/api/v1/nodes",
        ctx -> {
          List<NodeSpec> specs =
              List.of(ApiRequests.read(ctx, NodeSpec[].class, RequestBodies.NODE_BATCH_LIMIT));
          List<Node> created = inventory.defineNodes(specs);
          ctx.status(201)
              .json(
                  Map.of(
                      "nodes",
                      NodeViews.of(inventory.store(), created),
                      "warnings",
                      warnings.of(created)));
        });
    app.get(
        "/api/v1/nodes/{name}",
        ctx ->
            ctx.json(
                NodeViews.of(inventory.store(), List.of(inventory.node(ctx.pathParam("name"))))
                    .get(0)));
    app.delete(
        "/api/v1/nodes/{name}",
        ctx -> {
          inventory.removeNode(ctx.pathParam("name"));
          ctx.status(204);
        });
    app.get(
        "/api/v1/nodes/{name}/plan",
        ctx -> {
          Node node = inventory.node(ctx.pathParam("name"));
          ctx.contentType("application/json")
              .result(plans.adminPlan(inventory.store(), Catalog.of(inventory.store()), node));
        });
    app.get(
        "/api/v1/nodes/{name}/log",
        ctx -> {
          String name = inventory.node(ctx.pathParam("name")).name();
          long after = ApiRequests.number(ctx, "after", 0);
          int limit = (int) Math.min(10_000, ApiRequests.number(ctx, "limit", 1000));
          List<Run> kept = inventory.store().runs(name);
          if (ctx.queryParam("run") != null) {
            Run run = NodeRuns.named(kept, name, ctx.queryParam("run"));
            ctx.json(NodeLogs.runPage(inventory.store(), name, run, after, limit));
            return;
          }
          Map<String, Run> runs = new java.util.HashMap<>();
          kept.forEach(r -> runs.put(r.id(), r));
          ctx.json(
              inventory.store().log(name, after, limit).stream()
                  .map(e -> Views.LogView.of(e, Optional.ofNullable(runs.get(e.runId()))))
                  .toList());
        });
    app.get(
        "/api/v1/nodes/{name}/runs",
        ctx -> {
          Node node = inventory.node(ctx.pathParam("name"));
          ctx.json(NodeRuns.views(inventory.store().runs(node.name()), node.status().armId()));
        });
    app.get(
        "/api/v1/nodes/{name}/timeline",
        ctx -> {
          String name = inventory.node(ctx.pathParam("name")).name();
          Optional<String> run = Optional.ofNullable(ctx.queryParam("run"));
          ctx.json(
              TimelineView.of(
                  new dev.lui.core.timeline.Timelines(inventory.store())
                      .of(name, run)
                      .orElseThrow()));
        });
    app.get(
        "/api/v1/log",
        ctx -> {
          NodeSet set = ApiRequests.nodeSet(ctx);
          long after = ApiRequests.number(ctx, "after", 0);
          int limit =
              (int)
                  Math.max(
                      1,
                      Math.min(
                          NodeLogs.MAX_LIMIT,
                          ApiRequests.number(ctx, "limit", NodeLogs.DEFAULT_LIMIT)));
          ctx.json(NodeLogs.page(inventory.store(), set, after, limit));
        });
    app.post(
        "/api/v1/install",
        ctx -> {
          List<String> targets = List.of(ApiRequests.read(ctx, String[].class));
          boolean newDisk = ApiRequests.number(ctx, "new-disk", 0) == 1;
          Optional<String> state = Optional.ofNullable(ctx.queryParam("state"));
          if (targets.isEmpty() && state.isEmpty()) {
            throw LuiException.invalid(
                "name at least one node or group to install (or ?state=STATE for every node in"
                    + " it)");
          }
          NodeSet set = NodeSet.parse("install", targets, state);
          boolean powerCycle = ApiRequests.flag(ctx, "power-cycle");
          Optional<Long> maxActive = optionalNumber(ctx, "max-active");
          Optional<Long> waveSize = optionalNumber(ctx, "wave");
          Optional<Long> interval = optionalNumber(ctx, "wave-interval");
          if (maxActive.isPresent() || waveSize.isPresent() || interval.isPresent()) {
            if (!powerCycle) {
              throw LuiException.invalid(
                  "--max-active, --wave and --wave-interval admit nodes to power on: give"
                      + " --power-cycle (?power-cycle=1) too");
            }
            // Armed now, waiting in the wave; the wave scheduler powers them on as it admits.
            Wave wave = WaveScheduler.newWave(maxActive, waveSize, interval, Instant.now());
            List<Node> waiting = inventory.install(set, newDisk, Optional.of(wave));
            ctx.json(
                Map.of(
                    "nodes",
                    NodeViews.of(inventory.store(), waiting),
                    "wave",
                    Views.WaveView.of(wave, waiting.size())));
            return;
          }
          List<Node> armed = inventory.install(set, newDisk);
          if (!powerCycle) {
            ctx.json(NodeViews.of(inventory.store(), armed));
            return;
          }
          // Armed first (committed): a node whose BMC fails stays armed and says why.
          List<NodePower> started = power.start(armed);
          ctx.json(Map.of("nodes", NodeViews.of(inventory.store(), armed), "power", started));
        });
  }
}
