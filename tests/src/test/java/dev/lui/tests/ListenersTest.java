package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #12: the node listener (cluster network) serves the agents and the boot files and no admin
 * call; the admin listener serves the admin API and no agent call; the CLI says when it reached the
 * wrong one, and never sends the admin token in clear off loopback.
 */
class ListenersTest {
  @TempDir Path tmp;
  LiveServer lui;
  String adminToken;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    lui = new LiveServer(tmp.resolve("state")).withSystem();
    adminToken = Files.readString(lui.state.resolve("admin.token")).strip();
    LiveServer.Result r = lui.lui(CliAgainstLiveServerTest.N01);
    assertThat(r.code()).as(r.err()).isZero();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /api/v1/nodes", "GET, /api/v1/status", "GET, /api/v1/nodes/n01/plan",
        "GET, /api/v1/transfers",
    "GET, /api/v1/dhcp/isc", "POST, /api/v1/nodes", "POST, /api/v1/install",
        "POST, /api/v1/reconcile",
    "DELETE, /api/v1/nodes/n01", "PUT, /api/v1/groups/compute", "GET, /api/v1/nope",
        "POST, /api/v1/apply",
    "GET, /api/v1/export",
        "HEAD, /api/v1/content/59869db34853933b239f1e2219cf7d431da006aa919635478511fabbfc8849d2"
  })
  void adminCallsOnTheNodeListenerAreAPlain404WithOrWithoutTheAdminToken(String method, String path)
      throws Exception {
    for (boolean withToken : new boolean[] {false, true}) {
      HttpResponse<String> r =
          send(lui.server.nodeUrl(), method, path, withToken ? adminToken : "");
      assertThat(r.statusCode()).as("%s %s, token %s", method, path, withToken).isEqualTo(404);
      assertThat(r.body())
          .as("a plain 'no such path' (HEAD: no body)")
          .isEqualTo(
              method.equals("HEAD")
                  ? ""
                  : "{\"error\":\"not-found\",\"message\":\"no such path: " + path + "\"}");
      assertThat(r.headers().firstValue("Lui-Listener")).hasValue("node");
    }
    assertThat(lui.lui("show-node", "n01").code()).as("nothing changed").isZero();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /api/v1/agent/n01/plan",
    "POST, /api/v1/agent/n01/events",
    "POST, /api/v1/agent/n01/first-boot",
    "GET, /api/v1/agent/n01/content/59869db34853933b239f1e2219cf7d431da006aa919635478511fabbfc8849d2"
  })
  void agentCallsOnTheAdminListenerAre404EvenWithTheNodesToken(String method, String path)
      throws Exception {
    String nodeToken = Files.readString(lui.nodeRoot("n01").resolve("lui/token")).strip();
    for (String token : new String[] {nodeToken, adminToken}) {
      HttpResponse<String> r = send(lui.server.adminUrl(), method, path, token);
      assertThat(r.statusCode()).as("%s %s", method, path).isEqualTo(404);
      assertThat(r.body()).contains("agent calls go to the node listener");
    }
    assertThat(lui.lui("show-node", "n01").out())
        .as("no plan was handed out")
        .contains("defined")
        .doesNotContain("installing");
    assertThat(send(lui.server.nodeUrl(), method, path, nodeToken).statusCode())
        .as("where it belongs")
        .isNotEqualTo(404);
  }

  @Test
  void bootFilesAreServedOnTheNodeListenerOnly() throws Exception {
    Files.createDirectories(lui.state.resolve("tftp/lui"));
    Files.writeString(lui.state.resolve("tftp/lui/vmlinuz"), "kernel");
    assertThat(send(lui.server.nodeUrl(), "GET", "/lui/vmlinuz", "").statusCode()).isEqualTo(200);
    HttpResponse<String> admin = send(lui.server.adminUrl(), "GET", "/lui/vmlinuz", adminToken);
    assertThat(admin.statusCode()).isEqualTo(404);
    assertThat(admin.headers().firstValue("Lui-Listener")).hasValue("admin");
  }

  @Test
  void theCliPointedAtTheNodeListenerSaysWhereAdminCommandsGo() {
    LiveServer.Result r =
        LiveServer.raw(
            "list-nodes",
            "--server",
            lui.server.nodeUrl(),
            "--token-file",
            lui.state.resolve("admin.token").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "lui: --server '"
                + lui.server.nodeUrl()
                + "': this is lui's node listener; admin commands"
                + " go to the admin listener, see lui server --admin-http (on the server host STATE/server.url names it)\n");
  }

  @Test
  void theCliSendsTheAdminTokenOverPlainHttpToLoopbackOnly() {
    // TEST-NET-1: nothing answers there; the CLI must refuse before it tries.
    long t0 = System.nanoTime();
    LiveServer.Result r =
        LiveServer.raw(
            "list-nodes",
            "--server",
            "http://192.0.2.1:8081",
            "--token-file",
            lui.state.resolve("admin.token").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "lui: --server 'http://192.0.2.1:8081': the admin token goes over plain HTTP to a loopback address only")
        .contains("https://")
        .contains("SSH tunnel");
    assertThat((System.nanoTime() - t0) / 1_000_000)
        .as("refused without connecting (ms)")
        .isLessThan(4000);
    assertThat(
            LiveServer.raw(
                    "list-nodes",
                    "--server",
                    "ftp://127.0.0.1:8081",
                    "--token-file",
                    lui.state.resolve("admin.token").toString())
                .err())
        .contains("write http://127.0.0.1:8081");
  }

  @Test
  void theStateDirectoryNamesTheAdminListener() throws Exception {
    assertThat(Files.readString(lui.state.resolve("server.url")).strip())
        .isEqualTo(lui.server.adminUrl())
        .isNotEqualTo(lui.server.nodeUrl());
    assertThat(LiveServer.raw("list-nodes", "--state", lui.state.toString()).out()).contains("n01");
    assertThat(lui.state.resolve("admin-cert.pem")).as("plain HTTP: no certificate").doesNotExist();
  }

  private HttpResponse<String> send(String base, String method, String path, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                method.equals("GET") || method.equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (!token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
