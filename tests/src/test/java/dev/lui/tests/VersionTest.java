package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.contract.AgentApi;
import dev.lui.contract.BuildInfo;
import dev.lui.core.server.LuiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Issue #15: which lui this is, from the CLI, the server's log, its API and its agents' calls. */
class VersionTest {
  @TempDir Path tmp;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void luiVersionPrintsVersionAndCommit() {
    LiveServer.Result r = LiveServer.raw("--version");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("lui " + BuildInfo.current());
  }

  @Test
  void theServerLogsItsVersionAtStartAndTheApiAndPlanFetchName() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(LuiServer.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    ch.qos.logback.classic.Level level = log.getLevel();
    log.setLevel(ch.qos.logback.classic.Level.INFO);
    try (LiveServer lui = new LiveServer(tmp.resolve("state")).withSystem()) {
      assertThat(logged.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(m -> assertThat(m).startsWith("lui " + BuildInfo.current() + " starting"));

      HttpResponse<String> version =
          get(lui.server.adminUrl() + "/api/v1/version", lui.adminToken());
      assertThat(version.statusCode()).isEqualTo(200);
      JsonNode body = new ObjectMapper().readTree(version.body());
      assertThat(body.path("version").asText()).isEqualTo(BuildInfo.current().version());
      assertThat(body.path("commit").asText()).isEqualTo(BuildInfo.current().commit());
      assertThat(get(lui.server.adminUrl() + "/api/v1/version", "").statusCode())
          .as("behind the admin token like every admin call")
          .isEqualTo(401);

      LiveServer.Result r = lui.lui(CliAgainstLiveServerTest.N01);
      assertThat(r.code()).as(r.err()).isZero();
      HttpResponse<String> plan =
          get(lui.server.nodeUrl() + AgentApi.planPath("n01"), lui.nodeToken("n01"));
      assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
      assertThat(plan.headers().firstValue(AgentApi.VERSION_HEADER))
          .hasValue(BuildInfo.current().toString());
    } finally {
      log.detachAppender(logged);
      log.setLevel(level);
    }
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (!token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
