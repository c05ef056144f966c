package dev.lui.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.lui.contract.AgentJson;
import dev.lui.contract.event.AgentEvent;
import dev.lui.contract.event.EventBatch;
import dev.lui.contract.event.EventLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpReporterTest {
  private final ObjectMapper mapper = AgentJson.newMapper();
  private final List<EventBatch> received = new ArrayList<>();
  private final List<String> auth = new ArrayList<>();
  private final List<Integer> bodySizes = new ArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile int failStatus = 500;
  private HttpServer server;
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/agent/node01/events",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          synchronized (received) {
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            bodySizes.add(body.length);
            received.add(mapper.readValue(body, EventBatch.class));
          }
          int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failStatus : 204;
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    server.start();
    uri =
        HttpReporter.eventsUri(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "node01");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpReporter reporter(int maxBatch) {
    return new HttpReporter(
        HttpClient.newHttpClient(),
        uri,
        "s3cret-token",
        new HttpReporter.Options(
            maxBatch,
            Duration.ofMillis(20),
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            20,
            Duration.ofSeconds(5)));
  }

  private static void emit(EventLog log, int n) {
    for (int i = 0; i < n; i++) {
      log.log("stdout", "line " + i);
    }
  }

  /** Distinct (runId, seq) in arrival order, as a deduplicating server would keep them. */
  private List<Long> dedupedSeqs() {
    List<Long> seqs = new ArrayList<>();
    synchronized (received) {
      for (EventBatch b : received) {
        for (AgentEvent e : b.events()) {
          if (!seqs.contains(e.seq())) {
            seqs.add(e.seq());
          }
        }
      }
    }
    return seqs;
  }

  @Test
  void postsEverythingInBatchesNoLargerThanMax() {
    HttpReporter r = reporter(7);
    EventLog log = new EventLog("run-a", r, Clock.systemUTC());
    emit(log, 50);
    r.close();
    assertThat(r.pendingCount()).isZero();
    assertThat(received).allSatisfy(b -> assertThat(b.events()).hasSizeBetween(1, 7));
    assertThat(received.size()).isGreaterThanOrEqualTo(8);
    assertThat(dedupedSeqs()).hasSize(50).isSorted();
    assertThat(received.get(0).events().get(0).runId()).isEqualTo("run-a");
    assertThat(auth).containsOnly("Bearer s3cret-token");
  }

  @Test
  void longLinesGoOutCutAndEveryRequestStaysUnderTheServersLimits() {
    HttpReporter r = reporter(200);
    EventLog log = new EventLog("run-long", r, Clock.systemUTC());
    for (int i = 0; i < 300; i++) {
      log.log("stdout", i + ":" + "x".repeat(100_000));
    }
    r.close();
    assertThat(r.pendingCount()).isZero();
    assertThat(dedupedSeqs()).hasSize(300).isSorted();
    assertThat(bodySizes)
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(EventLimits.MAX_REQUEST_BYTES / 2));
    assertThat(received)
        .allSatisfy(
            b ->
                assertThat(b.events())
                    .hasSizeLessThanOrEqualTo(EventLimits.MAX_EVENTS_PER_REQUEST)
                    .allSatisfy(
                        e ->
                            assertThat(e.text().orElseThrow())
                                .endsWith("bytes]")
                                .satisfies(
                                    t ->
                                        assertThat(t.getBytes(StandardCharsets.UTF_8).length)
                                            .isLessThanOrEqualTo(EventLimits.MAX_TEXT_BYTES))));
  }

  @Test
  void aServerThatFindsABatchTooLargeGetsSmallerOnesInsteadOfNothing() {
    failStatus = 413;
    failNext.set(1);
    HttpReporter r = reporter(100);
    EventLog log = new EventLog("run-413", r, Clock.systemUTC());
    emit(log, 40);
    assertThat(r.flush(Duration.ofSeconds(60))).isTrue();
    r.close();
    assertThat(dedupedSeqs()).hasSize(40);
    int first = received.get(0).events().size();
    assertThat(received.subList(1, received.size()))
        .allSatisfy(b -> assertThat(b.events().size()).isLessThanOrEqualTo(Math.max(1, first / 2)));
  }

  @Test
  void resendsSameRunIdAndSeqAfterServerError() {
    failNext.set(2);
    HttpReporter r = reporter(100);
    EventLog log = new EventLog("run-b", r, Clock.systemUTC());
    emit(log, 5);
    r.close();
    assertThat(r.pendingCount()).isZero();
    assertThat(received.size()).isGreaterThanOrEqualTo(3);
    // The first (failed) batch is resent unchanged, so the server can dedup by (runId, seq).
    List<Long> firstSeqs = received.get(0).events().stream().map(AgentEvent::seq).toList();
    List<Long> secondSeqs = received.get(1).events().stream().map(AgentEvent::seq).toList();
    assertThat(secondSeqs).startsWith(firstSeqs.toArray(new Long[0]));
    assertThat(dedupedSeqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void flushReturnsOnceTheServerHasEveryEventSoAFinishStepMayReboot() {
    failNext.set(2); // two failed posts first: flush waits through the retries
    HttpReporter r =
        new HttpReporter(
            HttpClient.newHttpClient(),
            uri,
            "s3cret-token",
            // A long interval: only flush makes this batch go now.
            new HttpReporter.Options(
                100,
                Duration.ofSeconds(30),
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                20,
                Duration.ofSeconds(5)));
    EventLog log = new EventLog("run-f", r, Clock.systemUTC());
    emit(log, 4);
    assertThat(r.flush(Duration.ofSeconds(60))).isTrue();
    assertThat(r.pendingCount()).isZero();
    assertThat(dedupedSeqs()).containsExactly(1L, 2L, 3L, 4L);
    r.close();
  }

  @Test
  void flushGivesUpWhenTheServerRefusesAndSaysSo() {
    failStatus = 401;
    failNext.set(1000);
    HttpReporter r = reporter(100);
    emit(new EventLog("run-g", r, Clock.systemUTC()), 2);
    assertThat(r.flush(Duration.ofSeconds(60))).isFalse();
    r.close();
  }

  @Test
  void aRestartedAgentSendsWhatItsPredecessorSpooledExactlyOnceInOrder(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path spoolDir) throws Exception {
    failNext.set(1000); // the server is unreachable for the whole first run
    HttpReporter first =
        new HttpReporter(
            HttpClient.newHttpClient(),
            uri,
            "s3cret-token",
            new HttpReporter.Options(
                100,
                Duration.ofMillis(20),
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                2,
                Duration.ofSeconds(5)),
            SpoolFile.open(spoolDir, "node01-a"));
    emit(new EventLog("run-1", first, Clock.systemUTC()), 30);
    first.close(); // gives up after 2 failed posts: the agent process ends
    assertThat(first.pendingCount()).isEqualTo(30);

    failNext.set(0);
    // Counted before the second agent starts: its sender posts at once.
    SpoolFile left = SpoolFile.open(spoolDir, "node01-a");
    assertThat(left.size()).as("the spool survived the first agent").isEqualTo(30);
    left.close();
    HttpReporter second =
        new HttpReporter(
            HttpClient.newHttpClient(),
            uri,
            "s3cret-token",
            new HttpReporter.Options(
                7,
                Duration.ofMillis(20),
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                20,
                Duration.ofSeconds(5)),
            SpoolFile.open(spoolDir, "node01-a"));
    emit(new EventLog("run-2", second, Clock.systemUTC()), 5);
    assertThat(second.flush(Duration.ofSeconds(60))).isTrue();
    second.close();
    List<String> delivered = new ArrayList<>();
    synchronized (received) {
      for (EventBatch b : received) {
        for (AgentEvent e : b.events()) {
          String key = e.runId() + "/" + e.seq();
          if (!delivered.contains(key)) {
            delivered.add(key);
          }
        }
      }
    }
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      expected.add("run-1/" + i);
    }
    for (int i = 1; i <= 5; i++) {
      expected.add("run-2/" + i);
    }
    assertThat(delivered).containsExactlyElementsOf(expected);
  }

  @Test
  void stopsAtOnceWhenTheServerRefusesTheToken() {
    failStatus = 401;
    failNext.set(1000);
    HttpReporter r = reporter(100);
    EventLog log = new EventLog("run-d", r, Clock.systemUTC());
    emit(log, 3);
    r.close();
    assertThat(received).as("one refused post, no resends").hasSize(1);
    assertThat(r.pendingCount()).isEqualTo(3);
  }

  @Test
  void keepsEventsWhenServerIsDownAndSaysHowMany() {
    server.stop(0);
    HttpReporter r =
        new HttpReporter(
            HttpClient.newHttpClient(),
            uri,
            "s3cret-token",
            new HttpReporter.Options(
                10,
                Duration.ofMillis(5),
                Duration.ofMillis(1),
                Duration.ofMillis(5),
                3,
                Duration.ofSeconds(2)));
    EventLog log = new EventLog("run-c", r, Clock.systemUTC());
    emit(log, 4);
    r.close();
    assertThat(r.pendingCount()).isEqualTo(4);
    assertThat(r.toString()).doesNotContain("s3cret");
  }

  @Test
  void eventJsonUsesLowerCaseKindsAndIsoInstants() throws Exception {
    RecordingReporter rec = new RecordingReporter();
    EventLog log = new EventLog("run-d", rec, Clock.systemUTC());
    log.stepStarted("partition");
    log.stepFinished("partition", false, Optional.of("boom"));
    String json = mapper.writeValueAsString(new EventBatch(rec.events()));
    assertThat(json)
        .contains("\"kind\":\"step-started\"", "\"kind\":\"step-finished\"", "\"ok\":false")
        .doesNotContain("null");
    assertThat(json).containsPattern("\"time\":\"\\d{4}-\\d\\d-\\d\\dT");
    assertThat(mapper.readValue(json, EventBatch.class).events()).isEqualTo(rec.events());
  }
}
