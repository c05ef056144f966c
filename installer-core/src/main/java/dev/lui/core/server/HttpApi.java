package dev.lui.core.server;

import dev.lui.contract.AgentApi;
import dev.lui.contract.BuildInfo;
import dev.lui.contract.event.EventBatch;
import dev.lui.core.ErrorKind;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.identity.Tokens;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.plan.NodePlans;
import dev.lui.core.power.PowerService;
import dev.lui.core.publish.Publisher;
import dev.lui.core.publish.Renderings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON API ({@code docs/api.md}). Authentication lives here, next to the routes: admin
 * calls need the admin token, agent calls ({@code /api/v1/agent/NODE/...}) that node's install
 * token. {@link #problem} is the one place errors become HTTP statuses. The routes come in two
 * sets, one per listener ({@link HttpListeners}): {@link #registerAdminRoutes} (grouped by what
 * they act on: {@link NodeRoutes}, {@link DefinitionRoutes}, {@link ServerRoutes}, {@link
 * PowerRoutes}) and {@link #registerNodeRoutes}.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final String AGENT_PREFIX = Listener.AGENT_PREFIX;
  private final AgentService agents;
  private final String adminTokenHash;

  private final Optional<BootFilesHttp> bootFiles;
  private final ContentHttp content;
  private final NodeRoutes nodes;
  private final DefinitionRoutes definitions;
  private final ServerRoutes server;
  private final PowerRoutes power;
  private final MonitoringRoutes monitoring;

  HttpApi(
      Inventory inventory,
      AgentService agents,
      Publisher publisher,
      Renderings renderings,
      NodePlans plans,
      DefinitionWarnings warnings,
      String adminToken,
      Optional<BootFilesHttp> bootFiles,
      PowerService power,
      MonitoringRoutes monitoring) {
    this.monitoring = monitoring;
    this.bootFiles = bootFiles;
    this.agents = agents;
    this.adminTokenHash = Tokens.hash(adminToken);
    this.content = new ContentHttp(inventory.contents(), inventory.store());
    this.nodes = new NodeRoutes(inventory, plans, warnings, power);
    this.power = new PowerRoutes(inventory, power);
    this.definitions = new DefinitionRoutes(inventory, content);
    this.server = new ServerRoutes(inventory, publisher, renderings);
  }

  /** A Javalin for one listener: the settings both share, then the listener's own. */
  Javalin newApp(java.util.function.Consumer<io.javalin.config.JavalinConfig> listener) {
    return Javalin.create(
        cfg -> {
          cfg.showJavalinBanner = false;
          cfg.http.maxRequestSize = 64L << 20; // a batch of 10,000+ node definitions
          cfg.jsonMapper(new JavalinJackson(Json.json(), false));
          listener.accept(cfg);
        });
  }

  static Optional<String> bearer(Context ctx) {
    String h = ctx.header("Authorization");
    if (h == null || !h.startsWith("Bearer ")) {
      return Optional.empty();
    }
    return Optional.of(h.substring("Bearer ".length()).trim());
  }

  /**
   * How failures are answered on {@code listener}. A 404 says only what this listener has; the node
   * listener, which the cluster network reaches, tells nothing of an internal error.
   */
  void registerErrors(Javalin app, Listener listener) {
    app.exception(LuiException.class, (e, ctx) -> problem(ctx, e));
    // A leaf's refusal that no caller translated is still the admin's input: a 400, not a 500.
    app.exception(
        dev.lui.contract.value.InvalidValueException.class,
        (e, ctx) -> problem(ctx, LuiException.invalid(e)));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
          problem(
              ctx,
              LuiException.failed(
                  listener == Listener.ADMIN ? "internal error: " + e : "internal error"));
        });
    // No route for this method and path (Javalin's own 404), or a route that set 404 and nothing
    // else.
    app.exception(
        io.javalin.http.NotFoundResponse.class,
        (e, ctx) ->
            problem(
                ctx,
                new LuiException(
                    ErrorKind.NOT_FOUND, listener.notFound(LuiException.printable(ctx.path())))));
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            ctx.json(
                new Views.Problem(
                    ErrorKind.NOT_FOUND.wireName(),
                    listener.notFound(LuiException.printable(ctx.path()))));
          }
        });
  }

  /** The admin listener's routes: every API call but the agents', each behind the admin token. */
  void registerAdminRoutes(Javalin app) {
    app.before(
        "/api/*",
        ctx -> {
          if (ctx.path().startsWith(AGENT_PREFIX)) {
            return; // agent calls are not served here: a 404 whoever asks
          }
          Optional<String> token = bearer(ctx);
          if (token.isEmpty() || !Tokens.matches(token.get(), adminTokenHash)) {
            throw new LuiException(
                ErrorKind.UNAUTHORIZED,
                "missing or wrong admin token (give --token-file, LUI_TOKEN, or run on the server host)");
          }
        });

    nodes.register(app);
    definitions.register(app);
    server.register(app);
    power.register(app);
    monitoring.register(app, adminTokenHash);
  }

  /** Counts {@code app}'s requests by route and status ({@code /metrics}). */
  void countRequests(Javalin app, Listener listener) {
    monitoring.countRequests(app, listener);
  }

  /**
   * The node listener's routes: the agents' calls, each authenticated by its node's install token,
   * and the TFTP root read-only. Any other API path is a 404 here.
   */
  void registerNodeRoutes(Javalin app) {
    app.get(
        AGENT_PREFIX + "{node}/plan",
        ctx -> {
          Optional<String> token = bearer(ctx);
          Node node = agents.authenticate(ctx.pathParam("node"), token);
          boolean rehearsal = ApiRequests.flag(ctx, "rehearsal");
          AgentService.IssuedPlan plan = agents.plan(node, token.orElseThrow(), rehearsal);
          ctx.header(AgentApi.RUN_HEADER, plan.runId());
          ctx.header(AgentApi.VERSION_HEADER, BuildInfo.current().toString());
          ctx.contentType("application/json").result(plan.json());
        });
    app.post(
        AGENT_PREFIX + "{node}/events",
        ctx -> {
          int stored =
              agents.postEvents(
                  ctx.pathParam("node"),
                  bearer(ctx),
                  () ->
                      ApiRequests.read(ctx, EventBatch.class, RequestBodies.AGENT_EVENTS_LIMIT)
                          .events());
          ctx.json(new Views.Count(stored));
        });
    app.post(
        AGENT_PREFIX + "{node}/first-boot",
        ctx -> {
          agents.firstBoot(ctx.pathParam("node"), bearer(ctx));
          ctx.status(204);
        });
    app.get(
        AGENT_PREFIX + "{node}/content/{sha256}",
        ctx -> {
          Node node = agents.authenticate(ctx.pathParam("node"), bearer(ctx));
          content.serve(ctx, node);
        });
    // Last, so every API route wins: the TFTP root over HTTP (iPXE scripts, kernels, initrds).
    bootFiles.ifPresent(
        b ->
            app.get(
                "/<path>",
                ctx -> {
                  if (ctx.path().startsWith(Listener.API_PREFIX)) {
                    ctx.status(404); // the listener's own "no such path" (registerErrors)
                    return;
                  }
                  b.serve(ctx);
                }));
    // HEAD answers as GET would, without the body (Javalin's own HEAD said 200 to any path).
    bootFiles.ifPresent(
        b ->
            app.head(
                "/<path>",
                ctx -> {
                  if (ctx.path().startsWith(Listener.API_PREFIX)) {
                    ctx.status(404);
                    return;
                  }
                  b.head(ctx);
                }));
  }

  /** The one mapping from failures to HTTP responses. */
  static void problem(Context ctx, LuiException e) {
    ctx.status(e.kind().httpStatus()).json(new Views.Problem(e.kind().wireName(), e.getMessage()));
  }
}
