package dev.lui.tftp.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tftp.FileSource;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpResource;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.engine.ReadTransfer.Ending;
import dev.lui.tftp.engine.ReadTransfer.Step;
import dev.lui.tftp.protocol.Packet;
import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.OptionAck;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import dev.lui.tftp.protocol.Packet.RequestOption;
import dev.lui.tftp.protocol.Packet.WriteRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scripted packet sequences against the engine: no sockets, a fake clock in nanoseconds. */
class ReadTransferTest {
  private static final long SEC = 1_000_000_000L;
  private static final TftpServerConfig CONFIG =
      new TftpServerConfig(new InetSocketAddress("127.0.0.1", 0), 1468, Duration.ofSeconds(2), 3);

  /** A resource that counts reads and can be told to fail, to see what the engine does with it. */
  static final class Recording implements TftpResource {
    final byte[] content;
    final List<Long> readPositions = new ArrayList<>();
    long failAt = Long.MAX_VALUE;
    boolean closed;

    Recording(byte[] content) {
      this.content = content;
    }

    @Override
    public long size() {
      return content.length;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      readPositions.add(position);
      if (position >= failAt) {
        throw new IOException("disk on fire");
      }
      return FileSources.ofBytes(content).read(position, dst);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static FileSource serving(String name, TftpResource r) {
    return p -> p.equals(name) ? Optional.of(r) : Optional.empty();
  }

  private static ReadRequest rrq(String file, String mode, String... opts) {
    List<RequestOption> o = new ArrayList<>();
    for (int i = 0; i < opts.length; i += 2) {
      o.add(new RequestOption(opts[i], opts[i + 1]));
    }
    return new ReadRequest(file, mode, o);
  }

  private static Packet only(Step s) {
    assertThat(s.send()).hasSize(1);
    return s.send().get(0);
  }

  private static Data data(Step s) {
    return (Data) only(s);
  }

  private static Ending ending(Step s) {
    assertThat(s.ending()).isPresent();
    return s.ending().get();
  }

  /** Acks every block at once and returns the payloads in order, checking the final ending. */
  private static List<Data> drain(ReadTransfer t, Data first) {
    List<Data> got = new ArrayList<>();
    Data d = first;
    while (true) {
      got.add(d);
      Step s = t.onPacket(new Ack(d.block()), 0);
      if (s.ending().isPresent()) {
        assertThat(s.send()).isEmpty();
        assertThat(s.ending().get().outcome()).isEqualTo(Outcome.COMPLETED);
        return got;
      }
      d = data(s);
    }
  }

  private static byte[] concat(List<Data> blocks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    blocks.forEach(d -> out.writeBytes(d.payload()));
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 511, 512, 513, 1024})
  void sendsFileInBlocksEndingWithShortOne(int size) {
    byte[] content = random(size);
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(content)), CONFIG);
    List<Data> blocks = drain(t, data(t.start(rrq("f", "octet"), 0)));

    assertThat(blocks).hasSize(size / 512 + 1);
    assertThat(blocks.get(blocks.size() - 1).length()).isEqualTo(size % 512);
    assertThat(blocks).extracting(Data::block).startsWith(1);
    assertThat(concat(blocks)).isEqualTo(content);
    assertThat(t.isDone()).isTrue();
  }

  @Test
  void reportsAcknowledgedBytesOnCompletion() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(513))), CONFIG);
    t.start(rrq("f", "octet"), 0);
    t.onPacket(new Ack(1), 0);
    Ending e = ending(t.onPacket(new Ack(2), 0));
    assertThat(e).isEqualTo(new Ending(Outcome.COMPLETED, "f", 513, ""));
  }

  @Test
  void rollsBlockNumberOverFrom65535ToZero() {
    int blocks = 65_537; // 1..65535, then 0, 1, and a short final block numbered 2
    byte[] content = random(8 * blocks + 3);
    ReadTransfer t = new ReadTransfer(serving("big", FileSources.ofBytes(content)), CONFIG);
    assertThat(only(t.start(rrq("big", "octet", "blksize", "8"), 0)))
        .isEqualTo(new OptionAck(List.of(new RequestOption("blksize", "8"))));
    List<Data> got = drain(t, data(t.onPacket(new Ack(0), 0)));

    assertThat(got).hasSize(blocks + 1);
    assertThat(got.get(65_534).block()).isEqualTo(65_535);
    assertThat(got.get(65_535).block()).isZero();
    assertThat(got.get(65_536).block()).isEqualTo(1);
    assertThat(got.get(65_537).block()).isEqualTo(2);
    assertThat(got.get(65_537).length()).isEqualTo(3);
    assertThat(concat(got)).isEqualTo(content);
  }

  @Test
  void awaitsFirstAckUntilBlockOneIsAcknowledged() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(2000))), CONFIG);
    assertThat(t.awaitingFirstAck()).isFalse();
    t.start(rrq("f", "octet", "blksize", "512"), 0);
    assertThat(t.awaitingFirstAck()).isTrue(); // OACK out
    t.onPacket(new Ack(0), 0);
    assertThat(t.awaitingFirstAck()).isTrue(); // DATA 1 out
    t.onPacket(new Ack(1), 0);
    assertThat(t.awaitingFirstAck()).isFalse();
  }

  @Test
  void duplicateAckNeverTriggersResend() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(2000))), CONFIG);
    t.start(rrq("f", "octet"), 0);
    assertThat(data(t.onPacket(new Ack(1), 0)).block()).isEqualTo(2);
    assertThat(t.onPacket(new Ack(1), 0).send()).isEmpty(); // duplicate
    assertThat(t.onPacket(new Ack(1), 0).send()).isEmpty();
    assertThat(t.onPacket(new Ack(7), 0).send()).isEmpty(); // from nowhere
    assertThat(data(t.onPacket(new Ack(2), 0)).block()).isEqualTo(3);
  }

  @Test
  void timeoutRetransmitsUpToCapThenGivesUp() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(700))), CONFIG);
    Data first = data(t.start(rrq("f", "octet"), 0));
    assertThat(t.deadline()).hasValue(2 * SEC);
    assertThat(t.onTick(2 * SEC - 1).send()).isEmpty();
    for (int i = 1; i <= 3; i++) {
      Step s = t.onTick(2 * SEC * i);
      assertThat(data(s)).isEqualTo(first);
      assertThat(s.ending()).isEmpty();
    }
    Step last = t.onTick(8 * SEC);
    assertThat(last.send()).isEmpty();
    assertThat(ending(last).outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(ending(last).detail()).contains("block 1").contains("3 retransmissions");
    assertThat(t.deadline()).isEmpty();
  }

  @Test
  void progressResetsTheRetryCount() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(2000))), CONFIG);
    t.start(rrq("f", "octet"), 0);
    t.onTick(2 * SEC);
    t.onTick(4 * SEC);
    t.onTick(6 * SEC); // 3 retransmissions of block 1: the cap
    Data second = data(t.onPacket(new Ack(1), 7 * SEC));
    assertThat(data(t.onTick(9 * SEC))).isEqualTo(second); // a fresh allowance for block 2
  }

  @Test
  void zeroRetriesEndsAtFirstTimeout() {
    ReadTransfer t =
        new ReadTransfer(serving("f", FileSources.ofBytes(random(10))), CONFIG.withMaxRetries(0));
    t.start(rrq("f", "octet"), 0);
    assertThat(ending(t.onTick(2 * SEC)).outcome()).isEqualTo(Outcome.TIMED_OUT);
  }

  @Test
  void retransmissionDoesNotReadTheFileAgain() {
    Recording r = new Recording(random(1500));
    ReadTransfer t = new ReadTransfer(serving("f", r), CONFIG);
    t.start(rrq("f", "octet"), 0);
    t.onPacket(new Ack(1), 0);
    List<Long> before = List.copyOf(r.readPositions);
    t.onTick(2 * SEC);
    t.onTick(4 * SEC);
    assertThat(r.readPositions).isEqualTo(before).containsExactly(0L, 512L);
  }

  @Test
  void oackCarriesOnlyRequestedAndAcceptedOptions() {
    byte[] content = random(5000);
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(content)), CONFIG);
    Packet p =
        only(
            t.start(
                rrq(
                    "f",
                    "octet",
                    "BLKSIZE",
                    "9000",
                    "TSize",
                    "0",
                    "timeout",
                    "3",
                    "windowsize",
                    "4",
                    "foo",
                    "bar"),
                0));
    assertThat(p)
        .isEqualTo(
            new OptionAck(
                List.of(
                    new RequestOption("blksize", "1468"),
                    new RequestOption("tsize", "5000"),
                    new RequestOption("timeout", "3"),
                    new RequestOption("windowsize", "4"))));
  }

  @Test
  void oackEchoesOnlyWhatWasAsked() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(10))), CONFIG);
    assertThat(only(t.start(rrq("f", "octet", "tsize", "0"), 0)))
        .isEqualTo(new OptionAck(List.of(new RequestOption("tsize", "10"))));
  }

  @Test
  void waitsForAckZeroAfterOackAndRetransmitsOackOnTimeout() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(3000))), CONFIG);
    OptionAck oack = (OptionAck) only(t.start(rrq("f", "octet", "blksize", "1024"), 0));
    assertThat(t.onPacket(new Ack(1), 0).send()).isEmpty();
    assertThat(only(t.onTick(2 * SEC))).isEqualTo(oack);
    Data first = data(t.onPacket(new Ack(0), 3 * SEC));
    assertThat(first.block()).isEqualTo(1);
    assertThat(first.length()).isEqualTo(1024);
  }

  @Test
  void negotiatedTimeoutDrivesRetransmission() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(10))), CONFIG);
    t.start(rrq("f", "octet", "timeout", "5"), 0);
    assertThat(t.onTick(4 * SEC).send()).isEmpty();
    assertThat(t.onTick(5 * SEC).send()).hasSize(1);
  }

  @Test
  void uefiSizeProbeEndsSilentlyAsAbortedByClient() {
    Recording r = new Recording(random(4096));
    ReadTransfer t = new ReadTransfer(serving("grubx64.efi", r), CONFIG);
    assertThat(only(t.start(rrq("grubx64.efi", "octet", "tsize", "0", "blksize", "1468"), 0)))
        .isEqualTo(
            new OptionAck(
                List.of(new RequestOption("tsize", "4096"), new RequestOption("blksize", "1468"))));
    Step s = t.onPacket(new ErrorPacket(8, "User aborted the transfer"), 0);
    assertThat(s.send()).isEmpty();
    assertThat(ending(s).outcome()).isEqualTo(Outcome.ABORTED_BY_CLIENT);
    assertThat(ending(s).bytes()).isZero();
    assertThat(ending(s).detail()).contains("error 8");
    assertThat(r.closed).isTrue();
    assertThat(r.readPositions).isEmpty();
  }

  @Test
  void clientErrorMidTransferReportsBytesSoFar() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(2000))), CONFIG);
    t.start(rrq("f", "octet"), 0);
    t.onPacket(new Ack(1), 0);
    Ending e = ending(t.onPacket(new ErrorPacket(0, "bye"), 0));
    assertThat(e.outcome()).isEqualTo(Outcome.ABORTED_BY_CLIENT);
    assertThat(e.bytes()).isEqualTo(512);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "7", "0", "-8", "", " 1024", "1024x", "99999999999999999999"})
  void ignoresMalformedOrTooSmallBlksize(String value) {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(600))), CONFIG);
    Data first = data(t.start(rrq("f", "octet", "blksize", value), 0));
    assertThat(first.length()).isEqualTo(512);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "256", "x", "-1"})
  void ignoresTimeoutOutsideOneTo255(String value) {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(10))), CONFIG);
    assertThat(only(t.start(rrq("f", "octet", "timeout", value), 0))).isInstanceOf(Data.class);
  }

  @Test
  void leavesTsizeOutForEmptyFileBecauseCurlRejectsZero() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(new byte[0])), CONFIG);
    assertThat(only(t.start(rrq("f", "octet", "tsize", "0", "blksize", "1468"), 0)))
        .isEqualTo(new OptionAck(List.of(new RequestOption("blksize", "1468"))));
  }

  @Test
  void ignoresMalformedTsize() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(10))), CONFIG);
    assertThat(only(t.start(rrq("f", "octet", "tsize", "-1"), 0))).isInstanceOf(Data.class);
  }

  @Test
  void lowersBlksizeAboveCapAndAcceptsBounds() {
    assertThat(
            OptionNegotiator.negotiate(
                List.of(new RequestOption("blksize", "65464")), TransferMode.OCTET, 0, 1468))
        .isEqualTo(
            new OptionNegotiator.Negotiated(
                1468, 1, Optional.empty(), List.of(new RequestOption("blksize", "1468"))));
    assertThat(
            OptionNegotiator.negotiate(
                    List.of(new RequestOption("blksize", "70000")), TransferMode.OCTET, 0, 65464)
                .blockSize())
        .isEqualTo(65464);
    assertThat(
            OptionNegotiator.negotiate(
                    List.of(new RequestOption("blksize", "8")), TransferMode.OCTET, 0, 1468)
                .blockSize())
        .isEqualTo(8);
  }

  @Test
  void firstOccurrenceOfARepeatedOptionWins() {
    assertThat(
            OptionNegotiator.negotiate(
                    List.of(
                        new RequestOption("blksize", "1024"), new RequestOption("BLKSIZE", "512")),
                    TransferMode.OCTET,
                    0,
                    1468)
                .acknowledged())
        .containsExactly(new RequestOption("blksize", "1024"));
  }

  @Test
  void convertsNetasciiLineEnds() {
    byte[] text = "a\nb\rc\r\n".getBytes(StandardCharsets.US_ASCII);
    ReadTransfer t = new ReadTransfer(serving("t", FileSources.ofBytes(text)), CONFIG);
    Data d = data(t.start(rrq("t", "NetASCII"), 0));
    assertThat(d.payload()).isEqualTo("a\r\nb\r\0c\r\0\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void netasciiPairsSpanBlockBoundaries() {
    Random random = new Random(7);
    byte[] text = new byte[3000];
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) "ab\r\n".charAt(random.nextInt(4));
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (byte b : text) {
      if (b == '\n') {
        expected.writeBytes(new byte[] {'\r', '\n'});
      } else if (b == '\r') {
        expected.writeBytes(new byte[] {'\r', 0});
      } else {
        expected.write(b);
      }
    }
    ReadTransfer t = new ReadTransfer(serving("t", FileSources.ofBytes(text)), CONFIG);
    t.start(rrq("t", "netascii", "blksize", "8"), 0);
    List<Data> got = drain(t, data(t.onPacket(new Ack(0), 0)));
    assertThat(concat(got)).isEqualTo(expected.toByteArray());
  }

  @Test
  void netasciiOmitsTsizeFromOack() {
    ReadTransfer t = new ReadTransfer(serving("t", FileSources.ofBytes(random(10))), CONFIG);
    assertThat(only(t.start(rrq("t", "netascii", "tsize", "0"), 0))).isInstanceOf(Data.class);
    ReadTransfer t2 = new ReadTransfer(serving("t", FileSources.ofBytes(random(10))), CONFIG);
    assertThat(only(t2.start(rrq("t", "netascii", "tsize", "0", "blksize", "100"), 0)))
        .isEqualTo(new OptionAck(List.of(new RequestOption("blksize", "100"))));
  }

  @Test
  void acceptsModeNamesInAnyCase() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(3))), CONFIG);
    assertThat(data(t.start(rrq("f", "OcTeT"), 0)).length()).isEqualTo(3);
  }

  @Test
  void refusesUnknownModeWithIllegalOperation() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(3))), CONFIG);
    Step s = t.start(rrq("f", "mail"), 0);
    assertThat(((ErrorPacket) only(s)).code()).isEqualTo(4);
    assertThat(ending(s).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(ending(s).detail()).contains("'mail'");
  }

  @Test
  void refusesWriteRequestWithAccessViolation() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(3))), CONFIG);
    Step s = t.start(new WriteRequest("f", "octet", List.of()), 0);
    assertThat(((ErrorPacket) only(s)).code()).isEqualTo(2);
    assertThat(ending(s).outcome()).isEqualTo(Outcome.DENIED);
  }

  @Test
  void answersMissingFileWithFileNotFound() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(3))), CONFIG);
    Step s = t.start(rrq("/other", "octet"), 0);
    assertThat(((ErrorPacket) only(s)).code()).isEqualTo(1);
    assertThat(ending(s))
        .isEqualTo(new Ending(Outcome.NOT_FOUND, "other", 0, "file not found: other"));
  }

  @Test
  void hasSourceSeeNormalisedPath() {
    ReadTransfer t =
        new ReadTransfer(serving("efi/boot.efi", FileSources.ofBytes(random(3))), CONFIG);
    assertThat(only(t.start(rrq("\\efi\\boot.efi", "octet"), 0))).isInstanceOf(Data.class);
    assertThat(t.path()).isEqualTo("efi/boot.efi");
  }

  @Test
  void refusesDotDotBeforeAskingTheSource() {
    FileSource exploding =
        p -> {
          throw new AssertionError("source must not see " + p);
        };
    ReadTransfer t = new ReadTransfer(exploding, CONFIG);
    Step s = t.start(rrq("../../etc/passwd", "octet"), 0);
    assertThat(((ErrorPacket) only(s)).code()).isEqualTo(2);
    assertThat(ending(s).outcome()).isEqualTo(Outcome.DENIED);
    assertThat(ending(s).path()).isEqualTo("../../etc/passwd");
  }

  @Test
  void mapsSourceAccessDeniedToAccessViolation() {
    FileSource denying =
        p -> {
          throw new AccessDeniedException(p, null, "link leaves the TFTP root");
        };
    Step s = new ReadTransfer(denying, CONFIG).start(rrq("escape", "octet"), 0);
    assertThat(((ErrorPacket) only(s)).code()).isEqualTo(2);
    assertThat(ending(s).outcome()).isEqualTo(Outcome.DENIED);
    assertThat(ending(s).detail()).contains("leaves the TFTP root");
  }

  @Test
  void mapsSourceFailureToUndefinedErrorWithoutLeakingDetail() {
    FileSource broken =
        p -> {
          throw new IOException("db password wrong");
        };
    Step s = new ReadTransfer(broken, CONFIG).start(rrq("x", "octet"), 0);
    ErrorPacket e = (ErrorPacket) only(s);
    assertThat(e.code()).isZero();
    assertThat(e.message()).doesNotContain("password");
    assertThat(ending(s).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(ending(s).detail()).contains("db password wrong");
  }

  @Test
  void readFailureMidTransferSendsErrorAndFails() {
    Recording r = new Recording(random(2000));
    r.failAt = 512;
    ReadTransfer t = new ReadTransfer(serving("f", r), CONFIG);
    t.start(rrq("f", "octet"), 0);
    Step s = t.onPacket(new Ack(1), 0);
    assertThat(((ErrorPacket) only(s)).code()).isZero();
    assertThat(ending(s).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(ending(s).bytes()).isEqualTo(512);
    assertThat(r.closed).isTrue();
  }

  @Test
  void closesResourceOnCompletion() {
    Recording r = new Recording(random(10));
    ReadTransfer t = new ReadTransfer(serving("f", r), CONFIG);
    t.start(rrq("f", "octet"), 0);
    t.onPacket(new Ack(1), 0);
    assertThat(r.closed).isTrue();
  }

  @Test
  void abortTellsClientAndIgnoresEverythingAfter() {
    ReadTransfer t = new ReadTransfer(serving("f", FileSources.ofBytes(random(2000))), CONFIG);
    t.start(rrq("f", "octet"), 0);
    Step s = t.abort("server shutting down");
    assertThat(((ErrorPacket) only(s)).code()).isZero();
    assertThat(ending(s).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(t.onPacket(new Ack(1), 0)).isEqualTo(new Step(List.of(), Optional.empty()));
    assertThat(t.onTick(100 * SEC).send()).isEmpty();
    assertThat(t.abort("again").ending()).isEmpty();
  }
}
