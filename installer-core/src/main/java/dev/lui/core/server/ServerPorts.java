package dev.lui.core.server;

import dev.lui.core.LuiException;
import dev.lui.core.config.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The server's listening addresses as {@link LuiServer} starts them. */
final class ServerPorts {
  private ServerPorts() {}

  /**
   * HTTP port 0 (tests, the demo) is resolved to a free port before anything is built, because
   * plans and boot entries carry the server's URL. A public URL ending in ":0" follows it.
   */
  static ServerConfig resolve(ServerConfig c) {
    if (c.listeners().http().getPort() != 0) {
      return c;
    }
    int port;
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, c.listeners().http().getAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw LuiException.failed(
          "cannot find a free HTTP port on "
              + c.listeners().http().getHostString()
              + ": "
              + e.getMessage(),
          e);
    }
    String url =
        c.listeners().publicUrl().endsWith(":0")
            ? c.listeners().publicUrl().substring(0, c.listeners().publicUrl().length() - 1) + port
            : c.listeners().publicUrl();
    return c.withHttp(new InetSocketAddress(c.listeners().http().getAddress(), port), url);
  }

  static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::");
  }

  static boolean isLoopbackUrl(String url) {
    String host = java.net.URI.create(url).getHost();
    return host == null
        || host.startsWith("127.")
        || host.equals("localhost")
        || host.equals("[::1]");
  }
}
