package dev.lui.power;

import dev.lui.contract.value.Hostname;
import dev.lui.contract.value.InvalidValueException;
import dev.lui.contract.value.Ipv4;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where a node's BMC answers and as whom lui logs in: {@code ipmi://USER@HOST[:PORT]}, the port 623
 * unless given; HOST is an IPv4 address, a host name or a bracketed IPv6 address ({@code
 * ipmi://admin@[fd00::5]:6230}). The password is never part of it (it comes from a {@link
 * SecretSource}), so {@link #toString} can be logged and shown.
 */
public final class BmcAddress {
  /** The IPMI-over-LAN (RMCP) port. */
  public static final int DEFAULT_PORT = 623;

  /** IPMI user names are at most 16 bytes (IPMI 2.0, Set User Name). */
  static final int MAX_USER_BYTES = 16;

  private static final String SCHEME = "ipmi://";
  private static final String EXAMPLE = "like ipmi://admin@10.0.0.5 or ipmi://admin@[fd00::5]:623";

  private final String user;
  private final String host; // an IPv6 address (the only host with a ':') without brackets
  private final int port;

  private BmcAddress(String user, String host, int port) {
    this.user = user;
    this.host = host;
    this.port = port;
  }

  /** {@link #parse(String, String)} with the field named {@code BMC address}. */
  public static BmcAddress parse(String text) {
    return parse("BMC address", text);
  }

  /**
   * Parses {@code ipmi://USER@HOST[:PORT]}.
   *
   * @throws InvalidValueException naming {@code field}, the value (a password in it masked) and the
   *     rule with the fix
   */
  public static BmcAddress parse(String field, String text) {
    Objects.requireNonNull(text, "text");
    if (!text.startsWith(SCHEME)) {
      throw new InvalidValueException(
          field, text, "a BMC address starts with " + SCHEME + ", " + EXAMPLE);
    }
    String rest = text.substring(SCHEME.length());
    int at = rest.lastIndexOf('@');
    if (at < 0) {
      throw new InvalidValueException(
          field, text, "a BMC address names the user to log in as before an @, " + EXAMPLE);
    }
    String user = rest.substring(0, at);
    String hostPort = rest.substring(at + 1);
    if (user.contains(":")) {
      // Never echo what follows the colon: it is a password.
      String masked = SCHEME + user.substring(0, user.indexOf(':')) + ":****@" + hostPort;
      throw new InvalidValueException(
          field,
          masked,
          "a BMC address never holds the password (it would show in logs and process lists);"
              + " write ipmi://USER@HOST and put the password in the BMC password file (docs/power.md)");
    }
    checkUser(field, text, user);
    String host;
    String portText = null;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw new InvalidValueException(
            field, text, "an IPv6 address is closed by ], like ipmi://admin@[fd00::5]:623");
      }
      host = hostPort.substring(1, close);
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new InvalidValueException(
              field, text, "only :PORT may follow the bracketed IPv6 address, " + EXAMPLE);
        }
        portText = after.substring(1);
      }
      checkIpv6(field, text, host);
    } else {
      int colon = hostPort.indexOf(':');
      if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
        throw new InvalidValueException(
            field, text, "an IPv6 address goes in brackets, like ipmi://admin@[fd00::5]:623");
      }
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      portText = colon < 0 ? null : hostPort.substring(colon + 1);
      checkHost(field, text, host);
    }
    int port = portText == null ? DEFAULT_PORT : port(field, text, portText);
    return new BmcAddress(user, host, port);
  }

  private static void checkUser(String field, String text, String user) {
    if (user.isEmpty()) {
      throw new InvalidValueException(
          field, text, "the user before the @ is empty; name the BMC user, " + EXAMPLE);
    }
    if (user.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_USER_BYTES) {
      throw new InvalidValueException(
          field, text, "an IPMI user name is at most " + MAX_USER_BYTES + " bytes");
    }
    for (int i = 0; i < user.length(); i++) {
      char c = user.charAt(i);
      if (c <= 0x20 || c == 0x7f || c == '/' || c == '[' || c == ']') {
        throw new InvalidValueException(
            field,
            text,
            "the user name has no spaces, control characters, / or brackets, " + EXAMPLE);
      }
    }
  }

  private static void checkHost(String field, String text, String host) {
    if (host.isEmpty()) {
      throw new InvalidValueException(field, text, "the host after the @ is empty, " + EXAMPLE);
    }
    String last = host.substring(host.lastIndexOf('.') + 1);
    boolean looksIpv4 = !last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9');
    try {
      if (looksIpv4) {
        Ipv4.parse(field, host);
      } else {
        Hostname.parse(field, host);
      }
    } catch (InvalidValueException e) {
      throw new InvalidValueException(field, text, "its host " + e.rule());
    }
  }

  private static void checkIpv6(String field, String text, String host) {
    boolean plausible =
        host.contains(":")
            && host.chars()
                .allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%');
    String rule = "the address in brackets is not an IPv6 address, like [fd00::5]";
    if (!plausible) {
      throw new InvalidValueException(field, text, rule);
    }
    try {
      // A literal with ':' is never looked up in DNS.
      if (!(InetAddress.getByName(host) instanceof Inet6Address)) {
        throw new InvalidValueException(field, text, rule);
      }
    } catch (UnknownHostException e) {
      throw new InvalidValueException(field, text, rule);
    }
  }

  private static int port(String field, String text, String portText) {
    if (portText.isEmpty()
        || portText.length() > 5
        || !portText.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(portText) < 1
        || Integer.parseInt(portText) > 65535) {
      throw new InvalidValueException(
          field, text, "the port after the host is 1-65535 (default " + DEFAULT_PORT + ")");
    }
    return Integer.parseInt(portText);
  }

  /** The user lui logs in as. */
  public String user() {
    return user;
  }

  /** The host as given: an IPv4 address, a host name, or an IPv6 address without brackets. */
  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean isIpv6() {
    return host.indexOf(':') >= 0;
  }

  /** {@code HOST:PORT}, {@code [V6]:PORT} for an IPv6 address: what messages name. */
  public String hostPort() {
    return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BmcAddress a
        && a.user.equals(user)
        && a.host.equals(host)
        && a.port == port;
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, host, port);
  }

  /** {@code ipmi://USER@HOST:PORT}: never a password, since the address has none. */
  @Override
  public String toString() {
    return SCHEME + user + "@" + hostPort();
  }
}
