package dev.lui.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.lui.agent.steps.StepContext;
import dev.lui.contract.AgentJson;
import dev.lui.contract.event.AgentEvent;
import dev.lui.contract.event.EventBatch;
import dev.lui.contract.plan.PlanCodec;
import dev.lui.contract.plan.TestPlans;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server protocol end to end (dry-run, loopback): GET plan, POST events, bearer token. */
class AgentServerModeTest {
  @TempDir Path dir;

  @Test
  void fetchesPlanAndPostsEventsWithToken() throws Exception {
    ObjectMapper mapper = AgentJson.newMapper();
    List<String> auth = new ArrayList<>();
    List<AgentEvent> events = new ArrayList<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/agent/node01/plan",
        ex -> {
          synchronized (auth) {
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
          }
          byte[] body = PlanCodec.toJson(TestPlans.sample()).getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.createContext(
        "/api/v1/agent/node01/events",
        ex -> {
          EventBatch b = mapper.readValue(ex.getRequestBody().readAllBytes(), EventBatch.class);
          synchronized (auth) {
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            events.addAll(b.events());
          }
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
    try {
      Path token = Files.writeString(dir.resolve("token"), "tok-123\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int rc =
          AgentMain.run(
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              StepContext.Environment.defaults(),
              "--server",
              "http://127.0.0.1:" + server.getAddress().getPort(),
              "--node",
              "node01",
              "--token-file",
              token.toString(),
              "--dry-run",
              "--spool-dir",
              dir.resolve("spool").toString());
      assertThat(rc).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(0);
      assertThat(auth).isNotEmpty().containsOnly("Bearer tok-123");
      assertThat(events.get(events.size() - 1).kind()).isEqualTo(AgentEvent.Kind.INSTALL_FINISHED);
      assertThat(events).extracting(AgentEvent::seq).doesNotHaveDuplicates().isSorted();
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("tok-123");
      try (var spooled = Files.list(dir.resolve("spool"))) {
        List<Path> files = spooled.filter(f -> f.toString().endsWith(".jsonl")).toList();
        assertThat(files).as("one spool for this install, emptied once delivered").hasSize(1);
        assertThat(Files.size(files.get(0))).isZero();
        assertThat(files.get(0).getFileName().toString())
            .startsWith("node01-")
            .doesNotContain("tok");
      }
    } finally {
      server.stop(0);
    }
  }
}
