package dev.lui.tftp.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TftpServerConfig.Uploads;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.engine.ReadTransfer.Step;
import dev.lui.tftp.protocol.ErrorCode;
import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.OptionAck;
import dev.lui.tftp.protocol.Packet.RequestOption;
import dev.lui.tftp.protocol.Packet.WriteRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write requests against the engine: scripted DATA, a fake clock, a real upload directory. */
class WriteTransferTest {
  private static final long SEC = 1_000_000_000L;
  @TempDir Path tmp;

  private TftpServerConfig config(boolean overwrite) {
    return new TftpServerConfig(
            new InetSocketAddress("127.0.0.1", 0), 1468, Duration.ofSeconds(2), 3)
        .withUploads(Uploads.into(tmp, overwrite));
  }

  private static WriteRequest wrq(String name, String... opts) {
    List<RequestOption> o = new java.util.ArrayList<>();
    for (int i = 0; i < opts.length; i += 2) {
      o.add(new RequestOption(opts[i], opts[i + 1]));
    }
    return new WriteRequest(name, "octet", o);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /** Sends {@code content} in blocks of {@code blk} and returns the last step. */
  private static Step upload(WriteTransfer t, byte[] content, int blk) {
    Step s = null;
    int block = 1;
    for (int off = 0; ; off += blk, block++) {
      int n = Math.min(blk, content.length - off);
      s = t.onPacket(new Data(block & 0xFFFF, Arrays.copyOfRange(content, off, off + n)), 0);
      assertThat(s.send()).containsExactly(new Ack(block & 0xFFFF));
      if (n < blk) {
        return s;
      }
    }
  }

  private long leftovers() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(p -> p.getFileName().toString().startsWith(".tftp-upload-")).count();
    }
  }

  @Test
  void nothingIsVisibleUnderTheNameBeforeTheFinalBlock() throws Exception {
    WriteTransfer t = new WriteTransfer(config(false));
    assertThat(t.start(wrq("log.txt"), 0).send()).containsExactly(new Ack(0));
    assertThat(t.onPacket(new Data(1, random(512)), 0).send()).containsExactly(new Ack(1));
    assertThat(Files.exists(tmp.resolve("log.txt"))).isFalse();
  }

  @Test
  void completesWithTheFileInPlaceAndNoTemporaryLeft() throws Exception {
    byte[] content = random(512 * 3 + 7);
    WriteTransfer t = new WriteTransfer(config(false));
    t.start(wrq("log.txt"), 0);
    Step last = upload(t, content, 512);
    assertThat(last.ending().get().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(last.ending().get().bytes()).isEqualTo(content.length);
    assertThat(Files.readAllBytes(tmp.resolve("log.txt"))).isEqualTo(content);
    assertThat(leftovers()).isZero();
  }

  @Test
  void negotiatesBlksizeAndEchoesTsize() throws Exception {
    byte[] content = random(5000);
    WriteTransfer t = new WriteTransfer(config(false));
    assertThat(t.start(wrq("f", "blksize", "9000", "tsize", "5000", "windowsize", "8"), 0).send())
        .containsExactly(
            new OptionAck(
                List.of(new RequestOption("blksize", "1468"), new RequestOption("tsize", "5000"))));
    upload(t, content, 1468);
    assertThat(Files.readAllBytes(tmp.resolve("f"))).isEqualTo(content);
  }

  @Test
  void refusesAnExistingFileWithError6UnlessOverwriteIsOn() throws Exception {
    Files.writeString(tmp.resolve("f"), "old");
    Step s = new WriteTransfer(config(false)).start(wrq("f"), 0);
    assertThat(((ErrorPacket) s.send().get(0)).code()).isEqualTo(ErrorCode.FILE_EXISTS.code());
    assertThat(s.ending().get().outcome()).isEqualTo(Outcome.DENIED);
    WriteTransfer t = new WriteTransfer(config(true));
    t.start(wrq("f"), 0);
    upload(t, "new".getBytes(), 512);
    assertThat(Files.readString(tmp.resolve("f"))).isEqualTo("new");
  }

  @Test
  void confinesUploadsToTheDirectory() throws Exception {
    Path outside = Files.createDirectories(tmp.getParent().resolve(tmp.getFileName() + "-out"));
    Files.createSymbolicLink(tmp.resolve("escape"), outside);
    for (String name : List.of("../x", "escape/x", "nodir/x")) {
      Step s = new WriteTransfer(config(false)).start(wrq(name), 0);
      assertThat(((ErrorPacket) s.send().get(0)).code())
          .as(name)
          .isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
    }
    try (Stream<Path> f = Files.list(outside)) {
      assertThat(f).isEmpty();
    }
  }

  @Test
  void refusesNetasciiUploads() {
    Step s =
        new WriteTransfer(config(false)).start(new WriteRequest("f", "netascii", List.of()), 0);
    assertThat(((ErrorPacket) s.send().get(0)).code())
        .isEqualTo(ErrorCode.ILLEGAL_OPERATION.code());
  }

  @Test
  void duplicateDataIsAckedAgainAndTimeoutResendsLastAckThenGivesUpCleanly() throws Exception {
    WriteTransfer t = new WriteTransfer(config(false));
    t.start(wrq("f"), 0);
    t.onPacket(new Data(1, random(512)), 0);
    assertThat(t.onPacket(new Data(1, random(512)), 0).send()).containsExactly(new Ack(1));
    assertThat(t.onPacket(new Data(5, random(512)), 0).send()).isEmpty();
    long now = 0;
    for (int i = 0; i < 3; i++) {
      now += 2 * SEC;
      assertThat(t.onTick(now).send()).containsExactly(new Ack(1));
    }
    Step end = t.onTick(now + 2 * SEC);
    assertThat(end.ending().get().outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(Files.exists(tmp.resolve("f"))).isFalse();
    assertThat(leftovers()).isZero();
  }

  @Test
  void clientErrorRemovesThePartialUpload() throws Exception {
    WriteTransfer t = new WriteTransfer(config(false));
    t.start(wrq("f"), 0);
    t.onPacket(new Data(1, random(512)), 0);
    Step s = t.onPacket(ErrorPacket.of(ErrorCode.NOT_DEFINED, "bye"), 0);
    assertThat(s.ending().get().outcome()).isEqualTo(Outcome.ABORTED_BY_CLIENT);
    assertThat(leftovers()).isZero();
  }

  @Test
  void writesStayOffByDefault() {
    ReadTransfer t =
        new ReadTransfer(
            p -> Optional.empty(),
            TftpServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0)));
    Step s = t.start(wrq("f"), 0);
    assertThat(((ErrorPacket) s.send().get(0)).code()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
  }
}
