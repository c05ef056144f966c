package dev.lui.core.settings;

import dev.lui.core.LuiException;
import dev.lui.core.config.ServerConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Refuses a server whose boot entries would send nodes to this host's loopback address (no node can
 * reach it, yet they would show "ready to install"), unless {@code --allow-loopback}. Names are not
 * looked up, except {@code localhost}: nodes resolve names with their own DNS.
 */
final class LoopbackRefusal {
  private LoopbackRefusal() {}

  static void check(ServerConfig config, boolean nextServerDerived) {
    List<String> loopback = new ArrayList<>();
    String next = config.boot().nextServer();
    if (isLoopback(next)) {
      loopback.add(
          "--next-server "
              + next
              + (nextServerDerived ? " (the default when --tftp listens on 0.0.0.0)" : ""));
    }
    if (isLoopback(config.boot().nfsServer()) && !config.boot().nfsServer().equals(next)) {
      loopback.add("--nfs-server " + config.boot().nfsServer());
    }
    String url = config.listeners().publicUrl();
    String host = URI.create(url).getHost();
    if (host != null && isLoopback(host.replaceAll("^\\[|\\]$", ""))) {
      loopback.add("--public-url " + url);
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
