package dev.lui.core.server;

import dev.lui.core.LuiException;
import dev.lui.core.config.AdminListener;
import dev.lui.core.tls.ServerIdentity;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP side of the server: two Javalin instances built from one {@link HttpApi}. The node
 * listener ({@code --http}) serves the agents and the TFTP root to the cluster network; the admin
 * listener ({@code --admin-http}) serves every admin call, on loopback or over TLS. Each answers
 * with a {@link Listener#HEADER} naming it, and each refuses, when the route is registered, a route
 * that belongs on the other ({@link Listener#serves}).
 *
 * @param nodeUrl where nodes reach the server from this host (a wildcard listener is reached on
 *     loopback)
 * @param adminUrl where admin clients reach it: what {@code STATE/server.url} says
 */
record HttpListeners(Javalin nodes, Javalin admin, String nodeUrl, String adminUrl) {

  /** Both listeners, built and started; if the second cannot start the first is stopped. */
  static HttpListeners start(
      HttpApi api,
      InetSocketAddress nodeAddress,
      AdminListener adminListener,
      dev.lui.core.ui.Dashboard dashboard) {
    Javalin nodes = api.newApp(cfg -> confine(cfg, Listener.NODE));
    tag(nodes, Listener.NODE);
    api.countRequests(nodes, Listener.NODE);
    api.registerErrors(nodes, Listener.NODE);
    api.registerNodeRoutes(nodes);
    Javalin admin =
        api.newApp(
            cfg -> {
              confine(cfg, Listener.ADMIN);
              adminListener
                  .tls()
                  .ifPresent(
                      identity ->
                          cfg.jetty.addConnector(
                              (server, http) ->
                                  httpsConnector(server, http, adminListener.address(), identity)));
            });
    tag(admin, Listener.ADMIN);
    api.countRequests(admin, Listener.ADMIN);
    api.registerErrors(admin, Listener.ADMIN);
    api.registerAdminRoutes(admin);
    dashboard.register(admin, adminListener.tls().isPresent());

    listen(nodes, nodeAddress, "--http", "node");
    try {
      listen(admin, adminListener.address(), AdminListener.ADDRESS_FLAG, "admin");
    } catch (RuntimeException e) {
      nodes.stop();
      throw e;
    }
    String nodeUrl = "http://" + hostForUrl(nodeAddress.getHostString()) + ":" + nodes.port();
    String adminHost =
        adminListener
            .tls()
            .map(identity -> identity.urlHost(adminListener.address().getAddress()))
            .orElse(hostForUrl(adminListener.address().getHostString()));
    return new HttpListeners(
        nodes, admin, nodeUrl, adminListener.scheme() + "://" + adminHost + ":" + admin.port());
  }

  void stop() {
    admin.stop();
    nodes.stop();
  }

  /** A route that belongs on the other listener is a bug: refused as it is registered. */
  static void confine(JavalinConfig cfg, Listener listener) {
    cfg.events.handlerAdded(
        route -> {
          if (route.getHttpMethod().isHttpMethod() && !listener.serves(route.getPath())) {
            throw new IllegalStateException(
                route.getHttpMethod()
                    + " "
                    + route.getPath()
                    + " does not belong on the "
                    + listener.wireName()
                    + " listener (see Listener.serves)");
          }
        });
  }

  private static void tag(Javalin app, Listener listener) {
    app.before(ctx -> ctx.header(Listener.HEADER, listener.wireName()));
  }

  private static void listen(Javalin app, InetSocketAddress address, String flag, String name) {
    try {
      app.start(
          address.getHostString(), address.getPort()); // an HTTPS connector has the same address
    } catch (RuntimeException e) {
      throw LuiException.failed(
          "the "
              + name
              + " listener cannot listen on "
              + address.getHostString()
              + ":"
              + address.getPort()
              + " ("
              + flag
              + "): "
              + rootMessage(e),
          e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /**
   * HTTPS with the admin's certificate; Jetty's defaults leave out old protocols and weak ciphers.
   */
  private static ServerConnector httpsConnector(
      Server server, HttpConfiguration plain, InetSocketAddress address, ServerIdentity identity) {
    // The key store lives in memory only; its password protects nothing, so it is random.
    String password = HexFormat.of().formatHex(randomBytes());
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(identity.keyStore(password.toCharArray()));
    tls.setKeyStorePassword(password);
    tls.setKeyManagerPassword(password);
    HttpConfiguration https = new HttpConfiguration(plain);
    https.addCustomizer(new SecureRequestCustomizer());
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    return connector;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  static String hostForUrl(String host) {
    if (host.equals("0.0.0.0") || host.equals("::")) {
      return "127.0.0.1";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
