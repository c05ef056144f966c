package dev.lui.tftp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.server.TftpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TftpCommandTest {
  @TempDir Path tmp;

  private TftpCommand parse(String... args) {
    TftpCommand c = new TftpCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  /** Runs the command as picocli would and returns exit code and stderr. */
  private static Object[] execute(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TftpCommand());
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Object[] {code, err.toString()};
  }

  @Test
  void defaultsMatchTheLibraryDefaults() {
    TftpServerConfig c = parse("--root", tmp.toString()).config();
    assertThat(c.bind().getPort()).isEqualTo(6969);
    assertThat(c.bind().getAddress().isLoopbackAddress()).isTrue();
    assertThat(c.maxBlockSize()).isEqualTo(1468);
    assertThat(c.maxWindowSize()).isEqualTo(64);
    assertThat(c.admission()).isEqualTo(TftpServerConfig.Admission.DEFAULTS);
    assertThat(c.remap().rules()).isEmpty();
  }

  @Test
  void parsesEveryFlag() throws Exception {
    Path rules = Files.writeString(tmp.resolve("remap"), "^boot/ efi/\n");
    TftpServerConfig c =
        parse(
                "--root",
                tmp.toString(),
                "--listen",
                "[::1]:1069",
                "--blksize-cap",
                "8192",
                "--window-cap",
                "16",
                "--timeout",
                "3",
                "--retries",
                "7",
                "--max-transfers",
                "100",
                "--max-queued",
                "10",
                "--max-wait",
                "250",
                "--max-per-client",
                "4",
                "--max-rate",
                "3",
                "--stall-grace",
                "400",
                "--remap",
                rules.toString(),
                "--fold-case")
            .config();
    assertThat(c.bind().getPort()).isEqualTo(1069);
    assertThat(c.maxBlockSize()).isEqualTo(8192);
    assertThat(c.maxWindowSize()).isEqualTo(16);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.maxRetries()).isEqualTo(7);
    assertThat(c.admission())
        .isEqualTo(
            new TftpServerConfig.Admission(
                100, 10, Duration.ofMillis(250), 4, 3 << 20, Duration.ofMillis(400)));
    assertThat(c.remap().foldCase()).isTrue();
    assertThat(c.remap().apply("BOOT/X")).isEqualTo("efi/x");
  }

  @Test
  void badValuesExitTwoWithOneLineNamingFlagValueAndRule() throws Exception {
    Object[] r = execute("--root", tmp.toString(), "--window-cap", "0");
    assertThat(r[0]).isEqualTo(2);
    assertThat((String) r[1]).startsWith("--window-cap 0 is not in 1..65535 (RFC 7440)\n");
    r = execute("--root", tmp.toString(), "--max-rate", "-1");
    assertThat((String) r[1]).startsWith("--max-rate -1 is not in 0..8192 (MiB/s, 0 = no limit)\n");
    r = execute("--root", tmp.toString(), "--stall-grace", "-5");
    assertThat((String) r[1]).startsWith("--stall-grace -5 is not in 0..600000 ms\n");
    r = execute("--root", tmp.resolve("nope").toString());
    assertThat((String) r[1]).contains("--root '" + tmp.resolve("nope") + "' is not a directory");
    Path rules = Files.writeString(tmp.resolve("remap"), "([ x\n");
    r = execute("--root", tmp.toString(), "--remap", rules.toString());
    assertThat((String) r[1]).contains("remap line 1: regex '([' is invalid");
    r = execute("--root", tmp.toString(), "--listen", "::1:69");
    assertThat((String) r[1]).contains("--listen '::1:69'");
  }

  @Test
  void servesTheRootAndPrintsOneLinePerTransfer() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(root.resolve("hello"), "hi there");
    TftpCommand c = parse("--root", root.toString(), "--listen", "127.0.0.1:0");
    StringWriter log = new StringWriter();
    try (TftpServer server = c.start(new PrintWriter(log))) {
      TFTPClient client = new TFTPClient();
      client.open();
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.receiveFile(
            "hello",
            TFTP.BINARY_MODE,
            out,
            server.localAddress().getAddress(),
            server.localAddress().getPort());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi there");
      } finally {
        client.close();
      }
      for (int i = 0; i < 500 && !log.toString().contains("COMPLETED"); i++) {
        Thread.sleep(10);
      }
    }
    assertThat(log.toString()).contains("hello COMPLETED 8 bytes");
  }
}
