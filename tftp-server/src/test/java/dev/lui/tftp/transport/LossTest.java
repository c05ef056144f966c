package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.server.TftpServer;
import dev.lui.tftp.testing.LossyRelay;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loss, duplication and reordering (10% / 5% / 10% each way) between real clients and the server:
 * every transfer still completes intact. {@code tc netem} would be the natural tool, but this
 * kernel has no netem qdisc, so a relay in the test makes the faults (seeded, both directions). The
 * server's retransmission timeout is short so that each loss costs little.
 */
@Tag("slow")
class LossTest {
  @TempDir Path tmp;
  private Path root;
  private TftpServer server;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("root"));
    Random random = new Random(11);
    for (int size : new int[] {0, 511, 512, 513, 60_001}) {
      byte[] b = new byte[size];
      random.nextBytes(b);
      Files.write(root.resolve("f" + size), b);
    }
    server =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withTimeout(Duration.ofMillis(200))
                .withMaxRetries(40),
            FileSources.directory(root),
            r -> {});
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 511, 512, 513, 60_001})
  void commonsNetLockStepSurvivesLossDuplicatesAndReordering(int size) throws Exception {
    try (LossyRelay relay = new LossyRelay(server.localAddress(), 0.10, 0.05, 0.10, size)) {
      TFTPClient client = new TFTPClient();
      client.setDefaultTimeout(Duration.ofMillis(300));
      client.setMaxTimeouts(40);
      client.open();
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.receiveFile(
            "f" + size,
            TFTP.BINARY_MODE,
            out,
            relay.address().getAddress(),
            relay.address().getPort());
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(root.resolve("f" + size)));
      } finally {
        client.close();
      }
    }
  }

  @Test
  void atftpWithWindowsize8SurvivesLossDuplicatesAndReordering() throws Exception {
    Path atftp = RealTools.program("atftp");
    Path local = tmp.resolve("atftp.out");
    try (LossyRelay relay = new LossyRelay(server.localAddress(), 0.10, 0.05, 0.10, 7)) {
      Process p =
          new ProcessBuilder(
                  List.of(
                      atftp.toString(),
                      "--option",
                      "blksize 1468",
                      "--option",
                      "windowsize 8",
                      "-g",
                      "-r",
                      "f60001",
                      "-l",
                      local.toString(),
                      "127.0.0.1",
                      Integer.toString(relay.address().getPort())))
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("atftp.log").toFile())
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) { // a hang bound, not a timing assertion
        p.destroyForcibly();
        throw new AssertionError("atftp hung: " + Files.readString(tmp.resolve("atftp.log")));
      }
      assertThat(p.exitValue()).as(Files.readString(tmp.resolve("atftp.log"))).isZero();
      assertThat(Files.readAllBytes(local)).isEqualTo(Files.readAllBytes(root.resolve("f60001")));
      assertThat(relay.dropped.get()).isPositive(); // the faults really happened
    }
  }
}
