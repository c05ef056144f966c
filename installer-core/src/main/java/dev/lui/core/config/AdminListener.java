package dev.lui.core.config;

import dev.lui.core.LuiException;
import dev.lui.core.tls.ServerIdentity;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the admin API listens ({@code --admin-http}), apart from the node listener ({@code --http})
 * the cluster network reaches. Loopback by default; any other address only with TLS, so the admin
 * token never crosses a network in clear: such a listener cannot even be built.
 *
 * <p>Kept out of {@link ServerConfig} on purpose: nothing the server publishes (plans, boot
 * entries, DHCP) depends on it.
 *
 * @param address the address and port (0: a free one)
 * @param tls the certificate and key it serves HTTPS with; empty: plain HTTP (loopback only)
 * @param metricsPublic {@code /metrics} answers without the admin token ({@code metrics-public})
 */
public record AdminListener(
    InetSocketAddress address, Optional<ServerIdentity> tls, boolean metricsPublic) {
  public static final String ADDRESS_FLAG = "--admin-http";
  public static final String CERT_FLAG = "--admin-tls-cert";
  public static final String KEY_FLAG = "--admin-tls-key";
  public static final String DEFAULT_ADDRESS = "127.0.0.1:8081";

  public AdminListener {
    if (tls.isEmpty() && !isLoopback(address)) {
      String host = address.getHostString();
      throw LuiException.invalid(
          ADDRESS_FLAG,
          (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort(),
          "the admin API listens on loopback only, unless it has TLS: give "
              + CERT_FLAG
              + " FILE and "
              + KEY_FLAG
              + " FILE (PEM), or keep 127.0.0.1 and reach it through an SSH tunnel");
    }
  }

  /** {@code /metrics} behind the admin token. */
  public AdminListener(InetSocketAddress address, Optional<ServerIdentity> tls) {
    this(address, tls, false);
  }

  public AdminListener withMetricsPublic(boolean open) {
    return new AdminListener(address, tls, open);
  }

  /** Plain HTTP on a free loopback port: the demo's and tests'. */
  public static AdminListener loopback() {
    return new AdminListener(new InetSocketAddress("127.0.0.1", 0), Optional.empty());
  }

  /**
   * From the settings: the address, and the certificate and key, both or neither (read and checked
   * here, so a bad file stops the server before anything starts).
   */
  public static AdminListener of(
      InetSocketAddress address, Optional<Path> cert, Optional<Path> key) {
    if (cert.isPresent() != key.isPresent()) {
      String given = cert.isPresent() ? CERT_FLAG : KEY_FLAG;
      String missing = cert.isPresent() ? KEY_FLAG : CERT_FLAG;
      throw LuiException.invalid(
          given,
          cert.or(() -> key).orElseThrow().toString(),
          "TLS needs both "
              + CERT_FLAG
              + " FILE and "
              + KEY_FLAG
              + " FILE; "
              + missing
              + " is missing");
    }
    if (cert.isEmpty()) {
      return new AdminListener(address, Optional.empty());
    }
    return new AdminListener(
        address, Optional.of(ServerIdentity.load(CERT_FLAG, cert.get(), KEY_FLAG, key.get())));
  }

  public String scheme() {
    return tls.isPresent() ? "https" : "http";
  }

  /** A loopback address (127.0.0.0/8, ::1); a wildcard address is every interface, not loopback. */
  static boolean isLoopback(InetSocketAddress a) {
    return a.getAddress() != null && a.getAddress().isLoopbackAddress();
  }
}
