package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.testkit.RealTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's timeline (#16) through {@code lui timeline} and {@code GET /api/v1/nodes/NAME/timeline}
 * against a live server: a power action it refuses (no BMC), boot files fetched with curl over TFTP
 * (one missing) and over HTTP, the plan fetched and the agent's events posted as the agent posts
 * them, the first boot reported.
 */
class TimelineAgainstLiveServerTest {
  static final String MAC = "52:54:00:00:00:01";

  @TempDir Path tmp;
  LiveServer lui;
  final HttpClient http = HttpClient.newHttpClient();
  int seq;

  @BeforeEach
  void start() throws Exception {
    lui = new LiveServer(tmp.resolve("state")).withSystem();
    LiveServer.Result r =
        lui.lui(
            "define-node",
            "n01",
            "--mac",
            MAC,
            "--ip",
            "10.0.0.11",
            "--netmask",
            "255.255.255.0",
            "--resource",
            LiveServer.SYSTEM);
    assertThat(r.code()).as(r.err()).isZero();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  void tftp(String path, boolean exists) throws Exception {
    Process p =
        new ProcessBuilder(
                RealTools.program("curl").toString(),
                "-sS",
                "--fail",
                "-o",
                tmp.resolve("got").toString(),
                "tftp://127.0.0.1:" + lui.server.tftpAddress().getPort() + "/" + path)
            .redirectErrorStream(true)
            .start();
    String said = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor() == 0).as(path + ": " + said).isEqualTo(exists);
  }

  /** The agent's clock: its events 50 ms apart from just after the plan fetch. */
  Instant base;

  String event(String run, String kind, String more) {
    seq++;
    return "{\"runId\":\"%s\",\"seq\":%d,\"time\":\"%s\",\"kind\":\"%s\"%s}"
        .formatted(run, seq, base.plusMillis(seq * 50L), kind, more);
  }

  /** The agent's part: plan, a step that succeeds, the end as told. */
  String install(boolean ok) throws Exception {
    HttpResponse<Void> plan =
        http.send(
            HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/api/v1/agent/n01/plan"))
                .header("Authorization", "Bearer " + lui.nodeToken("n01"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(plan.statusCode()).isEqualTo(200);
    String run = plan.headers().firstValue("Lui-Run").orElseThrow();
    base = Instant.now();
    seq = 0;
    List<String> events = new ArrayList<>();
    events.add(event(run, "step-started", ",\"step\":\"partition\""));
    events.add(event(run, "log", ",\"step\":\"partition\",\"stream\":\"stdout\",\"text\":\"ok\""));
    events.add(
        event(
            run,
            "step-finished",
            ok
                ? ",\"step\":\"partition\",\"ok\":true"
                : ",\"step\":\"partition\",\"ok\":false,\"text\":\"sfdisk exited 1\""));
    events.add(event(run, "install-finished", ok ? ",\"ok\":true" : ",\"ok\":false"));
    Http.Reply r =
        new Http(lui.server.nodeUrl())
            .json(
                "POST",
                "/api/v1/agent/n01/events",
                lui.nodeToken("n01"),
                "{\"events\":[" + String.join(",", events) + "]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    // What the server does next must come after the agent's last event, as it would in a boot.
    while (!Instant.now().isAfter(base.plusMillis(seq * 50L))) {
      Thread.sleep(20);
    }
    return run;
  }

  /** The timeline once the server recorded {@code bootFiles} (TFTP's are stored off-thread). */
  JsonNode timeline(String query, int bootFiles) throws Exception {
    Http admin = new Http(lui.server.adminUrl());
    for (int i = 0; ; i++) {
      Http.Reply r = admin.get("/api/v1/nodes/n01/timeline" + query, lui.adminToken());
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      int seen = 0;
      for (JsonNode e : r.json().path("events")) {
        seen += e.path("kind").asText().equals("boot-file") ? 1 : 0;
      }
      if (seen >= bootFiles || i == 100) {
        return r.json();
      }
      Thread.sleep(50);
    }
  }

  @Test
  void showsTheWayFromArmedToTheFirstDiskBootInTheTerminalAndAsJson() throws Exception {
    LiveServer.Result power = lui.lui("power", "on", "n01");
    assertThat(power.code()).as("n01 has no BMC").isEqualTo(1);
    String dashed = MAC.replace(':', '-');
    tftp("pxelinux.cfg/01-" + dashed, true);
    HttpResponse<String> ipxe =
        http.send(
            HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/ipxe/" + dashed + ".ipxe"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ipxe.statusCode()).isEqualTo(200);
    String token = lui.nodeToken("n01"); // the installed system keeps it; its NFS root does not
    String run = install(true);
    // The first disk boot: the firmware still asks the network first; its entry is gone.
    tftp("pxelinux.cfg/01-" + dashed, false);
    Http.Reply booted =
        new Http(lui.server.nodeUrl()).json("POST", "/api/v1/agent/n01/first-boot", token, "{}");
    assertThat(booted.status()).as(booted.toString()).isEqualTo(204);

    JsonNode t = timeline("", 3);
    assertThat(t.path("run").asText()).isEqualTo(run);
    List<String> kinds = new ArrayList<>();
    t.path("events").forEach(e -> kinds.add(e.path("kind").asText()));
    assertThat(kinds)
        .containsExactly(
            "armed",
            "power",
            "boot-file",
            "boot-file",
            "plan-fetch",
            "step",
            "installed",
            "boot-file",
            "first-boot");
    JsonNode pxe = t.path("events").get(2);
    assertThat(pxe.path("detail").asText()).contains("tftp completed");
    assertThat(pxe.path("title").asText()).startsWith("pxelinux.cfg/01-");
    assertThat(pxe.path("seconds").isNumber()).as("TFTP transfers are timed").isTrue();
    assertThat(t.path("events").get(7).path("failure").asBoolean()).isTrue();
    assertThat(t.path("events").get(1).path("detail").asText()).contains("no BMC");
    assertThat(t.path("events").get(5).path("seconds").asDouble())
        .as("the step's duration, by the agent's clock")
        .isEqualTo(0.1);

    LiveServer.Result table = lui.lui("timeline", "n01");
    assertThat(table.code()).as(table.err()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("n01: run 1 of 1 (" + run + ")");
    assertThat(lines.get(1))
        .startsWith("TIME")
        .contains("OFFSET", "KIND", "WHAT", "TOOK", "DETAIL");
    assertThat(lines).hasSize(2 + kinds.size());
    assertThat(lines.get(2)).contains("+0.0s", "armed");
    assertThat(table.out())
        .contains("FAILED: n01 on failed: the node has no BMC")
        .contains("FAILED: tftp not found")
        .contains("ipxe/" + dashed + ".ipxe")
        .contains("http served")
        .contains("partition")
        .contains("0.1s")
        .contains("first disk boot");

    LiveServer.Result json = lui.lui("timeline", "n01", "--json");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(dev.lui.core.Json.json().readTree(json.out())).isEqualTo(t);
  }

  @Test
  void anEarlierRunIsSelectableAndAFailedOneShowsItsReason() throws Exception {
    install(false);
    assertThat(lui.lui("install", "n01").code()).isZero();
    String second = install(true);

    LiveServer.Result first = lui.lui("timeline", "n01", "--run", "1");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .startsWith("n01: run 1 of 2")
        .contains("FAILED: sfdisk exited 1")
        .contains("FAILED: partition: sfdisk exited 1")
        .doesNotContain("installed");
    assertThat(timeline("?run=-1", 0).path("run").asText()).isEqualTo(second);
    assertThat(lui.lui("timeline", "n01").out())
        .startsWith("n01: run 2 of 2")
        .contains("installed");
  }

  @Test
  void anUnknownNodeOrRunIsRefusedAndTheTokenIsRequired() {
    Http admin = new Http(lui.server.adminUrl());
    Http.Reply unknown = admin.get("/api/v1/nodes/n99/timeline", lui.adminToken());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("error").asText()).isNotEmpty();
    assertThat(unknown.message()).contains("n99");
    assertThat(admin.get("/api/v1/nodes/n01/timeline?run=3", lui.adminToken()).status())
        .as("n01 has no run yet")
        .isEqualTo(404);
    assertThat(admin.get("/api/v1/nodes/n01/timeline", "wrong-token").status()).isEqualTo(401);
    LiveServer.Result cli = lui.lui("timeline", "n99");
    assertThat(cli.code()).isEqualTo(2);
    assertThat(cli.err()).contains("n99");
    LiveServer.Result noRun = lui.lui("timeline", "n01");
    assertThat(noRun.code()).as(noRun.err()).isZero();
    assertThat(noRun.out()).startsWith("n01: current arming, no run yet").contains("armed");
  }
}
