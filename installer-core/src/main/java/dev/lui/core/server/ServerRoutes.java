package dev.lui.core.server;

import dev.lui.contract.BuildInfo;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.inventory.ClusterApply;
import dev.lui.core.inventory.ClusterSpec;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.plan.Catalog;
import dev.lui.core.publish.DhcpBackend;
import dev.lui.core.publish.Publisher;
import dev.lui.core.publish.Renderings;
import dev.lui.core.report.BatchReport;
import dev.lui.dhcp.DhcpPublisher;
import dev.lui.dhcp.DhcpTarget;
import io.javalin.Javalin;
import java.util.List;
import java.util.Map;

/**
 * Admin routes of the server as a whole (the read side and the reconcile): version, status, report,
 * renders, transfers, apply and export.
 */
record ServerRoutes(Inventory inventory, Publisher publisher, Renderings renderings) {
  void register(Javalin app) {
    app.get(
        "/api/v1/version",
        ctx -> {
          BuildInfo build = BuildInfo.current();
          ctx.json(Map.of("version", build.version(), "commit", build.commit()));
        });
    app.get(
        "/api/v1/status",
        ctx -> ctx.json(status(NodeViews.selected(inventory.store(), ApiRequests.nodeSet(ctx)))));
    app.get(
        "/api/v1/report",
        ctx ->
            ctx.json(
                BatchReport.of(
                    inventory.store(),
                    NodeViews.selected(inventory.store(), ApiRequests.nodeSet(ctx)))));
    app.get(
        "/api/v1/dns",
        ctx ->
            ctx.contentType("text/plain")
                .result(
                    renderings.dnsZones(inventory.store().nodes(), inventory.store().serial())));
    app.post(
        "/api/v1/apply",
        ctx -> {
          ClusterSpec spec =
              ApiRequests.read(ctx, ClusterSpec.class, RequestBodies.NODE_BATCH_LIMIT);
          ctx.json(
              new ClusterApply(inventory)
                  .apply(spec, ApiRequests.flag(ctx, "dry-run"), ApiRequests.confirmed(ctx)));
        });
    app.get("/api/v1/export", ctx -> ctx.json(new ClusterApply(inventory).export()));
    app.post(
        "/api/v1/reconcile",
        ctx -> {
          Publisher.Report report = publisher.reconcile();
          ctx.json(
              Map.of(
                  "written",
                  report.written(),
                  "deleted",
                  report.deleted(),
                  "rearmed",
                  report.rearmed(),
                  "failures",
                  report.failures()));
        });
    app.get("/api/v1/transfers", ctx -> ctx.json(inventory.store().transfers(1000)));
    app.get(
        "/api/v1/dhcp/{format}",
        ctx -> ctx.contentType("text/plain").result(renderDhcp(ctx.pathParam("format"))));
  }

  private Map<String, Object> status(List<Node> nodes) {
    DhcpPublisher.ReloadStatus dhcp = publisher.dhcpStatus();
    return Map.of(
        "nodes", NodeViews.of(inventory.store(), nodes),
        "waves", Views.WaveView.of(inventory.store().waves(), inventory.store().nodes()),
        "dhcp",
            Map.of(
                "reloads",
                dhcp.reloadsRun(),
                "pending",
                dhcp.pending().size(),
                "lastFailure",
                dhcp.lastFailure()),
        "dns", Map.of("lastFailure", publisher.dnsFailure()),
        "publish", Map.of("lastFailure", publisher.lastFailure()),
        "bootFiles", dev.lui.core.config.BootLoaders.named(renderings.config()));
  }

  /** Exactly what the server writes (or would write) for a backend: its own target and renderer. */
  private String renderDhcp(String format) {
    DhcpTarget target = DhcpBackend.parse("--format", format).target(renderings.config());
    Catalog catalog = Catalog.of(inventory.store());
    try {
      return target
          .renderer()
          .render(renderings.dhcpHosts(inventory.store().nodes(), catalog::arming));
    } catch (dev.lui.contract.value.InvalidValueException e) {
      // The nodes fit the server's own backends but not this format (a host name too long for
      // bootptab).
      throw LuiException.conflict("cannot render " + format + ": " + e.getMessage());
    }
  }
}
