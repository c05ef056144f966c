package dev.lui.core.server;

import dev.lui.contract.AgentApi;

/**
 * lui's two HTTP listeners, and the one rule of which serves what (issue #12). {@link
 * HttpListeners} refuses to register a route on the wrong one, so a route added later under {@code
 * /api/v1/agent/} can only live on the node listener, and any other API route only on the admin
 * listener.
 */
public enum Listener {
  /**
   * {@code --http}, on the cluster network, plain HTTP: the agents' calls ({@code
   * /api/v1/agent/...}, each with its node's install token) and the TFTP root read-only. No admin
   * call: any other {@code /api/} path is a plain 404, whatever token comes with it.
   */
  NODE("node"),
  /**
   * {@code --admin-http}: every other API call, with the admin token, the web dashboard under
   * {@code /ui} (its own sign-in) and monitoring ({@code /metrics}, {@code /healthz}, {@code
   * /readyz}). Loopback, or TLS.
   */
  ADMIN("admin");

  /**
   * Response header naming the listener ({@link #wireName}), so the CLI can say it reached the
   * wrong one.
   */
  public static final String HEADER = "Lui-Listener";

  static final String API_PREFIX = "/api/";
  static final String AGENT_PREFIX = AgentApi.PREFIX;
  static final String UI_PREFIX = "/ui";

  private final String wireName;

  Listener(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether a route for {@code path} (a Javalin route path) belongs on this listener. */
  boolean serves(String path) {
    boolean api = path.startsWith(API_PREFIX);
    boolean agent = path.startsWith(AGENT_PREFIX);
    boolean ui = path.equals(UI_PREFIX) || path.startsWith(UI_PREFIX + "/");
    return switch (this) {
      case NODE -> agent || (!api && !ui);
      case ADMIN -> api ? !agent : (ui || MonitoringRoutes.PATHS.contains(path));
    };
  }

  /**
   * The 404 message for a request to {@code path} on this listener (names no other listener's
   * paths).
   */
  String notFound(String path) {
    return switch (this) {
      case NODE -> "no such path: " + path;
      case ADMIN ->
          path.startsWith(AGENT_PREFIX)
              ? "no such API path: " + path + " (agent calls go to the node listener, --http)"
              : "no such API path: " + path;
    };
  }
}
