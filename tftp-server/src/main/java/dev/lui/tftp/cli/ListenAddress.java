package dev.lui.tftp.cli;

import dev.lui.contract.value.InvalidValueException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** The {@code --listen} value of {@code lui tftp}: {@code HOST:PORT} or {@code [IPV6]:PORT}. */
final class ListenAddress {
  private ListenAddress() {}

  /** {@code HOST:PORT}, {@code [V6]:PORT}. Host names are resolved once here. */
  static InetSocketAddress parse(String s) {
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw new InvalidValueException(
            "--listen", s, "[IPV6]:PORT", "--listen '" + s + "' is not [IPV6]:PORT");
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || s.indexOf(':') != colon) {
        throw new InvalidValueException(
            "--listen",
            s,
            "HOST:PORT (IPv6 as [::1]:PORT)",
            "--listen '" + s + "' is not HOST:PORT (write IPv6 as [::1]:PORT)");
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new InvalidValueException(
          "--listen port", port, "a number", "--listen port '" + port + "' is not a number");
    }
    if (p < 0 || p > 65535) {
      throw new InvalidValueException(
          "--listen port",
          String.valueOf(p),
          "in 0..65535",
          "--listen port " + p + " is not in 0..65535");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (UnknownHostException e) {
      throw new InvalidValueException(
          "--listen host",
          host,
          "a host name that resolves",
          "--listen host '" + host + "' does not resolve");
    }
  }
}
