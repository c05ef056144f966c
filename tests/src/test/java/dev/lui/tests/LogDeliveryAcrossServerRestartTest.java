package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.agent.report.EventLog;
import dev.lui.agent.report.HttpReporter;
import dev.lui.agent.report.SpoolFile;
import dev.lui.core.store.LogEntry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log-delivery case with the real parts: the agent's reporter (with its file spool)
 * posts to a real lui server, which is stopped mid-install and started again on the same state and
 * port; the server ends with every line exactly once, in order.
 */
class LogDeliveryAcrossServerRestartTest {
  @TempDir Path tmp;

  @Test
  void theServerEndsWithEveryLineExactlyOnceInOrderAfterARestartMidInstall() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    UnaryOperator<dev.lui.core.config.ServerConfig> fixedPort =
        c -> c.withHttp(new InetSocketAddress("127.0.0.1", port), url);
    Path state = tmp.resolve("state");
    LiveServer lui = new LiveServer(state, fixedPort).withSystem();
    LiveServer.Result r =
        lui.lui(
            "define-node",
            "n01",
            "--mac",
            "52:54:00:00:00:01",
            "--ip",
            "10.0.0.11",
            "--netmask",
            "255.255.255.0",
            "--disk",
            "path=/dev/vda",
            "--resource",
            LiveServer.SYSTEM);
    assertThat(r.code()).as(r.err()).isZero();
    String token = Files.readString(lui.nodeRoot("n01").resolve("lui/token")).strip();
    URI server = URI.create(url);
    // The plan fetch opens the run the server accepts events for.
    String run =
        HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(URI.create(url + "/api/v1/agent/n01/plan"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding())
            .headers()
            .firstValue("Lui-Run")
            .orElseThrow();
    HttpReporter reporter =
        new HttpReporter(
            HttpClient.newHttpClient(),
            HttpReporter.eventsUri(server, "n01"),
            token,
            new HttpReporter.Options(
                50,
                Duration.ofMillis(20),
                Duration.ofMillis(20),
                Duration.ofMillis(200),
                1000,
                Duration.ofSeconds(5)),
            SpoolFile.open(tmp.resolve("spool"), SpoolFile.nameFor(server, "n01", token)));
    EventLog log = new EventLog(run, reporter, Clock.systemUTC());
    try {
      log.stepStarted("payloads");
      lines(log, 1, 300);
      assertThat(reporter.flush(Duration.ofSeconds(30))).isTrue();

      lui.close(); // the server goes away mid-install...
      lines(log, 301, 600); // ...while the agent goes on
      Thread.sleep(300); // a few failed posts
      assertThat(reporter.pendingCount()).as("waiting in the spool").isPositive();

      lui = new LiveServer(state, fixedPort);
      lines(log, 601, 900);
      log.stepFinished("payloads", true, Optional.empty());
      assertThat(reporter.flush(Duration.ofSeconds(60))).isTrue();
    } finally {
      reporter.close();
      lui.close();
    }

    LiveServer after = new LiveServer(state, fixedPort);
    try {
      List<LogEntry> stored = after.server.inventory().store().log("n01", 0, 10_000);
      List<String> texts = new ArrayList<>();
      for (LogEntry e : stored) {
        if (e.runId().equals(run) && e.kind().equals("log")) {
          texts.add(e.text().orElse(""));
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= 900; i++) {
        expected.add("line " + i);
      }
      assertThat(texts).containsExactlyElementsOf(expected);
      assertThat(stored.stream().map(LogEntry::seq).toList()).isSorted().doesNotHaveDuplicates();
      assertThat(stored.get(stored.size() - 1).kind()).isEqualTo("step-finished");
    } finally {
      after.close();
    }
  }

  private static void lines(EventLog log, int from, int to) {
    for (int i = from; i <= to; i++) {
      log.log("stdout", "line " + i);
    }
  }
}
