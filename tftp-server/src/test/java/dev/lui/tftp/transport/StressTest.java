package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpMetrics;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TftpServerConfig.Admission;
import dev.lui.tftp.TransferListener;
import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import dev.lui.tftp.protocol.Packet.RequestOption;
import dev.lui.tftp.protocol.PacketCodec;
import dev.lui.tftp.server.TftpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boot-storm behaviour: hundreds of parallel downloads, and garbage flooding in meanwhile. */
@Tag("slow")
class StressTest {
  private static final InetAddress V4 = InetAddress.getLoopbackAddress();

  @TempDir Path tmp;
  private byte[] kernel;
  private TftpServer server;

  @BeforeEach
  void setUp() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    kernel = new byte[256 * 1024 + 17];
    new Random(9).nextBytes(kernel);
    Files.write(root.resolve("vmlinuz"), kernel);
    server =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress(V4, 0))
                // All test clients share 127.0.0.1, so the per-client cap must not bite here.
                .withAdmission(new Admission(1024, 4096, Duration.ofSeconds(30), 1024)),
            FileSources.directory(root),
            TransferListener.NONE);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private byte[] fetch() throws IOException {
    TFTPClient client = new TFTPClient();
    client.setDefaultTimeout(Duration.ofSeconds(2));
    client.setMaxTimeouts(10); // a loaded 2-core box may stall a while; this is no timing test
    // Bound to its own loopback address: the flood aims at server ports it saw, and once a
    // transfer ends the kernel may hand that port number to a client socket. A wildcard-bound
    // client would then read the flood's garbage (Commons Net parses before it checks the sender).
    client.open(0, java.net.InetAddress.getByName("127.0.0.3"));
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      client.receiveFile("vmlinuz", TFTP.BINARY_MODE, out, V4, server.localAddress().getPort());
      return out.toByteArray();
    } finally {
      client.close();
    }
  }

  @Test
  void twoHundredParallelDownloadsAreAllIdentical() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(200);
    try {
      List<Future<byte[]>> got = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        got.add(pool.submit(this::fetch));
      }
      for (Future<byte[]> f : got) {
        assertThat(f.get(5, TimeUnit.MINUTES)).isEqualTo(kernel);
      }
    } finally {
      pool.shutdownNow();
    }
    TftpMetrics m = AwaitMetrics.until(server, x -> x.completed() >= 200);
    assertThat(m.completed()).isEqualTo(200);
    assertThat(m.bytesSent()).isEqualTo(200L * kernel.length);
    assertThat(m.active()).isZero();
  }

  @Test
  void floodOfGarbageWhileTransfersRunLeavesServerUpAndTransfersIntact() throws Exception {
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicLong sent = new AtomicLong();
    // From another loopback address: a flooding host is not the nodes it disturbs.
    Thread flood = new Thread(() -> flood(flooding, sent), "flood");
    flood.start();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<byte[]>> got = new ArrayList<>();
      while (sent.get() < 200) {
        Thread.sleep(5); // the flood is well under way before the first download
      }
      for (int i = 0; i < 40; i++) {
        got.add(pool.submit(this::fetch));
      }
      for (Future<byte[]> f : got) {
        assertThat(f.get(5, TimeUnit.MINUTES)).isEqualTo(kernel);
      }
    } finally {
      flooding.set(false);
      flood.join(30_000);
      pool.shutdownNow();
    }
    assertThat(sent.get()).isGreaterThan(200);
    TftpMetrics m = AwaitMetrics.until(server, x -> x.completed() >= 40);
    assertThat(m.malformedDatagrams()).isGreaterThan(0);
    assertThat(fetch()).isEqualTo(kernel); // still serving afterwards
  }

  /** Random bytes, truncated and bogus packets, to the request port and to live transfer ports. */
  private void flood(AtomicBoolean on, AtomicLong sent) {
    Random r = new Random(42);
    InetSocketAddress requests = server.localAddress();
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
      s.setSoTimeout(1);
      byte[] rx = new byte[70_000];
      List<InetSocketAddress> transferPorts = new ArrayList<>();
      while (on.get()) {
        byte[] payload = garbage(r);
        InetSocketAddress to =
            !transferPorts.isEmpty() && r.nextBoolean()
                ? transferPorts.get(r.nextInt(transferPorts.size()))
                : requests;
        s.send(new DatagramPacket(payload, payload.length, to));
        if (sent.incrementAndGet() % 8 != 0) {
          continue; // bursts of eight, then a look at what came back
        }
        // Bounded to some thousands of datagrams a second: an unbounded flood from this very box
        // only measures who gets the CPU (see docs/tftp.md, Tests).
        Thread.sleep(1);
        try {
          DatagramPacket dp = new DatagramPacket(rx, rx.length);
          s.receive(dp);
          InetSocketAddress from = (InetSocketAddress) dp.getSocketAddress();
          if (from.getPort() != requests.getPort() && transferPorts.size() < 64) {
            transferPorts.add(from); // a session of ours: aim garbage at its TID too
          }
        } catch (SocketTimeoutException e) {
          // nothing came back: fine
        }
      }
    } catch (IOException e) {
      throw new AssertionError("flood socket failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] garbage(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        { // pure noise
          byte[] b = new byte[r.nextInt(1500)];
          r.nextBytes(b);
          return b;
        }
      case 1:
        { // a valid RRQ that will never be acknowledged
          ByteBuffer b =
              PacketCodec.encode(
                  new ReadRequest(
                      "vmlinuz", "octet", List.of(new RequestOption("blksize", "1468"))));
          byte[] out = new byte[b.remaining()];
          b.get(out);
          return out;
        }
      case 2:
        { // a truncated RRQ
          return new byte[] {0, 1, 'v', 'm'};
        }
      case 3:
        { // an ACK from nowhere
          ByteBuffer b = PacketCodec.encode(new Ack(r.nextInt(65536)));
          byte[] out = new byte[b.remaining()];
          b.get(out);
          return out;
        }
      case 4:
        { // unknown opcode
          return new byte[] {0, (byte) (7 + r.nextInt(200)), 1, 2, 3};
        }
      default:
        { // an RRQ full of junk options and a bad mode
          return "\0\1vmlinuz\0NETASCII?\0blksize\0-1\0windowsize\099999999999999999999\0"
              .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
  }
}
