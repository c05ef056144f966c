package dev.lui.tftp.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tftp.FileSource;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.engine.ReadTransfer.Step;
import dev.lui.tftp.protocol.Packet;
import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.OptionAck;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import dev.lui.tftp.protocol.Packet.RequestOption;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7440 windowsize against the engine, from scripted packets and a fake clock. */
class WindowedTransferTest {
  private static final long SEC = 1_000_000_000L;
  private static final TftpServerConfig CONFIG =
      new TftpServerConfig(new InetSocketAddress("127.0.0.1", 0), 1468, Duration.ofSeconds(2), 3);

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static FileSource serving(byte[] content) {
    return p -> p.equals("f") ? Optional.of(FileSources.ofBytes(content)) : Optional.empty();
  }

  private static ReadRequest rrq(String... opts) {
    List<RequestOption> o = new java.util.ArrayList<>();
    for (int i = 0; i < opts.length; i += 2) {
      o.add(new RequestOption(opts[i], opts[i + 1]));
    }
    return new ReadRequest("f", "octet", o);
  }

  private static List<Integer> blocks(Step s) {
    return s.send().stream().map(p -> ((Data) p).block()).toList();
  }

  /** Starts a windowed transfer at blksize 512 and acknowledges the OACK. */
  private static Step startWindowed(ReadTransfer t, int window) {
    Step oack = t.start(rrq("blksize", "512", "windowsize", Integer.toString(window)), 0);
    assertThat(oack.send())
        .containsExactly(
            new OptionAck(
                List.of(
                    new RequestOption("blksize", "512"),
                    new RequestOption("windowsize", Integer.toString(window)))));
    return t.onPacket(new Ack(0), 0);
  }

  @Test
  void sendsAWholeWindowAfterAckZeroAndTheNextOnTheLastAck() {
    ReadTransfer t = new ReadTransfer(serving(random(512 * 10)), CONFIG);
    assertThat(blocks(startWindowed(t, 4))).containsExactly(1, 2, 3, 4);
    assertThat(blocks(t.onPacket(new Ack(4), 0))).containsExactly(5, 6, 7, 8);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 511, 512, 513, 512 * 8, 512 * 8 + 1, 100_000})
  void deliversTheFileIntactWhenEveryWindowIsAcked(int size) {
    byte[] content = random(size);
    ReadTransfer t = new ReadTransfer(serving(content), CONFIG);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    Step s = startWindowed(t, 8);
    while (s.ending().isEmpty()) {
      assertThat(s.send()).isNotEmpty();
      for (Packet p : s.send()) {
        got.writeBytes(((Data) p).payload());
      }
      Data last = (Data) s.send().get(s.send().size() - 1);
      s = t.onPacket(new Ack(last.block()), 0);
    }
    assertThat(s.ending().get().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(s.ending().get().bytes()).isEqualTo(size);
    assertThat(got.toByteArray()).isEqualTo(content);
  }

  @Test
  void windowStopsAtTheFinalShortBlock() {
    ReadTransfer t = new ReadTransfer(serving(random(512 * 2 + 5)), CONFIG);
    assertThat(blocks(startWindowed(t, 8))).containsExactly(1, 2, 3);
    assertThat(t.onPacket(new Ack(3), 0).ending().get().outcome()).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void ackInsideTheWindowRestartsFromTheBlockAfterIt() {
    ReadTransfer t = new ReadTransfer(serving(random(512 * 20)), CONFIG);
    startWindowed(t, 4); // 1..4 out
    // The client got 1 and 2 only: resend 3 and 4, then top the window up with 5 and 6.
    assertThat(blocks(t.onPacket(new Ack(2), 0))).containsExactly(3, 4, 5, 6);
  }

  @Test
  void timeoutResendsTheWholeWindowFromTheLastAck() {
    ReadTransfer t = new ReadTransfer(serving(random(512 * 20)), CONFIG);
    startWindowed(t, 4);
    t.onPacket(new Ack(2), 0); // 3..6 outstanding
    assertThat(t.onTick(1 * SEC).send()).isEmpty();
    assertThat(blocks(t.onTick(2 * SEC))).containsExactly(3, 4, 5, 6);
    assertThat(blocks(t.onTick(4 * SEC))).containsExactly(3, 4, 5, 6);
  }

  @Test
  void duplicateAndStaleAcksNeverResend() {
    ReadTransfer t = new ReadTransfer(serving(random(512 * 20)), CONFIG);
    startWindowed(t, 4);
    t.onPacket(new Ack(4), 0); // 5..8 outstanding
    assertThat(t.onPacket(new Ack(4), 0).send()).isEmpty();
    assertThat(t.onPacket(new Ack(2), 0).send()).isEmpty();
    assertThat(t.onPacket(new Ack(200), 0).send()).isEmpty();
    assertThat(blocks(t.onPacket(new Ack(8), 0))).containsExactly(9, 10, 11, 12);
  }

  @Test
  void givesUpAfterRetryCapOfWindowResends() {
    ReadTransfer t = new ReadTransfer(serving(random(512 * 20)), CONFIG);
    startWindowed(t, 4);
    long now = 0;
    for (int i = 0; i < 3; i++) {
      now += 2 * SEC;
      assertThat(t.onTick(now).send()).hasSize(4);
    }
    Step last = t.onTick(now + 2 * SEC);
    assertThat(last.send()).isEmpty();
    assertThat(last.ending().get().outcome()).isEqualTo(Outcome.TIMED_OUT);
  }

  @Test
  void windowAcrossBlockNumberRolloverCountsOnWireNumbers() {
    // 65 540 blocks at blksize 8: the window straddles 65535 -> 0.
    byte[] content = random(8 * 65_540 + 3);
    ReadTransfer t = new ReadTransfer(serving(content), CONFIG);
    t.start(rrq("blksize", "8", "windowsize", "16"), 0);
    Step s = t.onPacket(new Ack(0), 0);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    boolean sawZero = false;
    while (s.ending().isEmpty()) {
      for (Packet p : s.send()) {
        got.writeBytes(((Data) p).payload());
        sawZero |= ((Data) p).block() == 0;
      }
      s = t.onPacket(new Ack(((Data) s.send().get(s.send().size() - 1)).block()), 0);
    }
    assertThat(sawZero).isTrue();
    assertThat(s.ending().get().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(got.toByteArray()).isEqualTo(content);
  }

  @Test
  void windowsizeAboveTheCapIsLoweredAndCapOneLeavesItOut() {
    ReadTransfer t = new ReadTransfer(serving(random(10)), CONFIG.withMaxWindowSize(16));
    assertThat(t.start(rrq("windowsize", "65535"), 0).send())
        .containsExactly(new OptionAck(List.of(new RequestOption("windowsize", "16"))));
    ReadTransfer off = new ReadTransfer(serving(random(10)), CONFIG.withMaxWindowSize(1));
    assertThat(off.start(rrq("windowsize", "8"), 0).send().get(0)).isInstanceOf(Data.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "-1", "8x", ""})
  void ignoresWindowsizeOutsideOneTo65535(String value) {
    ReadTransfer t = new ReadTransfer(serving(random(600)), CONFIG);
    assertThat(t.start(rrq("windowsize", value), 0).send().get(0)).isInstanceOf(Data.class);
  }

  @Test
  void recordsTheNegotiatedOptions() {
    ReadTransfer t = new ReadTransfer(serving(random(600)), CONFIG);
    t.start(rrq("WindowSize", "8", "blksize", "1024"), 0);
    assertThat(t.negotiatedOptions())
        .containsExactly(
            new RequestOption("windowsize", "8"), new RequestOption("blksize", "1024"));
  }
}
