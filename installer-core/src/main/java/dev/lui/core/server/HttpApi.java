package dev.lui.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.contract.AgentApi;
import dev.lui.contract.event.EventBatch;
import dev.lui.core.ErrorKind;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.inventory.ClusterApply;
import dev.lui.core.inventory.ClusterSpec;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.inventory.NodeSpec;
import dev.lui.core.inventory.ResourceSpec;
import dev.lui.core.inventory.ResourceUpdates;
import dev.lui.core.inventory.Tokens;
import dev.lui.core.plan.Arming;
import dev.lui.core.plan.Catalog;
import dev.lui.core.plan.NodePlans;
import dev.lui.core.publish.DhcpBackend;
import dev.lui.core.publish.Publisher;
import dev.lui.core.publish.Renderings;
import dev.lui.core.store.Run;
import dev.lui.dhcp.DhcpPublisher;
import dev.lui.dhcp.DhcpTarget;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON API ({@code docs/api.md}). Authentication lives here, next to the routes: admin
 * calls need the admin token, agent calls ({@code /api/v1/agent/NODE/...}) that node's install
 * token. {@link #problem} is the one place errors become HTTP statuses. The routes come in two
 * sets, one per listener ({@link HttpListeners}): {@link #registerAdminRoutes} and {@link
 * #registerNodeRoutes}.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final String AGENT_PREFIX = Listener.AGENT_PREFIX;
  private final Inventory inventory;
  private final AgentService agents;
  private final Publisher publisher;
  private final Renderings renderings;
  private final NodePlans plans;
  private final DefinitionWarnings warnings;
  private final String adminTokenHash;

  private final Optional<BootFilesHttp> bootFiles;
  private final ContentHttp content;

  HttpApi(
      Inventory inventory,
      AgentService agents,
      Publisher publisher,
      Renderings renderings,
      NodePlans plans,
      DefinitionWarnings warnings,
      String adminToken,
      Optional<BootFilesHttp> bootFiles) {
    this.bootFiles = bootFiles;
    this.inventory = inventory;
    this.agents = agents;
    this.publisher = publisher;
    this.renderings = renderings;
    this.plans = plans;
    this.warnings = warnings;
    this.adminTokenHash = Tokens.hash(adminToken);
    this.content = new ContentHttp(inventory.contents(), inventory.store());
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

  private static Optional<String> bearer(Context ctx) {
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

    app.get("/api/v1/status", ctx -> ctx.json(status()));

    app.get("/api/v1/nodes", ctx -> ctx.json(views(inventory.store().nodes())));
    app.post(
        "/api/v1/nodes",
        ctx -> {
          List<NodeSpec> specs =
              List.of(read(ctx, NodeSpec[].class, RequestBodies.NODE_BATCH_LIMIT));
          List<Node> created = inventory.defineNodes(specs);
          ctx.status(201).json(Map.of("nodes", views(created), "warnings", warnings.of(created)));
        });
    app.get("/api/v1/nodes/{name}", ctx -> ctx.json(view(inventory.node(ctx.pathParam("name")))));
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
          long after = number(ctx, "after", 0);
          int limit = (int) Math.min(10_000, number(ctx, "limit", 1000));
          Map<String, Run> runs = new java.util.HashMap<>();
          inventory.store().runs(name).forEach(r -> runs.put(r.id(), r));
          ctx.json(
              inventory.store().log(name, after, limit).stream()
                  .map(e -> Views.LogView.of(e, Optional.ofNullable(runs.get(e.runId()))))
                  .toList());
        });
    app.post(
        "/api/v1/install",
        ctx -> {
          List<String> targets = List.of(read(ctx, String[].class));
          boolean newDisk = number(ctx, "new-disk", 0) == 1;
          ctx.json(views(inventory.install(targets, newDisk)));
        });

    app.get("/api/v1/groups", ctx -> ctx.json(groups()));
    app.post(
        "/api/v1/groups",
        ctx -> {
          JsonNode body = read(ctx, JsonNode.class);
          inventory.defineGroup(
              RequestBodies.text(body, "name").orElse(""), RequestBodies.text(body, "disk"));
          ctx.status(201).json(body);
        });
    app.put(
        "/api/v1/groups/{name}",
        ctx -> {
          JsonNode body = read(ctx, JsonNode.class);
          Group g =
              inventory.setGroupDisk(
                  ctx.pathParam("name"), RequestBodies.text(body, "disk"), confirmed(ctx));
          ctx.json(Map.of("name", g.name(), "disk", g.disk().orElse("")));
        });
    app.delete(
        "/api/v1/groups/{name}",
        ctx -> ctx.json(inventory.removeGroup(ctx.pathParam("name"), confirmed(ctx))));

    app.get(
        "/api/v1/resources",
        ctx -> {
          List<Allocation> allocations = inventory.store().allocations();
          ctx.json(
              inventory.store().currentResourceVersions().stream()
                  .map(r -> Views.ResourceView.of(r, allocations))
                  .toList());
        });
    app.post(
        "/api/v1/resources",
        ctx -> {
          Resource r =
              inventory.defineResource(
                  ResourceRequests.spec(read(ctx, JsonNode.class), Optional.empty()));
          ctx.status(201).json(Views.ResourceView.of(current(r.name()), List.of()));
        });
    app.put(
        "/api/v1/resources/{name}",
        ctx -> {
          ResourceSpec spec =
              ResourceRequests.spec(read(ctx, JsonNode.class), Optional.of(ctx.pathParam("name")));
          ResourceUpdates.Updated u = inventory.updateResource(spec, confirmed(ctx));
          ctx.json(
              new Views.ResourceUpdate(
                  Views.ResourceView.of(u.current(), inventory.store().allocations()),
                  u.changed(),
                  u.nodes()));
        });
    app.get(
        "/api/v1/resources/{name}",
        ctx ->
            ctx.json(
                Views.ResourceView.of(
                    current(ctx.pathParam("name")), inventory.store().allocations())));
    app.get(
        "/api/v1/resources/{name}/versions",
        ctx ->
            ctx.json(
                Views.ResourceHistory.of(
                    inventory.resourceVersions(ctx.pathParam("name")),
                    inventory.store().allocations())));
    app.put("/api/v1/content/{sha256}", content::put);
    app.head("/api/v1/content/{sha256}", content::head);
    app.delete(
        "/api/v1/resources/{name}",
        ctx -> {
          inventory.removeResource(ctx.pathParam("name"));
          ctx.status(204);
        });

    app.post("/api/v1/allocations", ctx -> allocation(ctx, true));
    app.post("/api/v1/deallocations", ctx -> allocation(ctx, false));

    app.get("/api/v1/report", ctx -> ctx.json(report()));
    app.get(
        "/api/v1/dns",
        ctx ->
            ctx.contentType("text/plain")
                .result(
                    renderings.dnsZones(inventory.store().nodes(), inventory.store().serial())));
    app.post(
        "/api/v1/apply",
        ctx -> {
          ClusterSpec spec = read(ctx, ClusterSpec.class, RequestBodies.NODE_BATCH_LIMIT);
          ctx.json(new ClusterApply(inventory).apply(spec, flag(ctx, "dry-run"), confirmed(ctx)));
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
          boolean rehearsal = flag(ctx, "rehearsal");
          AgentService.IssuedPlan plan = agents.plan(node, token.orElseThrow(), rehearsal);
          ctx.header(AgentApi.RUN_HEADER, plan.runId());
          ctx.contentType("application/json").result(plan.json());
        });
    app.post(
        AGENT_PREFIX + "{node}/events",
        ctx -> {
          Node node = agents.authenticate(ctx.pathParam("node"), bearer(ctx));
          EventBatch batch = read(ctx, EventBatch.class, RequestBodies.AGENT_EVENTS_LIMIT);
          ctx.json(new Views.Count(agents.events(node, batch.events())));
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

  private dev.lui.core.domain.ResourceVersion current(String resource) {
    List<dev.lui.core.domain.ResourceVersion> versions = inventory.resourceVersions(resource);
    return versions.get(versions.size() - 1);
  }

  private void allocation(Context ctx, boolean add) {
    JsonNode body = read(ctx, JsonNode.class);
    List<String> resources = RequestBodies.strings(body, "resources");
    List<String> targets = RequestBodies.strings(body, "targets");
    ctx.json(
        add
            ? inventory.allocate(resources, targets)
            : inventory.deallocate(resources, targets, confirmed(ctx)));
  }

  /** {@code ?yes=true}: the admin confirmed a change that alters armed nodes' plans. */
  private static boolean confirmed(Context ctx) {
    return flag(ctx, "yes");
  }

  private static boolean flag(Context ctx, String param) {
    String text = ctx.queryParam(param);
    if (text == null || text.equals("false") || text.equals("0")) {
      return false;
    }
    if (text.equals("true") || text.equals("1")) {
      return true;
    }
    throw LuiException.invalid(param, text, "true or false");
  }

  private static long number(Context ctx, String param, long fallback) {
    String text = ctx.queryParam(param);
    if (text == null) {
      return fallback;
    }
    if (text.matches(
        "[0-9]{1,18}")) { // ASCII digits only: Long.parseLong also reads other scripts'
      return Long.parseLong(text);
    }
    throw LuiException.invalid(param, text, "a whole number, 0 or more");
  }

  /**
   * Bodies are decoded by {@link RequestBodies}: bounded, strict, a 4xx that says what is wrong.
   */
  private static <T> T read(Context ctx, Class<T> type) {
    return read(ctx, type, RequestBodies.DEFAULT_LIMIT);
  }

  private static <T> T read(Context ctx, Class<T> type, long limit) {
    return RequestBodies.json(ctx, type, limit);
  }

  /** The one mapping from failures to HTTP responses. */
  static void problem(Context ctx, LuiException e) {
    ctx.status(e.kind().httpStatus()).json(new Views.Problem(e.kind().wireName(), e.getMessage()));
  }

  private Views.NodeView view(Node n) {
    return views(List.of(n)).get(0);
  }

  /** Views of many nodes: groups, resources and allocations are read once for all. */
  private List<Views.NodeView> views(List<Node> nodes) {
    Catalog catalog = Catalog.of(inventory.store());
    return nodes.stream().map(n -> view(n, catalog)).toList();
  }

  private static Views.NodeView view(Node n, Catalog catalog) {
    List<Resource> resources = catalog.resourcesFor(n);
    return Views.NodeView.of(
        n,
        resources.stream().map(Resource::name).toList(),
        dev.lui.core.plan.DiskChoice.of(n, catalog.groupsOf(n), resources),
        Arming.of(n, resources));
  }

  private List<Views.GroupView> groups() {
    List<Node> nodes = inventory.store().nodes();
    List<Allocation> allocations = inventory.store().allocations();
    return inventory.store().groups().stream()
        .map(
            g ->
                new Views.GroupView(
                    g.name(),
                    g.disk(),
                    nodes.stream()
                        .filter(n -> n.groups().contains(g.name()))
                        .map(Node::name)
                        .toList(),
                    allocations.stream()
                        .filter(
                            a ->
                                a.kind() == Allocation.TargetKind.GROUP
                                    && a.target().equals(g.name()))
                        .map(Allocation::resource)
                        .toList()))
        .toList();
  }

  private Map<String, Object> status() {
    DhcpPublisher.ReloadStatus dhcp = publisher.dhcpStatus();
    return Map.of(
        "nodes", views(inventory.store().nodes()),
        "dhcp",
            Map.of(
                "reloads",
                dhcp.reloadsRun(),
                "pending",
                dhcp.pending().size(),
                "lastFailure",
                dhcp.lastFailure()),
        "dns", Map.of("lastFailure", publisher.dnsFailure()),
        "publish", Map.of("lastFailure", publisher.lastFailure()));
  }

  private List<Views.ReportLine> report() {
    List<Views.ReportLine> out = new ArrayList<>();
    for (Node n : inventory.store().nodes()) {
      List<String> last =
          n.status().state() == dev.lui.core.domain.NodeState.FAILED
              ? ReportLines.last(inventory.store(), n.name())
              : List.of();
      Optional<Run> rehearsal =
          inventory.store().runs(n.name()).stream().filter(Run::isRehearsal).reduce((a, b) -> b);
      out.add(Views.ReportLine.of(n, last, rehearsal));
    }
    return out;
  }

  /** Exactly what the server writes (or would write) for a backend: its own target and renderer. */
  private String renderDhcp(String format) {
    DhcpTarget target = DhcpBackend.parse("--format", format).target(renderings.config());
    Catalog catalog = Catalog.of(inventory.store());
    try {
      return target
          .renderer()
          .render(renderings.dhcpHosts(inventory.store().nodes(), catalog::arming));
    } catch (IllegalArgumentException e) {
      // The nodes fit the server's own backends but not this format (a host name too long for
      // bootptab).
      throw LuiException.conflict("cannot render " + format + ": " + e.getMessage());
    }
  }
}
