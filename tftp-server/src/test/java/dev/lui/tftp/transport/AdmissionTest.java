package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpMetrics;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TftpServerConfig.Admission;
import dev.lui.tftp.TransferRecord;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.protocol.ErrorCode;
import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.OptionAck;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import dev.lui.tftp.protocol.Packet.RequestOption;
import dev.lui.tftp.server.TftpServer;
import dev.lui.tftp.testing.RawClient;
import dev.lui.tftp.testing.RawClient.Received;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admission control, the per-client cap, metrics and recorded options, with scripted peers. */
class AdmissionTest {
  private static final InetAddress V4 = InetAddress.getLoopbackAddress();

  /** Never-acknowledged transfers are not reclaimed within a test that uses this grace. */
  private static final Duration PATIENT = Duration.ofMinutes(10);

  @TempDir Path tmp;
  private Path root;
  private final BlockingQueue<TransferRecord> records = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    Files.write(root.resolve("small"), new byte[100]);
    byte[] big = new byte[100_000];
    new Random(5).nextBytes(big);
    Files.write(root.resolve("big"), big);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  /** Long timeout: unacknowledged sessions stay put for the whole test. */
  private TftpServer start(Admission admission) throws IOException {
    TftpServer s =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress(V4, 0))
                .withTimeout(Duration.ofSeconds(30))
                .withAdmission(admission),
            FileSources.directory(root),
            records::add);
    toClose.add(s);
    return s;
  }

  private RawClient raw(String address) throws IOException {
    RawClient c = new RawClient(InetAddress.getByName(address));
    toClose.add(c);
    return c;
  }

  private static ReadRequest rrq(String name, String... opts) {
    List<RequestOption> o = new ArrayList<>();
    for (int i = 0; i < opts.length; i += 2) {
      o.add(new RequestOption(opts[i], opts[i + 1]));
    }
    return new ReadRequest(name, "octet", o);
  }

  private TransferRecord nextRecord() throws InterruptedException {
    TransferRecord r = records.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("a transfer record within 10 s").isNotNull();
    return r;
  }

  @Test
  void requestPastTheLimitWaitsAndStartsWhenASlotFrees() throws Exception {
    TftpServer server =
        start(new Admission(1, 10, Duration.ofSeconds(60), 16).withStallGrace(PATIENT));
    RawClient a = raw("127.0.0.1");
    RawClient b = raw("127.0.0.1");
    a.send(rrq("small"), server.localAddress());
    Received first = a.receive();
    assertThat(first.packet()).isInstanceOf(Data.class);
    b.send(rrq("small"), server.localAddress());
    AwaitMetrics.until(server, m -> m.queued() == 1);
    assertThat(b.receiveWithin(200)).isEmpty(); // queued, not refused
    a.send(new Ack(1), first.from());
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.COMPLETED);
    Received second = b.receive();
    assertThat(((Data) second.packet()).block()).isEqualTo(1);
    b.send(new Ack(1), second.from());
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(server.metrics().peakActive()).isEqualTo(1);
  }

  @Test
  void requestIsRefusedAsBusyWhenTheQueueIsFull() throws Exception {
    TftpServer server =
        start(new Admission(1, 0, Duration.ofSeconds(60), 16).withStallGrace(PATIENT));
    RawClient a = raw("127.0.0.1");
    RawClient b = raw("127.0.0.1");
    a.send(rrq("small"), server.localAddress());
    assertThat(a.receive().packet()).isInstanceOf(Data.class);
    b.send(rrq("small"), server.localAddress());
    ErrorPacket err = (ErrorPacket) b.receive().packet();
    assertThat(err.code()).isEqualTo(ErrorCode.NOT_DEFINED.code());
    assertThat(err.message()).isEqualTo("server busy");
    TransferRecord r = nextRecord();
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.detail()).contains("server busy");
    assertThat(server.metrics().refusedBusy()).isEqualTo(1);
  }

  @Test
  void queuedRequestIsRefusedOnceItsWaitRunsOut() throws Exception {
    TftpServer server =
        start(new Admission(1, 5, Duration.ofMillis(100), 16).withStallGrace(PATIENT));
    RawClient a = raw("127.0.0.1");
    RawClient b = raw("127.0.0.1");
    a.send(rrq("small"), server.localAddress());
    assertThat(a.receive().packet()).isInstanceOf(Data.class);
    b.send(rrq("small"), server.localAddress());
    ErrorPacket err = (ErrorPacket) b.receive().packet();
    assertThat(err.message()).isEqualTo("server busy");
    assertThat(nextRecord().detail()).contains("waited");
  }

  @Test
  void perClientCapDropsTheOldestNeverAcknowledgedSession() throws Exception {
    TftpServer server = start(new Admission(100, 10, Duration.ofSeconds(5), 2));
    RawClient c1 = raw("127.0.0.1");
    RawClient c2 = raw("127.0.0.1");
    RawClient c3 = raw("127.0.0.1");
    c1.send(rrq("big"), server.localAddress());
    c1.receive();
    c2.send(rrq("big"), server.localAddress());
    c2.receive();
    c3.send(rrq("small"), server.localAddress());
    TransferRecord dropped = nextRecord();
    assertThat(dropped.client()).isEqualTo(c1Address(c1));
    assertThat(dropped.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(dropped.detail()).contains("never acknowledged");
    Received got = c3.receive();
    assertThat(got.packet()).isInstanceOf(Data.class);
    assertThat(c1.receiveWithin(200)).isEmpty(); // dropped silently: no ERROR to the loader
    assertThat(server.metrics().droppedUnacknowledged()).isEqualTo(1);
  }

  @Test
  void perClientCapRefusesWhenEverySessionMakesProgressButSparesOtherClients() throws Exception {
    TftpServer server = start(new Admission(100, 10, Duration.ofSeconds(5), 1));
    RawClient c1 = raw("127.0.0.1");
    c1.send(rrq("big"), server.localAddress());
    Received d1 = c1.receive();
    c1.send(new Ack(1), d1.from());
    assertThat(((Data) c1.receive().packet()).block()).isEqualTo(2);
    RawClient again = raw("127.0.0.1");
    again.send(rrq("small"), server.localAddress());
    ErrorPacket err = (ErrorPacket) again.receive().packet();
    assertThat(err.message()).contains("too many transfers");
    TransferRecord r = nextRecord();
    assertThat(r.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(r.detail()).contains("per-client cap of 1");
    RawClient other = raw("127.0.0.2"); // another node is not affected
    other.send(rrq("small"), server.localAddress());
    assertThat(other.receive().packet()).isInstanceOf(Data.class);
  }

  @Test
  void metricsCountOutcomesBytesAndRecordsCarryNegotiatedOptions() throws Exception {
    TftpServer server = start(Admission.DEFAULTS);
    RawClient c = raw("127.0.0.1");
    c.send(rrq("small", "blksize", "1024", "windowsize", "4", "bogus", "1"), server.localAddress());
    Received oack = c.receive();
    assertThat(oack.packet()).isInstanceOf(OptionAck.class);
    c.send(new Ack(0), oack.from());
    Received d = c.receive();
    c.send(new Ack(1), d.from());
    TransferRecord r = nextRecord();
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.options())
        .containsExactly(Map.entry("blksize", "1024"), Map.entry("windowsize", "4"));
    c.send(rrq("missing"), server.localAddress());
    c.receive();
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.NOT_FOUND);
    TftpMetrics m = AwaitMetrics.until(server, x -> x.notFound() == 1);
    assertThat(m.requests()).isEqualTo(2);
    assertThat(m.completed()).isEqualTo(1);
    assertThat(m.bytesSent()).isEqualTo(100);
    assertThat(m.active()).isZero();
  }

  @Test
  void neverAcknowledgedTransferLosesItsSlotToAWaitingRequestWhenFull() throws Exception {
    // Grace 0: reclaimable as soon as a request needs the slot, so nothing depends on timing.
    TftpServer server =
        start(new Admission(1, 10, Duration.ofSeconds(60), 16).withStallGrace(Duration.ZERO));
    RawClient loader = raw("127.0.0.2");
    loader.send(rrq("big"), server.localAddress());
    assertThat(loader.receive().packet()).isInstanceOf(Data.class); // and never acknowledged
    RawClient node = raw("127.0.0.1");
    node.send(rrq("small"), server.localAddress());
    Received got = node.receive();
    assertThat(((Data) got.packet()).block()).isEqualTo(1);
    TransferRecord dropped = nextRecord();
    assertThat(dropped.client()).isEqualTo(loader.localAddress());
    assertThat(dropped.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(dropped.detail()).contains("never acknowledged", "slot reclaimed");
    node.send(new Ack(1), got.from());
    TransferRecord served = nextRecord();
    assertThat(served.client()).isEqualTo(node.localAddress());
    assertThat(served.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(loader.receiveWithin(200)).isEmpty(); // dropped silently: no ERROR to the loader
    TftpMetrics m = server.metrics();
    assertThat(m.reclaimedStalled()).isEqualTo(1);
    assertThat(m.refusedBusy()).isZero();
  }

  @Test
  void acknowledgedTransferKeepsItsSlotWhileARequestWaits() throws Exception {
    TftpServer server =
        start(new Admission(1, 10, Duration.ofSeconds(60), 16).withStallGrace(Duration.ZERO));
    Files.write(root.resolve("two-blocks"), new byte[600]);
    RawClient live = raw("127.0.0.2");
    live.send(rrq("two-blocks"), server.localAddress());
    Received d1 = live.receive();
    live.send(new Ack(1), d1.from());
    Received d2 = live.receive(); // the client has answered: a live transfer
    assertThat(((Data) d2.packet()).block()).isEqualTo(2);
    RawClient waiting = raw("127.0.0.1");
    waiting.send(rrq("small"), server.localAddress());
    AwaitMetrics.until(server, m -> m.queued() == 1);
    assertThat(waiting.receiveWithin(200)).isEmpty(); // it waits; the live one is not evicted
    live.send(new Ack(2), d2.from());
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(waiting.receive().packet()).isInstanceOf(Data.class);
    assertThat(server.metrics().reclaimedStalled()).isZero();
  }

  @Test
  void stalledTransfersKeepRunningTheirTimeoutsWhenNoRequestWaits() throws Exception {
    TftpServer server =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress(V4, 0))
                .withTimeout(Duration.ofMillis(50))
                .withMaxRetries(2)
                .withAdmission(
                    new Admission(4, 10, Duration.ofSeconds(60), 16).withStallGrace(Duration.ZERO)),
            FileSources.directory(root),
            records::add);
    toClose.add(server);
    RawClient loader = raw("127.0.0.2");
    loader.send(rrq("big"), server.localAddress());
    // Grace 0, but a slot is free for everyone: the first DATA is sent and resent twice, RFC 1350.
    List<Integer> blocks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      blocks.add(((Data) loader.receive().packet()).block());
    }
    assertThat(blocks).containsExactly(1, 1, 1);
    TransferRecord r = nextRecord();
    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(r.detail()).contains("after 2 retransmissions");
    assertThat(server.metrics().reclaimedStalled()).isZero();
  }

  private static InetSocketAddress c1Address(RawClient c) {
    return c.localAddress();
  }
}
