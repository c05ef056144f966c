package dev.lui.tests;

import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real named on 127.0.0.1 and a free port, serving the given zones, for the DNS tests. */
final class Named implements AutoCloseable {
  /** A zone's SOA and NS lines, for zone texts. */
  static final String SOA =
      "$TTL 300\n@ IN SOA ns.cluster.example.org. hostmaster.cluster.example.org. 1 3600 600 86400 300\n@ IN NS ns.cluster.example.org.\n";

  final Path dir;
  final int port;
  private final Process process;

  /**
   * @param zones zone name -> zone file text
   * @param zoneOptions added inside every zone statement (e.g. an allow-update clause)
   * @param prelude added before the options (e.g. an include of a key file)
   */
  Named(Path dir, Map<String, String> zones, String zoneOptions, String prelude)
      throws IOException {
    this.dir = dir;
    Path named = RealTools.program("named");
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    StringBuilder conf =
        new StringBuilder(prelude)
            .append(
                """
        options {
          directory "%s";
          pid-file "%s/named.pid";
          listen-on port %d { 127.0.0.1; };
          listen-on-v6 { none; };
          recursion no;
          dnssec-validation no;
        };
        controls { };
        """
                    .formatted(dir, dir, port));
    int i = 0;
    for (Map.Entry<String, String> zone : zones.entrySet()) {
      String file = "zone" + (i++) + ".db";
      Files.writeString(dir.resolve(file), zone.getValue());
      conf.append("zone \"")
          .append(zone.getKey())
          .append("\" { type primary; file \"")
          .append(file)
          .append("\"; ")
          .append(zoneOptions)
          .append(" };\n");
    }
    Files.writeString(dir.resolve("named.conf"), conf);
    process =
        new ProcessBuilder(
                named.toString(), "-g", "-4", "-n", "1", "-c", dir.resolve("named.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("named.log").toFile())
            .start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.readString(dir.resolve("named.log"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
