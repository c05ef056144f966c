package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferRecord;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import dev.lui.tftp.server.TftpServer;
import dev.lui.tftp.testing.RawClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * Issue #12: a refused name costs at most one log line (no stack trace), even with every TFTP
 * logger at DEBUG, and the error the client gets never shows a path outside the served root (nor
 * the root itself).
 */
class RefusedPathTest {
  @TempDir Path tmp;
  private Path root;
  private TftpServer server;
  private final BlockingQueue<TransferRecord> records = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<ILoggingEvent> logged = new ConcurrentLinkedQueue<>();
  private final Logger tftpLogger = (Logger) LoggerFactory.getLogger("dev.lui.tftp");
  private Level levelBefore;
  private final AppenderBase<ILoggingEvent> capture =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
          logged.add(e);
        }
      };

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("tftproot"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "top secret");
    Files.writeString(root.resolve("small"), "a file, not a directory");
    Files.createSymbolicLink(root.resolve("link-out"), outside.resolve("secret"));
    Files.createSymbolicLink(root.resolve("dir-out"), outside);
    Files.createSymbolicLink(root.resolve("loop-a"), root.resolve("loop-b"));
    Files.createSymbolicLink(root.resolve("loop-b"), root.resolve("loop-a"));
    server =
        TftpServer.start(
            TftpServerConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
            FileSources.directory(root),
            records::add);
    capture.setContext(tftpLogger.getLoggerContext());
    capture.start();
    levelBefore = tftpLogger.getLevel();
    tftpLogger.setLevel(Level.DEBUG);
    tftpLogger.setAdditive(false); // only to the capture, not the console
    tftpLogger.addAppender(capture);
  }

  @AfterEach
  void tearDown() {
    tftpLogger.detachAppender(capture);
    tftpLogger.setAdditive(true);
    tftpLogger.setLevel(levelBefore);
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'../outside/secret', DENIED, 2",
    "'..\\outside\\secret', DENIED, 2",
    "'/tftproot/../outside/secret', DENIED, 2",
    "link-out, DENIED, 2",
    "dir-out/secret, DENIED, 2",
    "small/x, NOT_FOUND, 1",
    "loop-a, NOT_FOUND, 1",
    "loop-a/x, NOT_FOUND, 1",
  })
  void refusedNameLogsAtMostOneLineWithoutStackTraceAndHidesTheRealPath(
      String name, Outcome outcome, int errorCode) throws Exception {
    assertRefusedQuietly(name, outcome, errorCode);
  }

  @ParameterizedTest(name = "a component of {0} characters")
  @CsvSource({"256", "5000"})
  void overlongNameIsNotFoundQuietly(int length) throws Exception {
    assertRefusedQuietly("x".repeat(length), Outcome.NOT_FOUND, 1);
  }

  private void assertRefusedQuietly(String name, Outcome outcome, int errorCode) throws Exception {
    try (RawClient c = new RawClient(InetAddress.getLoopbackAddress())) {
      c.send(new ReadRequest(name, "octet", List.of()), server.localAddress());
      ErrorPacket err = (ErrorPacket) c.receive().packet();
      TransferRecord r = records.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a record for the request").isNotNull();
      assertThat(r.outcome()).isEqualTo(outcome);
      assertThat(err.code()).isEqualTo(errorCode);
      assertThat(err.message())
          .as("the error the client sees")
          .doesNotContain(tmp.toString())
          .doesNotContain(tmp.toRealPath().toString())
          .doesNotContain("top secret");
      // The record is handed over after the transfer's log line, so every line is in by now.
      List<ILoggingEvent> lines = List.copyOf(logged);
      assertThat(lines)
          .as("log lines for one refused request: %s", lines)
          .hasSizeLessThanOrEqualTo(1)
          .allSatisfy(e -> assertThat(e.getThrowableProxy()).as("stack trace").isNull());
    }
  }
}
