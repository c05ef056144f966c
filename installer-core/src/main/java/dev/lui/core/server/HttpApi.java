package dev.lui.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.agent.report.EventBatch;
import dev.lui.core.ErrorKind;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.inventory.NodeSpec;
import dev.lui.core.inventory.ResourceSpec;
import dev.lui.core.inventory.Tokens;
import dev.lui.dhcp.DhcpPublisher;
import dev.lui.dhcp.DhcpRenderer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON API ({@code docs/api.md}). Authentication lives here, next to the routes: admin
 * calls need the admin token, agent calls ({@code /api/v1/agent/NODE/...}) that node's install
 * token. {@link #problem} is the one place errors become HTTP statuses.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final String AGENT_PREFIX = "/api/v1/agent/";
  public static final List<String> DHCP_FORMATS = List.of("isc", "bootptab", "kea", "kea-include", "dnsmasq");

  private final Inventory inventory;
  private final AgentService agents;
  private final FilesPublisher files;
  private final String adminTokenHash;
  private final Javalin app;

  private final Optional<BootFilesHttp> bootFiles;

  public HttpApi(Inventory inventory, AgentService agents, FilesPublisher files, String adminToken) {
    this(inventory, agents, files, adminToken, Optional.empty());
  }

  HttpApi(Inventory inventory, AgentService agents, FilesPublisher files, String adminToken, Optional<BootFilesHttp> bootFiles) {
    this.bootFiles = bootFiles;
    this.inventory = inventory;
    this.agents = agents;
    this.files = files;
    this.adminTokenHash = Tokens.hash(adminToken);
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.jsonMapper(new JavalinJackson(Json.json(), false));
            });
    routes();
  }

  public HttpApi start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  public void stop() {
    app.stop();
  }

  private static Optional<String> bearer(Context ctx) {
    String h = ctx.header("Authorization");
    if (h == null || !h.startsWith("Bearer ")) {
      return Optional.empty();
    }
    return Optional.of(h.substring("Bearer ".length()).trim());
  }

  private void routes() {
    app.before(
        "/api/*",
        ctx -> {
          if (ctx.path().startsWith(AGENT_PREFIX)) {
            return; // agent routes authenticate the node themselves
          }
          Optional<String> token = bearer(ctx);
          if (token.isEmpty() || !Tokens.matches(token.get(), adminTokenHash)) {
            throw new LuiException(ErrorKind.UNAUTHORIZED, "missing or wrong admin token (give --token-file, LUI_TOKEN, or run on the server host)");
          }
        });
    app.exception(LuiException.class, (e, ctx) -> problem(ctx, e));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
          problem(ctx, LuiException.failed("internal error: " + e));
        });
    app.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        ctx.json(new Views.Problem(ErrorKind.NOT_FOUND.wireName(), "no such API path: " + ctx.path()));
      }
    });

    app.get("/api/v1/status", ctx -> ctx.json(status()));

    app.get("/api/v1/nodes", ctx -> ctx.json(views(inventory.store().nodes())));
    app.post(
        "/api/v1/nodes",
        ctx -> {
          List<NodeSpec> specs = List.of(read(ctx, NodeSpec[].class, RequestBodies.NODE_BATCH_LIMIT));
          List<Node> created = inventory.defineNodes(specs);
          ctx.status(201).json(Map.of(
              "nodes", views(created),
              "warnings", java.util.stream.Stream.concat(files.poolWarnings(created).stream(), files.dnsWarnings(created).stream()).toList()));
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
        ctx -> ctx.contentType("application/json").result(files.planJson(inventory.node(ctx.pathParam("name")))));
    app.get(
        "/api/v1/nodes/{name}/log",
        ctx -> {
          String name = inventory.node(ctx.pathParam("name")).name();
          long after = number(ctx, "after", 0);
          int limit = (int) Math.min(10_000, number(ctx, "limit", 1000));
          ctx.json(inventory.store().log(name, after, limit).stream().map(Views.LogView::of).toList());
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
          inventory.defineGroup(RequestBodies.text(body, "name").orElse(""), RequestBodies.text(body, "disk"));
          ctx.status(201).json(body);
        });
    app.put(
        "/api/v1/groups/{name}",
        ctx -> {
          JsonNode body = read(ctx, JsonNode.class);
          Group g = inventory.setGroupDisk(ctx.pathParam("name"), RequestBodies.text(body, "disk"));
          ctx.json(Map.of("name", g.name(), "disk", g.disk().orElse("")));
        });
    app.delete(
        "/api/v1/groups/{name}",
        ctx -> ctx.json(Map.of("members", inventory.removeGroup(ctx.pathParam("name")))));

    app.get(
        "/api/v1/resources",
        ctx -> {
          List<Allocation> allocations = inventory.store().allocations();
          ctx.json(inventory.store().resources().stream().map(r -> Views.ResourceView.of(r, allocations)).toList());
        });
    app.post(
        "/api/v1/resources",
        ctx -> {
          Resource r = inventory.defineResource(read(ctx, ResourceSpec.class));
          ctx.status(201).json(Views.ResourceView.of(r, List.of()));
        });
    app.get(
        "/api/v1/resources/{name}",
        ctx -> ctx.json(Views.ResourceView.of(inventory.resource(ctx.pathParam("name")), inventory.store().allocations())));
    app.delete(
        "/api/v1/resources/{name}",
        ctx -> {
          inventory.removeResource(ctx.pathParam("name"));
          ctx.status(204);
        });

    app.post("/api/v1/allocations", ctx -> allocation(ctx, true));
    app.post("/api/v1/deallocations", ctx -> allocation(ctx, false));

    app.get("/api/v1/report", ctx -> ctx.json(report()));
    app.get("/api/v1/dns", ctx -> ctx.contentType("text/plain").result(files.dnsZones()));
    app.get("/api/v1/transfers", ctx -> ctx.json(inventory.store().transfers(1000)));
    app.get(
        "/api/v1/dhcp/{format}",
        ctx -> ctx.contentType("text/plain").result(renderDhcp(ctx.pathParam("format"))));

    app.get(AGENT_PREFIX + "{node}/plan", ctx -> {
      Optional<String> token = bearer(ctx);
      Node node = agents.authenticate(ctx.pathParam("node"), token);
      ctx.contentType("application/json").result(agents.plan(node, token.orElseThrow()));
    });
    app.post(AGENT_PREFIX + "{node}/events", ctx -> {
      Node node = agents.authenticate(ctx.pathParam("node"), bearer(ctx));
      EventBatch batch = read(ctx, EventBatch.class, RequestBodies.AGENT_EVENTS_LIMIT);
      ctx.json(new Views.Count(agents.events(node, batch.events())));
    });
    app.post(AGENT_PREFIX + "{node}/first-boot", ctx -> {
      agents.firstBoot(ctx.pathParam("node"), bearer(ctx));
      ctx.status(204);
    });
    app.get(AGENT_PREFIX + "{node}/resources/{resource}/{index}", ctx -> {
      Node node = agents.authenticate(ctx.pathParam("node"), bearer(ctx));
      String indexText = ctx.pathParam("index");
      if (!indexText.matches("[0-9]{1,9}")) { // ASCII digits: Integer.parseInt also reads other scripts'
        throw LuiException.invalid("index", indexText, "a file index is a number");
      }
      int index = Integer.parseInt(indexText);
      Path file = agents.resourceFile(node, ctx.pathParam("resource"), index);
      try {
        InputStream in = Files.newInputStream(file);
        ctx.header("Content-Length", Long.toString(Files.size(file)));
        ctx.contentType("application/octet-stream").result(in);
      } catch (NoSuchFileException e) {
        throw LuiException.failed("the server file " + file + " of resource " + ctx.pathParam("resource") + " is gone");
      }
    });
    // Last, so every API route wins: the TFTP root over HTTP (iPXE scripts, kernels, initrds).
    bootFiles.ifPresent(b -> app.get("/<path>", ctx -> {
      if (ctx.path().startsWith("/api/")) {
        ctx.status(404).json(new Views.Problem(ErrorKind.NOT_FOUND.wireName(), "no such API path: " + ctx.path()));
        return;
      }
      b.serve(ctx);
    }));
  }

  private void allocation(Context ctx, boolean add) {
    JsonNode body = read(ctx, JsonNode.class);
    List<String> resources = RequestBodies.strings(body, "resources");
    List<String> targets = RequestBodies.strings(body, "targets");
    int n = add ? inventory.allocate(resources, targets) : inventory.deallocate(resources, targets);
    ctx.json(new Views.Count(n));
  }

  private static long number(Context ctx, String param, long fallback) {
    String text = ctx.queryParam(param);
    if (text == null) {
      return fallback;
    }
    if (text.matches("[0-9]{1,18}")) { // ASCII digits only: Long.parseLong also reads other scripts'
      return Long.parseLong(text);
    }
    throw LuiException.invalid(param, text, "a whole number, 0 or more");
  }

  /** Bodies are decoded by {@link RequestBodies}: bounded, strict, a 4xx that says what is wrong. */
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
    return view(n, Inventory.groupsOf(inventory.store(), n));
  }

  /** Views of many nodes: the groups (for each one's disk choice) are read once for all. */
  private List<Views.NodeView> views(List<Node> nodes) {
    Map<String, Group> groups = new java.util.HashMap<>();
    inventory.store().groups().forEach(g -> groups.put(g.name(), g));
    return nodes.stream().map(n -> view(n, groups)).toList();
  }

  private Views.NodeView view(Node n, Map<String, Group> groups) {
    List<Resource> resources = inventory.resourcesFor(n);
    return Views.NodeView.of(n, resources.stream().map(Resource::name).toList(),
        dev.lui.core.plan.DiskChoice.of(n, groups, resources));
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
                    nodes.stream().filter(n -> n.groups().contains(g.name())).map(Node::name).toList(),
                    allocations.stream()
                        .filter(a -> a.kind() == Allocation.TargetKind.GROUP && a.target().equals(g.name()))
                        .map(Allocation::resource)
                        .toList()))
        .toList();
  }

  private Map<String, Object> status() {
    DhcpPublisher.ReloadStatus dhcp = files.dhcpStatus();
    return Map.of(
        "nodes", views(inventory.store().nodes()),
        "dhcp", Map.of("reloads", dhcp.reloadsRun(), "pending", dhcp.pending().size(), "lastFailure", dhcp.lastFailure()),
        "dns", Map.of("lastFailure", files.dnsFailure()));
  }

  private List<Views.ReportLine> report() {
    List<Views.ReportLine> out = new ArrayList<>();
    for (Node n : inventory.store().nodes()) {
      List<String> last = n.status().state() == dev.lui.core.domain.NodeState.FAILED
          ? ReportLines.last(inventory.store(), n.name()) : List.of();
      out.add(Views.ReportLine.of(n, last));
    }
    return out;
  }

  private String renderDhcp(String format) {
    DhcpRenderer renderer =
        switch (format) {
          case "isc" -> DhcpRenderer.isc();
          case "bootptab" -> DhcpRenderer.bootptab();
          case "kea" -> DhcpRenderer.kea();
          case "kea-include" -> DhcpRenderer.keaInclude();
          case "dnsmasq" -> DhcpRenderer.dnsmasq();
          default -> throw LuiException.invalid("--format", format, "one of " + String.join(", ", DHCP_FORMATS));
        };
    try {
      return renderer.render(files.dhcpHosts(inventory.store().nodes()));
    } catch (IllegalArgumentException e) {
      // The nodes fit the server's own backends but not this format (a host name too long for bootptab).
      throw LuiException.conflict("cannot render " + format + ": " + e.getMessage());
    }
  }
}
