package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.testkit.RealTools;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TftpServerConfig.Uploads;
import dev.lui.tftp.TransferRecord;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.server.TftpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write requests over loopback with Commons Net and tftp-hpa's {@code put}. */
class UploadTest {
  private static final InetAddress V4 = InetAddress.getLoopbackAddress();
  @TempDir Path tmp;
  private TftpServer server;
  private final BlockingQueue<TransferRecord> records = new LinkedBlockingQueue<>();

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private Path start(Uploads uploads) throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    server =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress(V4, 0)).withUploads(uploads),
            FileSources.directory(root),
            records::add);
    return root;
  }

  private void send(String name, byte[] content) throws IOException {
    TFTPClient c = new TFTPClient();
    c.setDefaultTimeout(Duration.ofSeconds(2));
    c.open();
    try {
      c.sendFile(
          name,
          TFTP.BINARY_MODE,
          new ByteArrayInputStream(content),
          V4,
          server.localAddress().getPort());
    } finally {
      c.close();
    }
  }

  private TransferRecord nextRecord() throws InterruptedException {
    TransferRecord r = records.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("a record within 10 s").isNotNull();
    return r;
  }

  @Test
  void writeRequestsAreRefusedByDefault() throws Exception {
    start(Uploads.NONE);
    assertThatThrownBy(() -> send("x", new byte[10])).isInstanceOf(IOException.class);
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.DENIED);
  }

  @Test
  void commonsNetUploadLandsInTheUploadDirectoryIntact() throws Exception {
    Path up = Files.createDirectories(tmp.resolve("up"));
    start(Uploads.into(up, false));
    byte[] content = new byte[200_000];
    new Random(1).nextBytes(content);
    send("node.log", content);
    TransferRecord r = nextRecord();
    assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(r.bytes()).isEqualTo(content.length);
    assertThat(Files.readAllBytes(up.resolve("node.log"))).isEqualTo(content);
    // Again: the file exists now and overwriting is off.
    assertThatThrownBy(() -> send("node.log", new byte[3])).isInstanceOf(IOException.class);
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.DENIED);
    assertThat(Files.readAllBytes(up.resolve("node.log"))).isEqualTo(content);
  }

  @Test
  void tftpHpaPutStoresTheFileByteForByte() throws Exception {
    Path tftp = RealTools.program("tftp");
    Path up = Files.createDirectories(tmp.resolve("up"));
    start(Uploads.into(up, true));
    byte[] content = new byte[70_001];
    new Random(2).nextBytes(content);
    Path local = Files.write(tmp.resolve("local.bin"), content);
    Process p =
        new ProcessBuilder(
                List.of(
                    tftp.toString(),
                    "-m",
                    "octet",
                    "127.0.0.1",
                    Integer.toString(server.localAddress().getPort()),
                    "-c",
                    "put",
                    local.toString(),
                    "put.bin"))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("tftp.log").toFile())
            .start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("tftp finished").isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("tftp.log"))).isZero();
    assertThat(nextRecord().outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(Files.readAllBytes(up.resolve("put.bin"))).isEqualTo(content);
  }
}
