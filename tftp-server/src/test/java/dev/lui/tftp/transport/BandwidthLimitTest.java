package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpMetrics;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TftpServerConfig.Admission;
import dev.lui.tftp.server.TftpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bandwidth limit on the real server: transfers under it complete intact, and the server pauses
 * to keep to it (the rate itself is pinned by {@code ByteBudgetTest} on a scripted clock).
 */
class BandwidthLimitTest {
  @TempDir Path tmp;

  @Test
  void transfersUnderTheLimitCompleteIntactAndTheServerPausesToKeepIt() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    byte[] content = new byte[600_000];
    new Random(3).nextBytes(content);
    Files.write(root.resolve("f"), content);
    // 2 MiB/s banks 200 KiB: two 600 kB downloads must wait for the budget several times.
    Admission limited = Admission.DEFAULTS.withMaxBytesPerSecond(2L << 20);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (TftpServer server =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withAdmission(limited),
            FileSources.directory(root),
            r -> {})) {
      int port = server.localAddress().getPort();
      List<Future<byte[]>> downloads = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        downloads.add(pool.submit(() -> fetch(port)));
      }
      for (Future<byte[]> f : downloads) {
        assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo(content); // a bound against hangs
      }
      // The clients are done once they sent their last ACK; the server may still be in a pause.
      TftpMetrics m = server.metrics();
      for (int i = 0; i < 1000 && m.completed() < 2; i++) { // a bound against hangs
        Thread.sleep(10);
        m = server.metrics();
      }
      assertThat(m.completed()).isEqualTo(2);
      assertThat(m.bandwidthPauses()).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] fetch(int port) throws Exception {
    TFTPClient client = new TFTPClient();
    client.setDefaultTimeout(Duration.ofSeconds(10));
    client.open();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      client.receiveFile("f", TFTP.BINARY_MODE, out, InetAddress.getLoopbackAddress(), port);
      return out.toByteArray();
    } finally {
      client.close();
    }
  }
}
