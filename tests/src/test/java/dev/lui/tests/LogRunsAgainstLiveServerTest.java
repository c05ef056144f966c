package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Install logs kept per run (#15) through the CLI against a live server keeping two runs per node:
 * a fake agent fetches its plan (which opens a run) and posts events as the agent does, and the
 * node is re-armed with {@code lui install} between runs.
 */
class LogRunsAgainstLiveServerTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path tmp;
  LiveServer lui;
  final List<String> runIds = new ArrayList<>();
  int seq;

  @BeforeEach
  void start() {
    lui =
        new LiveServer(
                tmp.resolve("state"), c -> c.withLogs(new ServerConfig.Logs(Optional.empty(), 2)))
            .withSystem();
    LiveServer.Result defined =
        lui.lui(
            "define-node",
            "n01",
            "--mac",
            "52:54:00:00:00:01",
            "--ip",
            "10.0.0.11",
            "--netmask",
            "255.255.255.0",
            "--resource",
            LiveServer.SYSTEM);
    assertThat(defined.code()).as(defined.err()).isZero();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  /** One agent run: fetch the plan, log {@code line}, finish as told (or not at all). */
  void run(String line, Optional<Boolean> ok) throws Exception {
    HttpResponse<Void> plan =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/api/v1/agent/n01/plan"))
                    .header("Authorization", "Bearer " + lui.nodeToken("n01"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(plan.statusCode()).isEqualTo(200);
    String run = plan.headers().firstValue("Lui-Run").orElseThrow();
    runIds.add(run);
    List<String> events = new ArrayList<>();
    events.add(
        event(
            run, "log", ",\"step\":\"partition\",\"stream\":\"stdout\",\"text\":\"" + line + "\""));
    ok.ifPresent(
        good ->
            events.add(
                event(
                    run,
                    "install-finished",
                    good ? ",\"ok\":true" : ",\"ok\":false,\"text\":\"sfdisk exited 1\"")));
    Http.Reply r =
        new Http(lui.server.nodeUrl())
            .json(
                "POST",
                "/api/v1/agent/n01/events",
                lui.nodeToken("n01"),
                "{\"events\":[" + String.join(",", events) + "]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  String event(String run, String kind, String more) {
    seq++;
    return "{\"runId\":\""
        + run
        + "\",\"seq\":"
        + seq
        + ",\"time\":\""
        + T0.plusSeconds(seq)
        + "\",\"kind\":\""
        + kind
        + "\""
        + more
        + "}";
  }

  @Test
  void aResendOfTheBatchThatEndedTheInstallIsTakenAndNewEventsAreStillRefused() throws Exception {
    String token = lui.nodeToken("n01"); // its node root goes when the install ends
    run("sfdisk ok", Optional.of(true)); // seq 1 and 2: the install ends
    String run = runIds.get(0);
    seq = 0;
    String batch =
        "{\"events\":["
            + event(
                run, "log", ",\"step\":\"partition\",\"stream\":\"stdout\",\"text\":\"sfdisk ok\"")
            + ","
            + event(run, "install-finished", ",\"ok\":true")
            + "]}";
    Http node = new Http(lui.server.nodeUrl());
    // The agent resends a batch whose answer it did not get (a timeout under load).
    Http.Reply resent = node.json("POST", "/api/v1/agent/n01/events", token, batch);
    assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
    assertThat(resent.json().path("count").asInt()).isZero();
    String late =
        "{\"events\":[" + event(run, "log", ",\"stream\":\"agent\",\"text\":\"late\"") + "]}";
    Http.Reply refused = node.json("POST", "/api/v1/agent/n01/events", token, late);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    assertThat(lui.lui("logs", "n01").out()).doesNotContain("late");
  }

  void rearm() {
    LiveServer.Result r = lui.lui("install", "n01");
    assertThat(r.code()).as(r.err()).isZero();
  }

  /** Three installs of n01; the server keeps two runs, so the first one's log is gone. */
  void threeInstalls() throws Exception {
    run("first install", Optional.of(true));
    rearm();
    run("second install", Optional.of(false));
    rearm();
    run("third install", Optional.empty());
  }

  @Test
  void logsShowsTheCurrentInstallAndRunShowsAKeptEarlierOne() throws Exception {
    threeInstalls();

    LiveServer.Result current = lui.lui("logs", "n01");
    assertThat(current.code()).as(current.err()).isZero();
    assertThat(current.out()).contains("third install").doesNotContain("second install");

    LiveServer.Result previous = lui.lui("logs", "n01", "--run", "1");
    assertThat(previous.code()).as(previous.err()).isZero();
    assertThat(previous.out())
        .contains("second install")
        .contains("install FAILED: sfdisk exited 1")
        .doesNotContain("third install");
    assertThat(lui.lui("logs", "n01", "--run", "-2").out()).isEqualTo(previous.out());
    assertThat(lui.lui("logs", "n01", "--run", runIds.get(1)).out()).isEqualTo(previous.out());
    assertThat(lui.lui("logs", "n01", "--run", "-1").out()).contains("third install");
  }

  @Test
  void runsListsTheKeptRunsNumberedOldestFirstAndTheOldestRunIsGone() throws Exception {
    threeInstalls();

    LiveServer.Result runs = lui.lui("logs", "n01", "--runs");
    assertThat(runs.code()).as(runs.err()).isZero();
    List<String> lines = runs.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("RUN").contains("KIND", "OPENED", "ENDED", "OUTCOME");
    assertThat(lines.get(1))
        .matches("1 +install \\(earlier\\) +\\S+ +\\S+ +failed +" + runIds.get(1));
    assertThat(lines.get(2)).matches("2 +install +\\S+ +- +running +" + runIds.get(2));

    Http admin = new Http(lui.server.adminUrl());
    String token = lui.adminToken();
    assertThat(admin.get("/api/v1/nodes/n01/log", token).json().toString())
        .as("the first run went with its log when the third opened")
        .doesNotContain("first install")
        .contains("second install", "third install");
    assertThat(admin.get("/api/v1/nodes/n01/runs", token).json()).hasSize(2);
    assertThat(admin.get("/api/v1/nodes/n01/log?run=1", token).json().toString())
        .contains("second install")
        .doesNotContain("third install");
  }

  @Test
  void aRunNumberOutOfRangeSaysHowToListThemAndChangesNothing() throws Exception {
    threeInstalls();
    LiveServer.Result bad = lui.lui("logs", "n01", "--run", "3");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("run '3'", "give 1 to 2", "lui logs n01 --runs");
    assertThat(
            new Http(lui.server.adminUrl())
                .get("/api/v1/nodes/n01/log?run=r-x", lui.adminToken())
                .status())
        .isEqualTo(404);
    LiveServer.Result many = lui.lui("logs", "n[01-02]", "--run", "1");
    assertThat(many.code()).isEqualTo(2);
    assertThat(many.err()).contains("--run takes one node");
    assertThat(lui.lui("logs", "n01", "--runs").out().lines()).hasSize(3);
  }

  @Test
  void reportAndFollowStayOnTheCurrentInstall() throws Exception {
    run("first install", Optional.of(false));
    rearm();
    run("second install", Optional.of(true));
    LiveServer.Result follow = lui.lui("logs", "n01", "--follow");
    assertThat(follow.code()).as(follow.err()).isZero();
    assertThat(follow.out()).contains("second install", "SUCCEEDED").doesNotContain("first");
    LiveServer.Result report = lui.lui("report", "n01");
    assertThat(report.code()).as(report.err()).isZero();
    assertThat(report.out()).contains("1 succeeded, 0 failed");
  }
}
