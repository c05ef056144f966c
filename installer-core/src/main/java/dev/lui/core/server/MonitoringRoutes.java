package dev.lui.core.server;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.identity.Tokens;
import dev.lui.core.metrics.Health;
import dev.lui.core.metrics.MetricsEndpoint;
import dev.lui.tftp.server.TftpServer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Monitoring on the admin listener (docs/monitoring.md): {@code /healthz} and {@code /readyz} for
 * anyone who reaches the listener (they reveal nothing secret), {@code /metrics} with the admin
 * token unless {@code metrics-public} opens it. Also counts every request of both listeners by
 * route template and status.
 *
 * @param ready true once the server has started and reconciled its files with the store
 * @param metricsPublic {@code /metrics} without the admin token
 */
record MonitoringRoutes(
    MetricsEndpoint metrics, Health health, BooleanSupplier ready, boolean metricsPublic) {
  static final String METRICS = "/metrics";
  static final String HEALTH = "/healthz";
  static final String READY = "/readyz";

  /** The admin listener's paths outside {@code /api/} ({@link Listener#serves}). */
  static final Set<String> PATHS = Set.of(METRICS, HEALTH, READY);

  /**
   * The routes of a starting server: its metrics read the TFTP server, publisher and store from now
   * on; its health checks them; the metrics endpoint closes with the admin listener.
   */
  static MonitoringRoutes of(
      LuiServer.Core core, TftpServer tftp, BooleanSupplier ready, boolean metricsPublic) {
    MetricsEndpoint metrics = core.metrics();
    metrics.observeTftp(tftp::metrics);
    metrics.observePublisher(core.publisher());
    metrics.observeNodes(core.store());
    return new MonitoringRoutes(
        metrics, new Health(core.store(), tftp::running, core.publisher()), ready, metricsPublic);
  }

  void register(Javalin app, String adminTokenHash) {
    app.events(e -> e.serverStopped(metrics::close));
    app.get(
        METRICS,
        ctx -> {
          if (!metricsPublic
              && !HttpApi.bearer(ctx).filter(t -> Tokens.matches(t, adminTokenHash)).isPresent()) {
            throw new LuiException(
                ErrorKind.UNAUTHORIZED,
                "missing or wrong admin token: /metrics needs it (Prometheus: authorization:"
                    + " credentials_file: STATE/admin.token), unless metrics-public: true");
          }
          ctx.contentType(MetricsEndpoint.CONTENT_TYPE).result(metrics.scrape());
        });
    app.get(
        HEALTH,
        ctx -> {
          Health.Report r = health.check();
          ctx.status(r.ok() ? 200 : 503).json(r);
        });
    app.get(
        READY,
        ctx -> {
          boolean yes = ready.getAsBoolean();
          ctx.status(yes ? 200 : 503).json(Map.of("status", yes ? "ready" : "starting"));
        });
  }

  /** Counts each answered request of {@code app} (after the exception handlers set its status). */
  void countRequests(Javalin app, Listener listener) {
    app.after(
        ctx ->
            metrics
                .events()
                .httpRequest(
                    listener.wireName(), ctx.method().name(), route(ctx), ctx.statusCode()));
  }

  /** The route template that matched, never the raw path (whose names would be series). */
  static String route(Context ctx) {
    String path = ctx.endpointHandlerPath();
    return path == null || path.isEmpty() ? "unmatched" : path;
  }
}
