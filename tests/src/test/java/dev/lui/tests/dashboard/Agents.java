package dev.lui.tests.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lui.core.Json;
import dev.lui.tests.LiveServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Nodes' agents as the server meets them: each fetches its plan with its own install token (which
 * opens a run) and posts its events over the node listener, as {@code lui-agent} does.
 */
final class Agents {
  private final LiveServer lui;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> runs = new HashMap<>();
  private final Map<String, Integer> seqs = new HashMap<>();

  Agents(LiveServer lui) {
    this.lui = lui;
  }

  /** Defines {@code count} armed nodes n01, n02, ... (with the system resource). */
  static void define(LiveServer lui, Path dir, int count) throws Exception {
    StringBuilder csv =
        new StringBuilder("name,mac,ip,netmask,gateway,hostname,groups,resources\n");
    for (int i = 1; i <= count; i++) {
      csv.append(
          String.format(
              "n%02d,52:54:00:00:%02x:%02x,10.0.%d.%d,255.255.0.0,10.0.0.1,,,%s%n",
              i, i / 256, i % 256, i / 250, 10 + i % 250, LiveServer.SYSTEM));
    }
    Path file = Files.writeString(dir.resolve("nodes.csv"), csv);
    LiveServer.Result defined = lui.lui("define-node", "--from", file.toString());
    assertThat(defined.code()).as(defined.err()).isZero();
  }

  /** The node's agent fetches its plan: its install starts. */
  void fetchPlan(String node) throws Exception {
    HttpResponse<Void> plan =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(lui.server.nodeUrl() + "/api/v1/agent/" + node + "/plan"))
                .header("Authorization", "Bearer " + lui.nodeToken(node))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(plan.statusCode()).isEqualTo(200);
    runs.put(node, plan.headers().firstValue("Lui-Run").orElseThrow());
  }

  /** An event of the node's run; {@code more} adds fields (step, stream, text, ok). */
  ObjectNode event(String node, String kind, String... more) {
    ObjectNode e = Json.json().createObjectNode();
    e.put("runId", runs.get(node));
    e.put("seq", seqs.merge(node, 1, Integer::sum));
    e.put("time", Instant.now().toString());
    e.put("kind", kind);
    for (int i = 0; i + 1 < more.length; i += 2) {
      if (more[i].equals("ok")) {
        e.put("ok", Boolean.parseBoolean(more[i + 1]));
      } else {
        e.put(more[i], more[i + 1]);
      }
    }
    return e;
  }

  void post(String node, ObjectNode... events) throws Exception {
    ObjectNode batch = Json.json().createObjectNode();
    ArrayNode list = batch.putArray("events");
    for (ObjectNode e : events) {
      list.add(e);
    }
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(lui.server.nodeUrl() + "/api/v1/agent/" + node + "/events"))
                .header("Authorization", "Bearer " + lui.nodeToken(node))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.json().writeValueAsString(batch)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** A step that starts, prints {@code line} and ends, well or with {@code error}. */
  void step(String node, String step, String line, String error) throws Exception {
    post(
        node,
        event(node, "step-started", "step", step),
        event(node, "log", "step", step, "stream", "stdout", "text", line),
        error.isEmpty()
            ? event(node, "step-finished", "step", step, "ok", "true")
            : event(node, "step-finished", "step", step, "ok", "false", "text", error));
  }

  void finish(String node, String error) throws Exception {
    post(
        node,
        error.isEmpty()
            ? event(node, "install-finished", "ok", "true")
            : event(node, "install-finished", "ok", "false", "text", error));
  }
}
