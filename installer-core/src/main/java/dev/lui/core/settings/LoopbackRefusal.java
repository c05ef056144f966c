package dev.lui.core.settings;

import dev.lui.core.LuiException;
import dev.lui.core.config.ServerConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses a server whose boot entries would send nodes to this host's loopback address (no node can
 * reach it, yet they would show "ready to install"), unless {@code --allow-loopback}. Names are not
 * looked up, except {@code localhost}: nodes resolve names with their own DNS.
 */
final class LoopbackRefusal {
  private LoopbackRefusal() {}

  /**
   * @param nextServerOrigin where a next-server the admin did not give came from, for the message
   * @param publicUrlOrigin the same for the public URL (empty when {@code --public-url} gave it)
   */
  static void check(
      ServerConfig config, Optional<String> nextServerOrigin, Optional<String> publicUrlOrigin) {
    List<String> loopback = new ArrayList<>();
    String next = config.boot().nextServer();
    if (isLoopback(next)) {
      loopback.add("--next-server " + next + nextServerOrigin.map(o -> " (" + o + ")").orElse(""));
    }
    if (isLoopback(config.boot().nfsServer()) && !config.boot().nfsServer().equals(next)) {
      loopback.add("--nfs-server " + config.boot().nfsServer());
    }
    String url = config.listeners().publicUrl();
    String host = URI.create(url).getHost();
    if (host != null && isLoopback(host.replaceAll("^\\[|\\]$", ""))) {
      // Port 0 is chosen at start: the URL with ":0" would only confuse.
      String shown = url.endsWith(":0") ? "" : url + " ";
      loopback.add(
          publicUrlOrigin
              .map(o -> "the public URL " + shown + "(" + o + ")")
              .orElse("--public-url " + url));
    }
    if (!loopback.isEmpty()) {
      throw LuiException.invalid(
          "boot entries would point nodes at this host's loopback address, which no node can"
              + " reach: "
              + String.join(", ", loopback)
              + ". Give the head node's address on the install network: --next-server 10.0.0.1"
              + " (the NFS server and, with --http on 0.0.0.0, the public URL follow it), or"
              + " --public-url http://10.0.0.1:8080 for the node listener; --allow-loopback serves"
              + " loopback anyway (the demo, tests on one host)");
    }
  }

  /** 127.0.0.0/8, ::1, or localhost; an IP literal is never looked up. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
