package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watching and reviewing a batch (#14) through the CLI against a live server: fake agents fetch
 * their plans with their node tokens and post real events (step-started, log, step-finished,
 * install-finished) as the agent does.
 */
class WatchFollowReportAgainstLiveServerTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  LiveServer lui;
  final Map<String, String> runs = new HashMap<>();
  final Map<String, Integer> seqs = new HashMap<>();

  /** n01-n03, armed. */
  @BeforeEach
  void start() throws Exception {
    lui = new LiveServer(tmp.resolve("state")).withSystem();
    StringBuilder csv =
        new StringBuilder("name,mac,ip,netmask,gateway,hostname,groups,resources\n");
    for (int i = 1; i <= 3; i++) {
      csv.append(
          String.format(
              "n%02d,52:54:00:00:00:%02x,10.0.0.%d,255.255.255.0,10.0.0.1,,,%s%n",
              i, i, 10 + i, LiveServer.SYSTEM));
    }
    Path file = Files.writeString(tmp.resolve("nodes.csv"), csv);
    LiveServer.Result defined = lui.lui("define-node", "--from", file.toString());
    assertThat(defined.code()).as(defined.err()).isZero();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  /** The node's agent fetches its plan: the install starts, the server names the run. */
  void fetchPlan(String node) throws Exception {
    HttpResponse<Void> plan =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(lui.server.nodeUrl() + "/api/v1/agent/" + node + "/plan"))
                    .header("Authorization", "Bearer " + lui.nodeToken(node))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(plan.statusCode()).isEqualTo(200);
    runs.put(node, plan.headers().firstValue("Lui-Run").orElseThrow());
  }

  /** One event as the agent sends it, {@code at} seconds after T0. */
  String event(String node, String kind, String step, double at, String more) {
    int seq = seqs.merge(node, 1, Integer::sum);
    return "{\"runId\":\""
        + runs.get(node)
        + "\",\"seq\":"
        + seq
        + ",\"time\":\""
        + T0.plusMillis((long) (at * 1000))
        + "\",\"kind\":\""
        + kind
        + "\""
        + (step.isEmpty() ? "" : ",\"step\":\"" + step + "\"")
        + more
        + "}";
  }

  void post(String node, List<String> events) {
    Http.Reply r =
        new Http(lui.server.nodeUrl())
            .json(
                "POST",
                "/api/v1/agent/" + node + "/events",
                lui.nodeToken(node),
                "{\"events\":[" + String.join(",", events) + "]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** A step of {@code seconds} with one output line; failed with {@code error} when not empty. */
  List<String> step(String node, String step, double at, double seconds, String error) {
    List<String> events = new ArrayList<>();
    events.add(event(node, "step-started", step, at, ""));
    events.add(
        event(
            node,
            "log",
            step,
            at,
            ",\"stream\":\"stderr\",\"text\":\"" + step + " line of " + node + "\""));
    events.add(
        event(
            node,
            "step-finished",
            step,
            at + seconds,
            error.isEmpty() ? ",\"ok\":true" : ",\"ok\":false,\"text\":\"" + error + "\""));
    return events;
  }

  String finished(String node, double at, String error) {
    return event(
        node,
        "install-finished",
        "",
        at,
        error.isEmpty() ? ",\"ok\":true" : ",\"ok\":false,\"text\":\"" + error + "\"");
  }

  /**
   * n01 and n02 install (partition 2 s and 4 s, payloads 10 s and 30 s); n03 fails at partition.
   */
  void runTheBatch() throws Exception {
    for (String n : List.of("n01", "n02", "n03")) {
      fetchPlan(n);
    }
    List<String> a = new ArrayList<>(step("n01", "partition", 0, 2, ""));
    a.addAll(step("n01", "payloads", 2, 10, ""));
    a.add(finished("n01", 12, ""));
    post("n01", a);
    List<String> b = new ArrayList<>(step("n02", "partition", 0, 4, ""));
    b.addAll(step("n02", "payloads", 4, 30, ""));
    b.add(finished("n02", 34, ""));
    post("n02", b);
    List<String> c = new ArrayList<>(step("n03", "partition", 0, 1, "sfdisk exited 1"));
    c.add(finished("n03", 1, "partition: sfdisk exited 1"));
    post("n03", c);
  }

  @Test
  void reportJsonGivesEachStepsMedianAndSlowestAndEveryFailuresReason() throws Exception {
    runTheBatch();
    LiveServer.Result json = lui.lui("report", "n[01-03]", "--json");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode report = Json.json().readTree(json.out());

    JsonNode partition = report.path("steps").get(0);
    assertThat(partition.path("step").asText()).isEqualTo("partition");
    assertThat(partition.path("nodes").asInt()).isEqualTo(2);
    assertThat(partition.path("medianSeconds").asDouble()).isEqualTo(3.0);
    assertThat(partition.path("slowest").asText()).isEqualTo("n02");
    assertThat(partition.path("slowestSeconds").asDouble()).isEqualTo(4.0);
    assertThat(partition.path("failed").asInt()).isEqualTo(1);
    JsonNode payloads = report.path("steps").get(1);
    assertThat(payloads.path("medianSeconds").asDouble()).isEqualTo(20.0);
    assertThat(payloads.path("slowest").asText()).isEqualTo("n02");

    JsonNode n03 = report.path("nodes").get(2);
    assertThat(n03.path("name").asText()).isEqualTo("n03");
    assertThat(n03.path("state").asText()).as("the old fields stay").isEqualTo("failed");
    assertThat(n03.path("step").asText()).isEqualTo("partition");
    assertThat(n03.path("error").asText()).isEqualTo("partition: sfdisk exited 1");
    assertThat(n03.path("lastLines"))
        .extracting(JsonNode::asText)
        .contains("partition line of n03", "sfdisk exited 1");
    assertThat(report.path("nodes").get(1).path("steps").get(1).path("seconds").asDouble())
        .isEqualTo(30.0);

    LiveServer.Result text = lui.lui("report", "n[01-03]");
    assertThat(text.out())
        .containsPattern("partition +2 +3\\.0s +n02 \\(4\\.0s\\) +1")
        .containsPattern("payloads +2 +20\\.0s +n02 \\(30\\.0s\\) +0")
        .contains("n03 failed: partition: sfdisk exited 1")
        .contains("2 succeeded, 1 failed, 0 not finished")
        .contains("failed: n03");
  }

  @Test
  void logsFollowInterleavesTheNodesAndEndsWhenTheyEnd() throws Exception {
    fetchPlan("n01");
    fetchPlan("n02");
    post("n01", step("n01", "partition", 0, 2, ""));
    CompletableFuture<Void> agents =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(1500);
                post("n02", step("n02", "partition", 0, 1, "sfdisk exited 1"));
                post("n02", List.of(finished("n02", 1, "partition: sfdisk exited 1")));
                Thread.sleep(500);
                post("n01", List.of(finished("n01", 3, "")));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    // n03 is armed but never boots: follow n[01-02] only.
    LiveServer.Result r =
        assertTimeoutPreemptively(LIMIT, () -> lui.lui("logs", "--follow", "n[01-02]"));
    agents.join();
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines)
        .anyMatch(l -> l.startsWith("n01: ") && l.contains("partition line of n01"))
        .anyMatch(l -> l.startsWith("n02: ") && l.contains("FAILED: partition: sfdisk exited 1"))
        .anyMatch(l -> l.startsWith("n01: ") && l.contains("install SUCCEEDED"));
    assertThat(lines.get(lines.size() - 1)).startsWith("n01: ").contains("SUCCEEDED");
  }

  @Test
  void logsWithoutFollowPrintsWhatThereIsAndStops() throws Exception {
    fetchPlan("n01");
    post("n01", step("n01", "partition", 0, 2, ""));
    LiveServer.Result r = assertTimeoutPreemptively(LIMIT, () -> lui.lui("logs", "n01"));
    assertThat(r.out()).contains("partition stderr: partition line of n01").doesNotContain("n01: ");
  }

  @Test
  void statusWatchPrintsALinePerChangeAndEndsWhenEveryNodeIsFinal() throws Exception {
    for (String n : List.of("n01", "n02", "n03")) {
      fetchPlan(n);
    }
    post("n01", step("n01", "partition", 0, 2, ""));
    CompletableFuture<Void> agents =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(800);
                post("n01", List.of(finished("n01", 3, "")));
                Thread.sleep(800);
                post("n02", List.of(finished("n02", 3, "")));
                Thread.sleep(800);
                post("n03", step("n03", "partition", 0, 1, "sfdisk exited 1"));
                post("n03", List.of(finished("n03", 1, "partition: sfdisk exited 1")));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    LiveServer.Result r =
        assertTimeoutPreemptively(
            LIMIT, () -> lui.lui("status", "--watch", "n[01-03]", "--interval", "0.1"));
    agents.join();
    assertThat(r.code()).as("a node failed: " + r.err()).isEqualTo(1);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).noneMatch(l -> l.contains("\u001b"));
    assertThat(lines.get(0)).startsWith("0 waiting, 3 installing, 0 installed/verified, 0 failed");
    assertThat(lines)
        .as("one line per change, not per look")
        .filteredOn(l -> l.contains(" installing, "))
        .extracting(l -> l.substring(0, l.indexOf(';') < 0 ? l.length() : l.indexOf(';')))
        .containsExactly(
            "0 waiting, 3 installing, 0 installed/verified, 0 failed",
            "0 waiting, 2 installing, 1 installed/verified, 0 failed",
            "0 waiting, 1 installing, 2 installed/verified, 0 failed",
            "0 waiting, 0 installing, 2 installed/verified, 1 failed");
    assertThat(lines.get(1)).contains("estimated end");
    assertThat(lines).contains("failed (1): n03");
  }

  @Test
  void statusWatchOfNodesAlreadyFinalEndsAtOnceAndNamesTheWaitingOnesWhileThereAreAny()
      throws Exception {
    runTheBatch();
    LiveServer.Result done =
        assertTimeoutPreemptively(LIMIT, () -> lui.lui("status", "--watch", "n[01-02]"));
    assertThat(done.code()).isZero();
    assertThat(done.out()).startsWith("0 waiting, 0 installing, 2 installed/verified, 0 failed");
    LiveServer.Result empty =
        assertTimeoutPreemptively(
            LIMIT, () -> lui.lui("status", "--watch", "--in-state", "installing"));
    assertThat(empty.code()).isZero();
    assertThat(empty.out()).startsWith("0 waiting, 0 installing");
  }

  @Test
  void watchRefusesJsonAndIntervalWithoutWatch() {
    assertThat(lui.lui("status", "--watch", "--json").code()).isEqualTo(2);
    assertThat(lui.lui("status", "--interval", "5").err()).contains("--interval goes with --watch");
  }
}
