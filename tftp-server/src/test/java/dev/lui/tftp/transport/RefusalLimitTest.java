package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpMetrics;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TftpServerConfig.RefusalLimit;
import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import dev.lui.tftp.server.TftpServer;
import dev.lui.tftp.testing.RawClient;
import dev.lui.tftp.testing.RawClient.Received;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refusal limit on the real server: a source flooding bad requests gets {@code burst} answers
 * and then silence, while other sources are served. The refill interval is an hour, so no token
 * comes back during the test and nothing depends on timing.
 */
class RefusalLimitTest {
  private static final int BURST = 5;

  @TempDir Path tmp;
  private TftpServer server;
  private InetSocketAddress at;

  @BeforeEach
  void setUp() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.write(root.resolve("small"), new byte[100]);
    server =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withRefusalLimit(new RefusalLimit(BURST, Duration.ofHours(1))),
            FileSources.directory(root),
            r -> {});
    at = server.localAddress();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  /** Everything that arrives until the socket has been quiet for a while. */
  private static int countAnswers(RawClient c) throws Exception {
    int n = 0;
    while (c.receiveWithin(300).isPresent()) {
      n++;
    }
    return n;
  }

  @Test
  void malformedFloodFromOneSourceGetsOnlyTheBurstAnswered() throws Exception {
    try (RawClient flooder = new RawClient(InetAddress.getByName("127.0.0.2"));
        RawClient other = new RawClient(InetAddress.getByName("127.0.0.1"))) {
      for (int i = 0; i < 50; i++) {
        flooder.sendRaw(new byte[] {0, 9, 1, 2, 3}, at); // unknown opcode
      }
      TftpMetrics m = AwaitMetrics.until(server, x -> x.malformedDatagrams() == 50);
      assertThat(countAnswers(flooder)).isEqualTo(BURST);
      assertThat(m.rateLimited()).isEqualTo(50 - BURST);

      other.sendRaw(new byte[] {0, 9}, at);
      Received r = other.receive();
      assertThat(r.packet()).isInstanceOf(ErrorPacket.class); // another source is still answered
    }
  }

  @Test
  void aSourceOutOfTokensHasItsRequestsDroppedWhileOthersAreServed() throws Exception {
    try (RawClient flooder = new RawClient(InetAddress.getByName("127.0.0.3"));
        RawClient good = new RawClient(InetAddress.getByName("127.0.0.1"))) {
      for (int i = 0; i < 20; i++) {
        flooder.send(new ReadRequest("missing-" + i, "octet", List.of()), at);
      }
      AwaitMetrics.until(server, x -> x.notFound() + x.rateLimited() == 20);
      assertThat(countAnswers(flooder)).isEqualTo(BURST); // ERROR 1 for the first five only
      assertThat(server.metrics().notFound()).isEqualTo(BURST);

      // Even a request for a file that exists is dropped unread now: no socket, no answer.
      flooder.send(new ReadRequest("small", "octet", List.of()), at);
      AwaitMetrics.until(server, x -> x.rateLimited() == 16);
      assertThat(flooder.receiveWithin(300)).isEmpty();

      good.send(new ReadRequest("small", "octet", List.of()), at);
      Received r = good.receive();
      assertThat(r.packet()).isInstanceOf(Data.class);
      assertThat(((Data) r.packet()).length()).isEqualTo(100);
    }
  }

  @Test
  void servedRequestsCostNoToken() throws Exception {
    try (RawClient c = new RawClient(InetAddress.getByName("127.0.0.4"))) {
      for (int i = 0; i < 3 * BURST; i++) {
        c.send(new ReadRequest("small", "octet", List.of()), at);
        Received r = c.receive();
        assertThat(r.packet()).isInstanceOf(Data.class);
        c.send(new Ack(1), r.from());
        // Wait for the ACK to land: the same request again while the first is unacknowledged
        // would be taken for a retransmission and ignored.
        int done = i + 1;
        AwaitMetrics.until(server, x -> x.completed() == done);
      }
      TftpMetrics m = AwaitMetrics.until(server, x -> x.completed() == 3 * BURST);
      assertThat(m.rateLimited()).isZero();
      Optional<Received> extra = c.receiveWithin(100);
      assertThat(extra).isEmpty();
    }
  }
}
