package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** define-node without --ip, against a real named on loopback that the test starts. */
@Tag("slow")
class DnsResolutionTest {
  @TempDir Path dir;

  @Test
  void aNodeWithoutAnIpGetsTheAddressDnsHasForItsHostName() throws Exception {
    Path named = RealTools.require("named");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("cluster.zone"), """
        $TTL 300
        @ IN SOA ns.cluster.example.org. hostmaster.cluster.example.org. 1 3600 600 86400 300
        @ IN NS ns.cluster.example.org.
        ns IN A 10.0.0.1
        n07 IN A 10.0.0.17
        """);
    Files.writeString(dir.resolve("named.conf"), """
        options {
          directory "%s";
          pid-file "%s/named.pid";
          listen-on port %d { 127.0.0.1; };
          listen-on-v6 { none; };
          recursion no;
          dnssec-validation no;
        };
        controls { };
        zone "cluster.example.org" { type primary; file "cluster.zone"; };
        """.formatted(dir, dir, port));
    Process server = new ProcessBuilder(named.toString(), "-g", "-4", "-n", "1", "-c", dir.resolve("named.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile()).start();
    try (LiveServer lui = new LiveServer(dir.resolve("state"),
        c -> c.withDns("cluster.example.org", new InetSocketAddress("127.0.0.1", port)))) {
      LiveServer.Result r = null;
      // named needs a moment to load its zone: retry until it answers (bounded, not timed).
      for (int i = 0; i < 100; i++) {
        r = lui.lui("define-node", "n07", "--mac", "52:54:00:00:00:07", "--netmask", "255.255.255.0");
        if (r.code() == 0 || !server.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(r.code()).as(r.err() + Files.readString(dir.resolve("named.log"))).isZero();
      assertThat(lui.lui("show-node", "n07").out()).contains("10.0.0.17");
      LiveServer.Result missing = lui.lui("define-node", "n08", "--mac", "52:54:00:00:00:08", "--netmask", "255.255.255.0");
      assertThat(missing.code()).isEqualTo(2);
      assertThat(missing.err()).contains("--hostname 'n08.cluster.example.org': has no A record").contains("give --ip");
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
