package dev.lui.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.inventory.Inventory;
import dev.lui.core.inventory.NetworkSpec;
import dev.lui.core.inventory.ResourceSpec;
import dev.lui.core.inventory.ResourceUpdates;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Admin routes of definitions: networks, groups, resources and their content, allocations. */
final class DefinitionRoutes {
  private final Inventory inventory;
  private final ContentHttp content;

  DefinitionRoutes(Inventory inventory, ContentHttp content) {
    this.inventory = inventory;
    this.content = content;
  }

  void register(Javalin app) {
    app.get("/api/v1/groups", ctx -> ctx.json(groups()));
    app.post(
        "/api/v1/groups",
        ctx -> {
          JsonNode body = ApiRequests.read(ctx, JsonNode.class);
          inventory.defineGroup(
              RequestBodies.text(body, "name").orElse(""), RequestBodies.text(body, "disk"));
          ctx.status(201).json(body);
        });
    app.put(
        "/api/v1/groups/{name}",
        ctx -> {
          JsonNode body = ApiRequests.read(ctx, JsonNode.class);
          Group g =
              inventory.setGroupDisk(
                  ctx.pathParam("name"),
                  RequestBodies.text(body, "disk"),
                  ApiRequests.confirmed(ctx));
          ctx.json(Map.of("name", g.name(), "disk", g.disk().orElse("")));
        });
    app.delete(
        "/api/v1/groups/{name}",
        ctx -> ctx.json(inventory.removeGroup(ctx.pathParam("name"), ApiRequests.confirmed(ctx))));

    app.get(
        "/api/v1/networks",
        ctx -> {
          List<Node> nodes = inventory.store().nodes();
          ctx.json(
              inventory.store().networks().stream()
                  .map(n -> Views.NetworkView.of(n, on(nodes, n.name())))
                  .toList());
        });
    app.post(
        "/api/v1/networks",
        ctx -> {
          dev.lui.core.domain.Network n =
              inventory.defineNetwork(ApiRequests.read(ctx, NetworkSpec.class));
          ctx.status(201).json(Views.NetworkView.of(n, List.of()));
        });
    app.get(
        "/api/v1/networks/{name}",
        ctx -> {
          String name = ctx.pathParam("name");
          ctx.json(Views.NetworkView.of(inventory.network(name), inventory.networkUsers(name)));
        });
    app.delete(
        "/api/v1/networks/{name}",
        ctx -> {
          inventory.removeNetwork(ctx.pathParam("name"));
          ctx.status(204);
        });

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
                  ResourceRequests.spec(ApiRequests.read(ctx, JsonNode.class), Optional.empty()));
          ctx.status(201).json(Views.ResourceView.of(current(r.name()), List.of()));
        });
    app.put(
        "/api/v1/resources/{name}",
        ctx -> {
          ResourceSpec spec =
              ResourceRequests.spec(
                  ApiRequests.read(ctx, JsonNode.class), Optional.of(ctx.pathParam("name")));
          ResourceUpdates.Updated u = inventory.updateResource(spec, ApiRequests.confirmed(ctx));
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
  }

  private dev.lui.core.domain.ResourceVersion current(String resource) {
    List<dev.lui.core.domain.ResourceVersion> versions = inventory.resourceVersions(resource);
    return versions.get(versions.size() - 1);
  }

  private void allocation(Context ctx, boolean add) {
    JsonNode body = ApiRequests.read(ctx, JsonNode.class);
    List<String> resources = RequestBodies.strings(body, "resources");
    List<String> targets = RequestBodies.strings(body, "targets");
    ctx.json(
        add
            ? inventory.allocate(resources, targets)
            : inventory.deallocate(resources, targets, ApiRequests.confirmed(ctx)));
  }

  private static List<String> on(List<Node> nodes, String network) {
    return nodes.stream()
        .filter(n -> n.network().equals(Optional.of(network)))
        .map(Node::name)
        .toList();
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
}
