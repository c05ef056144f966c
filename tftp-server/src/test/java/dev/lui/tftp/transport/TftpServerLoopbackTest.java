package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.testkit.RealTools;
import dev.lui.tftp.FileSource;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferRecord;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.OptionAck;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import dev.lui.tftp.protocol.Packet.RequestOption;
import dev.lui.tftp.server.TftpServer;
import dev.lui.tftp.testing.RawClient;
import dev.lui.tftp.testing.RawClient.Received;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on 127.0.0.1 / ::1, driven by Commons Net's client and by scripted peers. */
class TftpServerLoopbackTest {
  private static final InetAddress V4 = InetAddress.getLoopbackAddress();

  @TempDir Path tmp;
  private Path root;
  private final BlockingQueue<TransferRecord> records = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private byte[] kernel;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    kernel = new byte[300_000];
    new Random(3).nextBytes(kernel);
    Files.write(root.resolve("vmlinuz"), kernel);
    Files.writeString(root.resolve("motd.txt"), "line one\nline two\n\nend\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void saysItIsRunningUntilClosed() throws IOException {
    TftpServer s =
        start(TftpServerConfig.defaults(new InetSocketAddress(V4, 0)), FileSources.directory(root));
    assertThat(s.running()).as("running after start").isTrue();
    s.close();
    assertThat(s.running()).as("running after close").isFalse();
  }

  private TftpServer start(TftpServerConfig config, FileSource source) throws IOException {
    TftpServer s = TftpServer.start(config, source, records::add);
    toClose.add(s);
    return s;
  }

  private TftpServer start() throws IOException {
    return start(
        TftpServerConfig.defaults(new InetSocketAddress(V4, 0)), FileSources.directory(root));
  }

  private RawClient raw(InetAddress a) throws IOException {
    RawClient c = new RawClient(a);
    toClose.add(c);
    return c;
  }

  private TransferRecord nextRecord() throws InterruptedException {
    TransferRecord r = records.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("a transfer record within 10 s").isNotNull();
    return r;
  }

  private static byte[] fetch(TftpServer server, String name, int mode) throws IOException {
    TFTPClient client = new TFTPClient();
    client.setDefaultTimeout(Duration.ofSeconds(2));
    client.open();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      client.receiveFile(
          name, mode, out, server.localAddress().getAddress(), server.localAddress().getPort());
      return out.toByteArray();
    } finally {
      client.close();
    }
  }

  @Test
  void reportsBoundPortWhenZeroWasAsked() throws IOException {
    assertThat(start().localAddress().getPort()).isPositive();
  }

  @Test
  void servesBinaryFileToCommonsNetClient() throws Exception {
    TftpServer server = start();
    assertThat(fetch(server, "vmlinuz", TFTP.BINARY_MODE)).isEqualTo(kernel);
    TransferRecord r = nextRecord();
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.path()).isEqualTo("vmlinuz");
    assertThat(r.bytes()).isEqualTo(kernel.length);
    assertThat(r.client().getAddress()).isEqualTo(V4);
  }

  @Test
  void servesNetasciiThatCommonsNetTurnsBackIntoTheSameText() throws Exception {
    String nl = System.lineSeparator();
    byte[] got = fetch(start(), "/motd.txt", TFTP.ASCII_MODE);
    assertThat(new String(got, StandardCharsets.US_ASCII))
        .isEqualTo("line one\nline two\n\nend\n".replace("\n", nl));
  }

  @Test
  void servesGeneratedEntriesBeforeTheDirectory() throws Exception {
    Files.createDirectories(root.resolve("pxelinux.cfg"));
    Files.writeString(root.resolve("pxelinux.cfg/default"), "DEFAULT local\n");
    byte[] entry = "DEFAULT install\n".getBytes(StandardCharsets.US_ASCII);
    FileSource dynamic =
        p ->
            p.equals("pxelinux.cfg/01-52-54-00-00-00-01")
                ? Optional.of(FileSources.ofBytes(entry))
                : Optional.empty();
    TftpServer server =
        start(
            TftpServerConfig.defaults(new InetSocketAddress(V4, 0)),
            FileSources.firstOf(dynamic, FileSources.directory(root)));
    assertThat(fetch(server, "pxelinux.cfg/01-52-54-00-00-00-01", TFTP.BINARY_MODE))
        .isEqualTo(entry);
    assertThat(fetch(server, "pxelinux.cfg/default", TFTP.BINARY_MODE))
        .isEqualTo("DEFAULT local\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void answersMissingFileWithErrorOneAndRecordsIt() throws Exception {
    TftpServer server = start();
    assertThatThrownBy(() -> fetch(server, "nope", TFTP.BINARY_MODE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("code 1");
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void refusesWritesWithErrorTwo() throws Exception {
    TftpServer server = start();
    TFTPClient client = new TFTPClient();
    client.setDefaultTimeout(Duration.ofSeconds(2));
    client.open();
    try {
      assertThatThrownBy(
              () ->
                  client.sendFile(
                      "upload",
                      TFTP.BINARY_MODE,
                      new ByteArrayInputStream(new byte[10]),
                      V4,
                      server.localAddress().getPort()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("code 2");
    } finally {
      client.close();
    }
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.DENIED);
    assertThat(Files.exists(root.resolve("upload"))).isFalse();
  }

  @Test
  void refusesEscapesOverTheWire() throws Exception {
    Files.writeString(tmp.resolve("outside"), "secret");
    Files.createSymbolicLink(root.resolve("link"), tmp.resolve("outside"));
    TftpServer server = start();
    RawClient c = raw(V4);
    for (String name : List.of("../outside", "link", "sub\\..\\..\\outside")) {
      c.send(new ReadRequest(name, "octet", List.of()), server.localAddress());
      assertThat(((ErrorPacket) c.receive().packet()).code()).isEqualTo(2);
      assertThat(nextRecord().outcome()).isEqualTo(Outcome.DENIED);
    }
  }

  @Test
  void answersWrongTidWithErrorFiveAndCarriesOn() throws Exception {
    TftpServer server = start();
    RawClient client = raw(V4);
    RawClient intruder = raw(V4);
    client.send(new ReadRequest("vmlinuz", "octet", List.of()), server.localAddress());
    Received first = client.receive();
    assertThat(first.packet()).isInstanceOf(Data.class);
    InetSocketAddress tid = first.from();
    assertThat(tid.getPort()).isNotEqualTo(server.localAddress().getPort());

    intruder.send(new Ack(1), tid);
    Received rejected = intruder.receive();
    assertThat(((ErrorPacket) rejected.packet()).code()).isEqualTo(5);
    assertThat(rejected.from()).isEqualTo(tid);

    client.send(new Ack(1), tid);
    Received second = client.receive();
    assertThat(((Data) second.packet()).block()).isEqualTo(2);
    assertThat(second.from()).isEqualTo(tid);
  }

  @Test
  void repeatedRequestBeforeFirstAckDoesNotStartASecondTransfer() throws Exception {
    TftpServer server = start();
    RawClient c = raw(V4);
    ReadRequest rrq = new ReadRequest("motd.txt", "octet", List.of());
    c.send(rrq, server.localAddress());
    Received first = c.receive();
    c.send(rrq, server.localAddress()); // as if DATA 1 were slow
    assertThat(c.receiveWithin(300)).isEmpty(); // no DATA 1 from a second transfer
    c.send(new Ack(1), first.from());
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(records.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void repeatedRequestHandledAfterTheFirstAckDoesNotStartASecondTransfer() throws Exception {
    // A boot storm: the client's retransmitted request waited in the request socket's queue
    // until after the client had acknowledged the first transfer's OACK.
    TftpServer server = start();
    RawClient c = raw(V4);
    ReadRequest rrq =
        new ReadRequest("vmlinuz", "octet", List.of(new RequestOption("blksize", "512")));
    c.send(rrq, server.localAddress());
    Received oack = c.receive();
    assertThat(oack.packet()).isInstanceOf(OptionAck.class);
    c.send(new Ack(0), oack.from());
    Received data1 = c.receive();
    assertThat(((Data) data1.packet()).block()).isEqualTo(1);
    c.send(rrq, server.localAddress()); // the late duplicate
    assertThat(c.receiveWithin(300)).isEmpty(); // no OACK from a second transfer
    c.send(new Ack(1), oack.from());
    Received data2 = c.receive();
    assertThat(((Data) data2.packet()).block()).isEqualTo(2);
    assertThat(data2.from()).isEqualTo(oack.from());
    assertThat(server.metrics().active()).isEqualTo(1);
  }

  @Test
  void eachTransferGetsItsOwnPort() throws Exception {
    TftpServer server = start();
    RawClient a = raw(V4);
    RawClient b = raw(V4);
    a.send(new ReadRequest("vmlinuz", "octet", List.of()), server.localAddress());
    b.send(new ReadRequest("vmlinuz", "octet", List.of()), server.localAddress());
    assertThat(a.receive().from()).isNotEqualTo(b.receive().from());
  }

  @Test
  void survivesMalformedDatagramsAndKeepsServing() throws Exception {
    TftpServer server = start();
    RawClient c = raw(V4);
    c.sendRaw(new byte[] {0, 1, 'x'}, server.localAddress());
    assertThat(((ErrorPacket) c.receive().packet()).code()).isEqualTo(4);
    c.sendRaw(new byte[] {9}, server.localAddress());
    assertThat(((ErrorPacket) c.receive().packet()).code()).isEqualTo(4);
    c.sendRaw(new byte[70_000 / 2], server.localAddress());
    assertThat(((ErrorPacket) c.receive().packet()).code()).isEqualTo(4);
    c.send(new ErrorPacket(0, "stray"), server.localAddress());
    assertThat(c.receiveWithin(200)).isEmpty(); // never answer an error with an error
    assertThat(fetch(server, "vmlinuz", TFTP.BINARY_MODE)).isEqualTo(kernel);
  }

  @Test
  void negotiatesBigBlocksOverTheWire() throws Exception {
    TftpServer server =
        start(
            TftpServerConfig.defaults(new InetSocketAddress(V4, 0)).withMaxBlockSize(65464),
            FileSources.directory(root));
    RawClient c = raw(V4);
    c.send(
        new ReadRequest(
            "vmlinuz",
            "octet",
            List.of(new RequestOption("blksize", "65464"), new RequestOption("tsize", "0"))),
        server.localAddress());
    Received oack = c.receive();
    assertThat(oack.packet())
        .isEqualTo(
            new OptionAck(
                List.of(
                    new RequestOption("blksize", "65464"),
                    new RequestOption("tsize", Integer.toString(kernel.length)))));
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    c.send(new Ack(0), oack.from());
    while (true) {
      Data d = (Data) c.receive().packet();
      got.writeBytes(d.payload());
      c.send(new Ack(d.block()), oack.from());
      if (d.length() < 65464) {
        break;
      }
    }
    assertThat(got.toByteArray()).isEqualTo(kernel);
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void uefiProbeIsRecordedAsAbortedByClient() throws Exception {
    TftpServer server = start();
    RawClient c = raw(V4);
    c.send(
        new ReadRequest(
            "vmlinuz",
            "octet",
            List.of(new RequestOption("tsize", "0"), new RequestOption("blksize", "1468"))),
        server.localAddress());
    Received oack = c.receive();
    assertThat(oack.packet()).isInstanceOf(OptionAck.class);
    c.send(new ErrorPacket(8, "User aborted the transfer"), oack.from());
    TransferRecord r = nextRecord();
    assertThat(r.outcome()).isEqualTo(Outcome.ABORTED_BY_CLIENT);
    assertThat(r.bytes()).isZero();
    assertThat(c.receiveWithin(200)).isEmpty();
  }

  @Test
  void retransmitsOnTimeoutThenRecordsTimedOut() throws Exception {
    TftpServer server =
        start(
            new TftpServerConfig(new InetSocketAddress(V4, 0), 1468, Duration.ofMillis(50), 2),
            FileSources.directory(root));
    RawClient c = raw(V4);
    c.send(new ReadRequest("vmlinuz", "octet", List.of()), server.localAddress());
    Received first = c.receive();
    assertThat(c.receive()).isEqualTo(first); // same block, same TID
    assertThat(c.receive()).isEqualTo(first);
    TransferRecord r = nextRecord();
    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(c.receiveWithin(300)).isEmpty();
  }

  @Test
  void closeEndsRunningTransfersAndTellsClients() throws Exception {
    TftpServer server = start();
    RawClient c = raw(V4);
    c.send(new ReadRequest("vmlinuz", "octet", List.of()), server.localAddress());
    assertThat(c.receive().packet()).isInstanceOf(Data.class);
    server.close();
    assertThat(((ErrorPacket) c.receive().packet()).code()).isZero();
    TransferRecord r = nextRecord();
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.detail()).contains("shutting down");
    server.close(); // idempotent
  }

  @Test
  void servesManyClientsAtOnce() throws Exception {
    TftpServer server = start();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> fetch(server, "vmlinuz", TFTP.BINARY_MODE)));
      }
      for (Future<byte[]> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(kernel);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < 16; i++) {
      assertThat(nextRecord().outcome()).isEqualTo(Outcome.COMPLETED);
    }
  }

  @Test
  void listenerThatThrowsDoesNotStopTheServer() throws Exception {
    TftpServer server =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress(V4, 0)),
            FileSources.directory(root),
            r -> {
              throw new IllegalStateException("listener bug");
            });
    toClose.add(server);
    assertThat(fetch(server, "motd.txt", TFTP.BINARY_MODE)).hasSize(23);
    assertThat(fetch(server, "motd.txt", TFTP.BINARY_MODE)).hasSize(23);
  }

  @Test
  void servesOverIpv6Loopback() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    RealTools.capability(ipv6LoopbackWorks((Inet6Address) v6), "IPv6 loopback ::1");
    TftpServer server =
        start(TftpServerConfig.defaults(new InetSocketAddress(v6, 0)), FileSources.directory(root));
    assertThat(server.localAddress().getAddress()).isEqualTo(v6);
    assertThat(fetch(server, "vmlinuz", TFTP.BINARY_MODE)).isEqualTo(kernel);
    assertThat(nextRecord().client().getAddress()).isEqualTo(v6);
  }

  private static boolean ipv6LoopbackWorks(Inet6Address v6) {
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
      return probe.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
