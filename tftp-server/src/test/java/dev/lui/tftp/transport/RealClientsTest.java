package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import dev.lui.tftp.FileSource;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferRecord;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.server.TftpServer;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real TFTP clients against the server on loopback: curl, tftp-hpa, atftp and busybox. Each test
 * skips when its client is missing, and fails then under LUI_REQUIRE_REAL_TOOLS=1. Files are
 * compared by SHA-256.
 */
class RealClientsTest {
  @TempDir Path tmp;
  private Path root;
  private Path out;
  private TftpServer server;
  private int port;
  private final BlockingQueue<TransferRecord> records = new LinkedBlockingQueue<>();
  private static final byte[] ENTRY =
      "DEFAULT install\nLABEL install\n  KERNEL vmlinuz\n".getBytes(StandardCharsets.US_ASCII);

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    out = Files.createDirectories(tmp.resolve("out"));
    Random random = new Random(11);
    for (var f :
        List.of(
            List.of("vmlinuz", 3_000_017),
            List.of("exact", 1468 * 4),
            List.of("block512", 512),
            List.of("empty", 0))) {
      byte[] b = new byte[(Integer) f.get(1)];
      random.nextBytes(b);
      Files.write(root.resolve((String) f.get(0)), b);
    }
    Files.writeString(root.resolve("notes.txt"), "first\nsecond\r\nthird\n");
    FileSource dynamic =
        p ->
            p.equals("pxelinux.cfg/01-52-54-00-00-00-01")
                ? Optional.of(FileSources.ofBytes(ENTRY))
                : Optional.empty();
    server =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
            FileSources.firstOf(dynamic, FileSources.directory(root)),
            records::add);
    port = server.localAddress().getPort();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private record Result(int exit, String output) {}

  private Result run(List<String> command) throws Exception {
    Path log = Files.createTempFile(tmp, "client", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(out.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) { // a hang bound, not a timing assertion
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish: " + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log));
  }

  private static String sha256(byte[] b) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private void assertFetched(String remote, Path local, Result r) throws Exception {
    assertThat(r.exit()).as("exit of client; output: %s", r.output()).isZero();
    byte[] expected =
        remote.startsWith("pxelinux.cfg/") ? ENTRY : Files.readAllBytes(root.resolve(remote));
    assertThat(sha256(Files.readAllBytes(local))).isEqualTo(sha256(expected));
    TransferRecord rec = completedRecord();
    assertThat(rec.path()).isEqualTo(remote);
    assertThat(rec.bytes()).isEqualTo(expected.length);
  }

  /** Some clients probe first (e.g. tsize); the last record of the fetch is the transfer. */
  private TransferRecord completedRecord() throws InterruptedException {
    while (true) {
      TransferRecord r = records.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a COMPLETED record").isNotNull();
      if (r.outcome() == Outcome.COMPLETED) {
        return r;
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"vmlinuz", "exact", "block512", "empty", "pxelinux.cfg/01-52-54-00-00-00-01"})
  void curlFetchesWithBigBlocks(String remote) throws Exception {
    Path curl = RealTools.program("curl");
    Path local = out.resolve("curl.out");
    Result r =
        run(
            List.of(
                curl.toString(),
                "-sS",
                "--tftp-blksize",
                "1468",
                "-o",
                local.toString(),
                "tftp://127.0.0.1:" + port + "/" + remote));
    assertFetched(remote, local, r);
  }

  @Test
  void curlWithoutOptionsUsesPlainRfc1350() throws Exception {
    Path curl = RealTools.program("curl");
    Path local = out.resolve("curl.out");
    Result r =
        run(
            List.of(
                curl.toString(),
                "-sS",
                "--tftp-no-options",
                "-o",
                local.toString(),
                "tftp://127.0.0.1:" + port + "/vmlinuz"));
    assertFetched("vmlinuz", local, r);
  }

  @Test
  void curlSeesMissingFileAsError() throws Exception {
    Path curl = RealTools.program("curl");
    Result r =
        run(
            List.of(
                curl.toString(),
                "-sS",
                "-o",
                out.resolve("x").toString(),
                "tftp://127.0.0.1:" + port + "/missing"));
    assertThat(r.exit()).isNotZero();
    assertThat(records.poll(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.NOT_FOUND);
  }

  @Test
  void curlFetchesOverIpv6() throws Exception {
    Path curl = RealTools.program("curl");
    InetAddress v6 = InetAddress.getByName("::1");
    boolean ok;
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
      ok = probe.isBound();
    } catch (IOException e) {
      ok = false;
    }
    RealTools.capability(ok, "IPv6 loopback ::1");
    try (TftpServer v6server =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress(v6, 0)),
            FileSources.directory(root),
            records::add)) {
      Path local = out.resolve("curl6.out");
      Result r =
          run(
              List.of(
                  curl.toString(),
                  "-sS",
                  "--tftp-blksize",
                  "1468",
                  "-o",
                  local.toString(),
                  "tftp://[::1]:" + v6server.localAddress().getPort() + "/vmlinuz"));
      assertFetched("vmlinuz", local, r);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vmlinuz", "block512", "empty"})
  void tftpHpaFetchesInOctetMode(String remote) throws Exception {
    Path tftp = RealTools.program("tftp");
    Result r =
        run(
            List.of(
                tftp.toString(),
                "-m",
                "octet",
                "127.0.0.1",
                Integer.toString(port),
                "-c",
                "get",
                remote,
                "hpa.out"));
    assertFetched(remote, out.resolve("hpa.out"), r);
  }

  @Test
  void tftpHpaNetasciiRoundTripsUnixText() throws Exception {
    Path tftp = RealTools.program("tftp");
    Result r =
        run(
            List.of(
                tftp.toString(),
                "-m",
                "netascii",
                "127.0.0.1",
                Integer.toString(port),
                "-c",
                "get",
                "notes.txt",
                "notes.out"));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(Files.readString(out.resolve("notes.out"))).isEqualTo("first\nsecond\r\nthird\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vmlinuz", "exact", "empty", "pxelinux.cfg/01-52-54-00-00-00-01"})
  void atftpFetchesWithNegotiatedBlockSize(String remote) throws Exception {
    Path atftp = RealTools.program("atftp");
    Path local = out.resolve("atftp.out");
    Result r =
        run(
            List.of(
                atftp.toString(),
                "--option",
                "blksize 1468",
                "--option",
                "tsize 0",
                "-g",
                "-r",
                remote,
                "-l",
                local.toString(),
                "127.0.0.1",
                Integer.toString(port)));
    assertFetched(remote, local, r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vmlinuz", "exact", "block512", "empty"})
  void atftpFetchesWithWindowsize8(String remote) throws Exception {
    Path atftp = RealTools.program("atftp");
    Path local = out.resolve("atftp-w.out");
    Result r =
        run(
            List.of(
                atftp.toString(),
                "--option",
                "blksize 1468",
                "--option",
                "windowsize 8",
                "--trace",
                "-g",
                "-r",
                remote,
                "-l",
                local.toString(),
                "127.0.0.1",
                Integer.toString(port)));
    assertFetched(remote, local, r);
    // The window was really negotiated, not silently dropped back to lock-step.
    assertThat(r.output()).contains("windowsize").contains("OACK");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vmlinuz", "block512", "empty"})
  void busyboxFetches(String remote) throws Exception {
    Path busybox = RealTools.program("busybox");
    Path local = out.resolve("bb.out");
    List<String> cmd = new ArrayList<>(List.of(busybox.toString(), "tftp", "-g", "-r", remote));
    cmd.addAll(List.of("-l", local.toString(), "-b", "1468", "127.0.0.1", Integer.toString(port)));
    assertFetched(remote, local, run(cmd));
  }
}
