package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node sets (#14) through the CLI against a live server: the CLI sends the expression, the server
 * expands it against its store.
 */
class NodeSetsAgainstLiveServerTest {
  @TempDir Path tmp;
  LiveServer lui;

  /** n01-n04 in compute, n05-n06 in gpu, all armed; n03's install failed. */
  @BeforeEach
  void start() throws Exception {
    lui = new LiveServer(tmp.resolve("state")).withSystem();
    assertThat(lui.lui("define-group", "compute", "gpu").code()).isZero();
    StringBuilder csv =
        new StringBuilder("name,mac,ip,netmask,gateway,hostname,groups,resources\n");
    for (int i = 1; i <= 6; i++) {
      csv.append(
          String.format(
              "n%02d,52:54:00:00:00:%02x,10.0.0.%d,255.255.255.0,10.0.0.1,,%s,%s%n",
              i, i, 10 + i, i <= 4 ? "compute" : "gpu", LiveServer.SYSTEM));
    }
    Path file = Files.writeString(tmp.resolve("nodes.csv"), csv);
    LiveServer.Result defined = lui.lui("define-node", "--from", file.toString());
    assertThat(defined.code()).as(defined.err()).isZero();
    fail("n03");
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  /** The node's agent fetches its plan (the install starts) and reports that it failed. */
  private void fail(String node) throws Exception {
    String token = lui.nodeToken(node);
    java.net.http.HttpResponse<Void> plan =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            lui.server.nodeUrl() + "/api/v1/agent/" + node + "/plan"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    String run = plan.headers().firstValue("Lui-Run").orElseThrow();
    Http.Reply r =
        new Http(lui.server.nodeUrl())
            .json(
                "POST",
                "/api/v1/agent/" + node + "/events",
                token,
                "{\"events\":[{\"runId\":\""
                    + run
                    + "\",\"seq\":1,\"time\":\"2026-12-01T10:00:00Z\",\"kind\":\"log\","
                    + "\"step\":\"partition\",\"stream\":\"stderr\",\"text\":\"no disk\"},"
                    + "{\"runId\":\""
                    + run
                    + "\",\"seq\":2,\"time\":\"2026-12-01T10:00:01Z\","
                    + "\"kind\":\"install-finished\",\"ok\":false,\"text\":\"no disk\"}]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  @Test
  void statusTakesRangesGroupsAndAStateAndFoldsTheNamesBack() throws IOException {
    LiveServer.Result all = lui.lui("status");
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.out())
        .contains("5 defined, 0 installing, 0 installed, 1 failed")
        .contains("defined: n[01-02,04-06]")
        .contains("failed: n03");
    LiveServer.Result range = lui.lui("status", "n[02-04]");
    assertThat(range.out()).contains("2 defined, 0 installing, 0 installed, 1 failed");
    assertThat(range.out()).doesNotContain("n01").doesNotContain("n05");
    LiveServer.Result gpu = lui.lui("status", "@gpu,n01");
    assertThat(gpu.out()).contains("defined: n[01,05-06]").doesNotContain("n03");
    LiveServer.Result failed = lui.lui("status", "--in-state", "failed", "--json");
    assertThat(Json.json().readTree(failed.out()).path("nodes"))
        .extracting(n -> n.path("name").asText())
        .containsExactly("n03");
    assertThat(lui.lui("status", "@compute", "--in-state", "installed").out())
        .as("a filter that leaves nothing is an empty answer")
        .contains("0 defined, 0 installing, 0 installed, 0 failed");
  }

  @Test
  void reportTakesRangesGroupsAndAState() throws IOException {
    LiveServer.Result r = lui.lui("report", "@compute", "--in-state", "failed");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("n03 failed: no disk")
        .contains("0 succeeded, 1 failed, 0 not finished")
        .contains("failed: n03");
    JsonNode report = Json.json().readTree(lui.lui("report", "n[05-06]", "--json").out());
    assertThat(report.path("nodes"))
        .extracting(n -> n.path("name").asText())
        .containsExactly("n05", "n06");
  }

  @Test
  void installTakesASetAndTheFailedOnes() {
    LiveServer.Result failed = lui.lui("install", "--in-state", "failed");
    assertThat(failed.code()).as(failed.err()).isZero();
    assertThat(failed.out()).isEqualTo("armed node n03 for install\n");
    assertThat(lui.lui("status", "n03").out()).contains("1 defined");
    LiveServer.Result set = lui.lui("install", "n[01-02],@gpu");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(set.out())
        .isEqualTo(
            "armed node n01 for install\narmed node n02 for install\n"
                + "armed node n05 for install\narmed node n06 for install\n");
    LiveServer.Result none = lui.lui("install", "--in-state", "failed");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo(
            "lui: no node to install: every node in state failed selects none; nothing was"
                + " armed\n");
  }

  @Test
  void badSetsAreOneLineNamingThePartAndTheFix() {
    LiveServer.Result down = lui.lui("install", "n[5-2]");
    assertThat(down.code()).isEqualTo(2);
    assertThat(down.err())
        .isEqualTo("lui: install 'n[5-2]': the range 5-2 goes down: write n[2-5]\n");
    LiveServer.Result group = lui.lui("status", "@io");
    assertThat(group.code()).isEqualTo(2);
    assertThat(group.err())
        .isEqualTo(
            "lui: nodes '@io': no such group (groups: compute, gpu); define it with 'lui"
                + " define-group io'\n");
    LiveServer.Result padding = lui.lui("report", "n[001-006]");
    assertThat(padding.code()).isEqualTo(2);
    assertThat(padding.err())
        .isEqualTo(
            "lui: nodes 'n[001-006]': matches no defined node (defined: n[01-06]); check the"
                + " numbers and their zero padding\n");
    LiveServer.Result state = lui.lui("status", "--in-state", "broken");
    assertThat(state.code()).isEqualTo(2);
    assertThat(state.err()).contains("state 'broken': a node state: one of defined");
  }

  @Test
  void removingARangeOfArmedNodesAsksFirstThenRemovesThemInOneGo() throws IOException {
    LiveServer.Result unconfirmed = lui.lui("remove-node", "n[01-02],n04");
    assertThat(unconfirmed.code()).isEqualTo(2);
    assertThat(unconfirmed.err())
        .isEqualTo(
            "lui: removing n[01-02],n04 removes 3 armed nodes: n[01-02,04]; nothing was changed."
                + " Confirm with --yes (API: ?yes=true)\n");
    assertThat(Files.readString(lui.dhcpdConf())).contains("host n01");
    LiveServer.Result removed = lui.lui("remove-node", "n[01-02],n04", "--yes");
    assertThat(removed.code()).as(removed.err()).isZero();
    assertThat(removed.out()).isEqualTo("removed node n01\nremoved node n02\nremoved node n04\n");
    assertThat(Files.readString(lui.dhcpdConf()))
        .doesNotContain("host n01")
        .doesNotContain("host n04")
        .contains("host n05");
    assertThat(lui.nodeRoot("n02")).doesNotExist();
    LiveServer.Result named = lui.lui("remove-node", "n05", "n06");
    assertThat(named.code()).as("nodes named one by one: no question").isZero();
    LiveServer.Result ask = lui.lui("remove-node", "--in-state", "failed");
    assertThat(ask.code())
        .as("a failed node is still armed: it reinstalls at its next boot")
        .isEqualTo(2);
    assertThat(ask.err()).contains("removing every node in state failed removes 1 armed node: n03");
    LiveServer.Result failed = lui.lui("remove-node", "--in-state", "failed", "--yes");
    assertThat(failed.code()).as(failed.err()).isZero();
    assertThat(failed.out()).isEqualTo("removed node n03\n");
    assertThat(lui.lui("list-nodes", "--json").out()).isEqualTo("[ ]\n");
  }

  @Test
  void installWithJsonPrintsTheArmedNodes() throws IOException {
    LiveServer.Result r = lui.lui("install", "n[01-02]", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Json.json().readTree(r.out()))
        .extracting(n -> n.path("name").asText())
        .containsExactly("n01", "n02");
  }

  @Test
  void showNodeAndLogsTakeASet() throws IOException {
    JsonNode shown = Json.json().readTree(lui.lui("show-node", "@compute", "--json").out());
    assertThat(shown)
        .extracting(n -> n.path("name").asText())
        .containsExactly("n01", "n02", "n03", "n04");
    assertThat(lui.lui("show-node", "n01", "--json").out()).startsWith("{");
    assertThat(lui.lui("show-node", "n[01-02]", "--plan").err())
        .contains("--plan 'n[01-02]': shows one node's plan: name one node");
    LiveServer.Result logs = lui.lui("logs", "n[01-04]");
    assertThat(logs.code()).as(logs.err()).isZero();
    assertThat(logs.out()).contains("n03: ").contains("partition stderr: no disk");
    assertThat(lui.lui("logs", "n03").out()).startsWith("2026-12-01T10:00:00Z partition");
    java.util.List<String> lines = lui.lui("logs", "n[01-04]", "--json").out().lines().toList();
    assertThat(lines).as("one JSON object per entry").isNotEmpty();
    for (String line : lines) {
      assertThat(Json.json().readTree(line).path("node").asText()).isIn("n01", "n02", "n03", "n04");
    }
  }

  @Test
  void theApiExpandsTheSameSyntax() {
    Http http = new Http(lui.server);
    Http.Reply nodes =
        http.get("/api/v1/nodes?nodes=n%5B01-02%5D,%40gpu&state=defined", lui.adminToken());
    assertThat(nodes.status()).as(nodes.toString()).isEqualTo(200);
    assertThat(nodes.json())
        .extracting(n -> n.path("name").asText())
        .containsExactly("n01", "n02", "n05", "n06");
    Http.Reply down = http.get("/api/v1/status?nodes=n%5B5-2%5D", lui.adminToken());
    assertThat(down.status()).isEqualTo(400);
    assertThat(down.message()).isEqualTo("nodes 'n[5-2]': the range 5-2 goes down: write n[2-5]");
    Http.Reply everything =
        http.send(
            "DELETE",
            "/api/v1/nodes",
            java.util.Optional.of(lui.adminToken()),
            java.util.Optional.empty(),
            new byte[0],
            false);
    assertThat(everything.status()).as("no set: nothing removed").isEqualTo(400);
  }
}
