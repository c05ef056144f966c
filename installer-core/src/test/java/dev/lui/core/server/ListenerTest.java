package dev.lui.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #12: which listener serves which route, and a route on the wrong one refused as it is
 * added.
 */
class ListenerTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/agent/{node}/plan", "/api/v1/agent/{node}/events",
            "/api/v1/agent/{node}/first-boot",
        "/api/v1/agent/{node}/resources/{resource}/{index}",
            "/api/v1/agent/{node}/anything-added-later", "/<path>"
      })
  void agentCallsAndBootFilesAreTheNodeListenersOnly(String path) {
    assertThat(Listener.NODE.serves(path)).isTrue();
    assertThat(Listener.ADMIN.serves(path)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/nodes",
        "/api/v1/nodes/{name}/plan",
        "/api/v1/status",
        "/api/v1/install",
        "/api/v1/resources",
        "/api/v1/reconcile",
        "/api/v1/transfers",
        "/api/v1/dhcp/{format}",
        "/api/v1/content",
        "/api/v2/agent/x",
        "/api/v1/agents"
      })
  void everyOtherApiCallIsTheAdminListenersOnly(String path) {
    assertThat(Listener.ADMIN.serves(path)).isTrue();
    assertThat(Listener.NODE.serves(path)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ui", "/ui/", "/ui/node/{node}", "/ui/events", "/ui/static/{file}"})
  void theDashboardIsTheAdminListenersOnly(String path) {
    assertThat(Listener.ADMIN.serves(path)).isTrue();
    assertThat(Listener.NODE.serves(path)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/metrics", "/healthz", "/readyz"})
  void monitoringIsOnTheAdminListener(String path) {
    assertThat(Listener.ADMIN.serves(path)).isTrue();
  }

  @Test
  void noOtherPathOutsideTheApiIsTheAdminListeners() {
    assertThat(Listener.ADMIN.serves("/<path>")).isFalse();
    assertThat(Listener.ADMIN.serves("/metrics/x")).isFalse();
  }

  @Test
  void theNodeListenersNotFoundNamesNoOtherListener() {
    assertThat(Listener.NODE.notFound("/api/v1/nodes")).isEqualTo("no such path: /api/v1/nodes");
    assertThat(Listener.ADMIN.notFound("/api/v1/agent/n01/plan")).contains("node listener");
  }

  @Test
  void anAgentRouteAddedToTheAdminListenerIsRefused() {
    Javalin admin =
        Javalin.create(
            cfg -> {
              cfg.startupWatcherEnabled = false;
              HttpListeners.confine(cfg, Listener.ADMIN);
            });
    admin.get("/api/v1/nodes", ctx -> {});
    admin.before("/api/*", ctx -> {}); // filters are not routes
    assertThatThrownBy(() -> admin.get("/api/v1/agent/{node}/new", ctx -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GET /api/v1/agent/{node}/new does not belong on the admin listener");
  }

  @Test
  void anAdminRouteAddedToTheNodeListenerIsRefused() {
    Javalin nodes =
        Javalin.create(
            cfg -> {
              cfg.startupWatcherEnabled = false;
              HttpListeners.confine(cfg, Listener.NODE);
            });
    nodes.post("/api/v1/agent/{node}/events", ctx -> {});
    nodes.get("/<path>", ctx -> {});
    assertThatThrownBy(() -> nodes.post("/api/v1/nodes", ctx -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not belong on the node listener");
  }
}
