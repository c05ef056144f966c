package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resources are content (#11), against a live server: what a node gets is the bytes the admin
 * uploaded, whatever happens to the file afterwards; versions; uploads checked by digest.
 */
class ResourceContentTest {
  @TempDir Path tmp;
  LiveServer lui;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    lui = new LiveServer(tmp.resolve("state"));
  }

  private boolean system;

  @AfterEach
  void stop() {
    lui.close();
  }

  private void ok(String... args) {
    LiveServer.Result r = lui.lui(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
  }

  /** Every node here gets the system resource too: only an armed node has a root and a plan. */
  private void defineNode(String name, int i, String... extra) {
    if (!system) {
      lui.withSystem();
      system = true;
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "define-node",
                name,
                "--mac",
                String.format("52:54:00:00:00:%02x", i),
                "--ip",
                "10.0.0." + (10 + i),
                "--netmask",
                "255.255.255.0",
                "--resource",
                LiveServer.SYSTEM));
    args.addAll(List.of(extra));
    ok(args.toArray(String[]::new));
  }

  /** The payload of the plan in the node's NFS root (what the agent fetches). */
  private JsonNode payload(String node, String name) throws IOException {
    JsonNode plan =
        Json.json().readTree(Files.readString(lui.nodeRoot(node).resolve("lui/plan.json")));
    for (JsonNode p : plan.path("payloads")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no payload " + name + " in " + plan);
  }

  private String token(String node) throws IOException {
    return Files.readString(lui.nodeRoot(node).resolve("lui/token")).trim();
  }

  private HttpResponse<byte[]> get(String url, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private String admin() throws IOException {
    return Files.readString(lui.state.resolve("admin.token")).trim();
  }

  private HttpResponse<String> adminCall(
      String method, String path, HttpRequest.BodyPublisher body, String type) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(lui.server.adminUrl() + path))
            .header("Authorization", "Bearer " + admin())
            .header("Content-Type", type)
            .method(method, body)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private List<Path> contentFiles() throws IOException {
    Path root = lui.state.resolve("content");
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /** The node fetches the payload's source with its token: the bytes it gets and their check. */
  private byte[] fetchAsAgent(String node, JsonNode payload) throws Exception {
    HttpResponse<byte[]> r = get(payload.path("source").asText(), token(node));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
    assertThat(sha256(r.body()))
        .as("the plan's sha256 still matches what is served")
        .isEqualTo(payload.path("sha256").asText());
    return r.body();
  }

  @Test
  void aSourceEditedAfterDefineIsServedAsItWasDefined() throws Exception {
    Path motd = Files.writeString(tmp.resolve("motd"), "hello\n");
    ok(
        "define-resource",
        "motd",
        "--type",
        "file",
        "--source",
        motd.toString(),
        "--target",
        "/etc/motd");
    defineNode("n01", 1, "--resource", "motd");
    Files.writeString(motd, "edited after define-resource\n");
    JsonNode payload = payload("n01", "motd");
    assertThat(payload.path("source").asText())
        .isEqualTo(
            lui.server.nodeUrl() + "/api/v1/agent/n01/content/" + sha256("hello\n".getBytes()));
    assertThat(fetchAsAgent("n01", payload)).asString(StandardCharsets.UTF_8).isEqualTo("hello\n");
  }

  @Test
  void aSourceSwappedForASymlinkAfterDefineIsServedAsItWasDefined() throws Exception {
    Path motd = Files.writeString(tmp.resolve("motd"), "hello\n");
    Path secret = Files.writeString(tmp.resolve("secret"), "root:$6$secret:19000:0:99999:7:::\n");
    ok(
        "define-resource",
        "motd",
        "--type",
        "file",
        "--source",
        motd.toString(),
        "--target",
        "/etc/motd");
    defineNode("n01", 1, "--resource", "motd");
    Files.delete(motd);
    Files.createSymbolicLink(motd, secret);
    assertThat(fetchAsAgent("n01", payload("n01", "motd")))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("hello\n");
  }

  @Test
  void updateResourceMakesANewVersionThePlanCarriesAndTheOldDigestIsNoLongerServed()
      throws Exception {
    Path motd = Files.writeString(tmp.resolve("motd"), "hello\n");
    ok("define-group", "compute");
    ok(
        "define-resource",
        "motd",
        "--type",
        "file",
        "--source",
        motd.toString(),
        "--target",
        "/etc/motd");
    ok("allocate", "motd", "--to", "compute");
    defineNode("n01", 1, "--group", "compute");
    JsonNode before = payload("n01", "motd");
    Path next = Files.writeString(tmp.resolve("motd.v2"), "hello, version 2\n");
    String v2 = sha256(Files.readAllBytes(next));

    LiveServer.Result r =
        lui.lui("update-resource", "motd", "--source", next.toString(), "--mode", "0600", "--yes");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("resource motd: version 2 is current")
        .contains("sha256 " + v2)
        .contains("(uploaded)")
        .contains("plans refreshed: n01");

    assertThat(lui.lui("list-resources").out())
        .containsPattern("motd +file +2 +" + v2.substring(0, 12) + " +17 B +group:compute +ready");
    LiveServer.Result show = lui.lui("show-resource", "motd");
    assertThat(show.out())
        .contains("version 2 of 2 is current")
        .containsPattern("\n1 +\\S+ +" + before.path("sha256").asText().substring(0, 12) + " +6 B")
        .containsPattern("\n2 \\* +\\S+ +" + v2.substring(0, 12) + " +17 B");
    JsonNode history = Json.json().readTree(lui.lui("show-resource", "motd", "--json").out());
    assertThat(history.path("versions"))
        .extracting(v -> v.path("version").asInt())
        .containsExactly(1, 2);
    assertThat(history.path("versions").get(1).path("spec").path("mode").asText())
        .isEqualTo("0600");
    assertThat(history.path("versions").get(1).path("spec").path("target").asText())
        .as("kept")
        .isEqualTo("/etc/motd");

    JsonNode after = payload("n01", "motd");
    assertThat(after.path("sha256").asText()).isEqualTo(v2);
    assertThat(after.path("mode").asText()).isEqualTo("0600");
    assertThat(fetchAsAgent("n01", after))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("hello, version 2\n");
    HttpResponse<byte[]> old = get(before.path("source").asText(), token("n01"));
    assertThat(old.statusCode()).isEqualTo(404);
    assertThat(new String(old.body(), StandardCharsets.UTF_8))
        .contains("version 1 of resource motd")
        .contains("fetch the plan again");

    LiveServer.Result same = lui.lui("update-resource", "motd", "--source", next.toString());
    assertThat(same.out()).contains("resource motd unchanged: version 2 is current");
    LiveServer.Result wrongType = lui.lui("update-resource", "nosuch", "--source", next.toString());
    assertThat(wrongType.code()).isEqualTo(2);
    assertThat(wrongType.err()).contains("resource 'nosuch' is not defined");
  }

  @Test
  void anUploadWhoseBytesDoNotHaveTheDeclaredDigestIsRefusedAndNothingIsStored() throws Exception {
    String declared = sha256("the bytes the client meant".getBytes());
    String actual = sha256("other bytes".getBytes());
    HttpResponse<String> r =
        adminCall(
            "PUT",
            "/api/v1/content/" + declared,
            HttpRequest.BodyPublishers.ofString("other bytes"),
            "application/octet-stream");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.json().readTree(r.body()).path("message").asText())
        .contains(declared)
        .contains(actual)
        .contains("nothing was stored");
    assertThat(contentFiles()).isEmpty();
    assertThat(
            adminCall(
                    "HEAD",
                    "/api/v1/content/" + declared,
                    HttpRequest.BodyPublishers.noBody(),
                    "application/octet-stream")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            adminCall(
                    "PUT",
                    "/api/v1/content/not-a-digest",
                    HttpRequest.BodyPublishers.ofString("x"),
                    "application/octet-stream")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            adminCall(
                    "PUT",
                    "/api/v1/content/" + actual,
                    HttpRequest.BodyPublishers.ofString("other bytes"),
                    "application/json")
                .body())
        .contains("Content-Type 'application/json'");
  }

  @Test
  void theCliSkipsUploadingContentTheServerHas() throws Exception {
    Path motd = Files.writeString(tmp.resolve("motd"), "hello\n");
    String sha = sha256(Files.readAllBytes(motd));
    HttpResponse<String> put =
        adminCall(
            "PUT",
            "/api/v1/content/" + sha,
            HttpRequest.BodyPublishers.ofFile(motd),
            "application/octet-stream");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    assertThat(
            adminCall(
                    "HEAD",
                    "/api/v1/content/" + sha,
                    HttpRequest.BodyPublishers.noBody(),
                    "application/octet-stream")
                .statusCode())
        .isEqualTo(200);
    LiveServer.Result r =
        lui.lui(
            "define-resource",
            "motd",
            "--type",
            "file",
            "--source",
            motd.toString(),
            "--target",
            "/etc/motd");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("sha256 " + sha + "  6 bytes  (already on the server)");
    assertThat(r.err()).isEmpty();
    assertThat(contentFiles()).hasSize(1);
    assertThat(
            adminCall(
                    "HEAD",
                    "/api/v1/content/" + sha,
                    HttpRequest.BodyPublishers.noBody(),
                    "application/octet-stream")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aResourceReferringToContentNeverUploadedIsRefusedNamingIt() throws Exception {
    String never = sha256("never uploaded".getBytes());
    HttpResponse<String> r =
        adminCall(
            "POST",
            "/api/v1/resources",
            HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"motd\",\"type\":\"file\",\"target\":\"/etc/motd\",\"source\":{\"name\":\"motd.txt\",\"sha256\":\""
                    + never
                    + "\",\"size\":14}}"),
            "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.json().readTree(r.body()).path("message").asText())
        .startsWith("--source 'motd.txt': no content with sha256 " + never + " on the server");
    assertThat(lui.lui("list-resources", "--json").out().strip()).isEqualTo("[ ]");
  }

  @Test
  void aServerPathIsNoLongerASourceAndTheMessageSaysWhy() throws Exception {
    HttpResponse<String> r =
        adminCall(
            "POST",
            "/api/v1/resources",
            HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"shadow\",\"type\":\"file\",\"target\":\"/etc/x\",\"source\":\"/etc/shadow\"}"),
            "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.json().readTree(r.body()).path("message").asText())
        .startsWith("--source '/etc/shadow': the server no longer reads files by path")
        .contains("upgrade the lui client");
    HttpResponse<String> table =
        adminCall(
            "POST",
            "/api/v1/resources",
            HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"t\",\"type\":\"partition-table\",\"source\":\"/etc/shadow\"}"),
            "application/json");
    assertThat(table.body()).doesNotContain("root:");
    assertThat(contentFiles()).isEmpty();
  }

  @Test
  void aSourceTheCliUserCannotReadIsAClearCliErrorAndNothingIsSent() throws Exception {
    Path unreadable = Files.writeString(tmp.resolve("secret.conf"), "password=hunter2\n");
    Files.setPosixFilePermissions(
        unreadable, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
    String[] args = {
      "define-resource",
      "secret",
      "--type",
      "file",
      "--source",
      unreadable.toString(),
      "--target",
      "/etc/x",
      "--server",
      lui.server.adminUrl(),
      "--token-file",
      lui.state.resolve("admin.token").toString()
    };
    int code;
    String err;
    if ("root".equals(System.getProperty("user.name"))) {
      // Root reads any file: run the CLI as root without its capabilities, so the mode counts.
      Path setpriv = RealTools.program("setpriv");
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  setpriv.toString(),
                  "--bounding-set=-all",
                  "--inh-caps=-all",
                  ProcessHandle.current().info().command().orElse("java"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.lui.core.cli.LuiMain"));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI without capabilities ended").isTrue();
      code = p.exitValue();
    } else {
      LiveServer.Result r = LiveServer.raw(args);
      code = r.code();
      err = r.err();
    }
    assertThat(code).as(err).isEqualTo(2);
    assertThat(err.lines().filter(l -> l.startsWith("lui: ")).toList())
        .containsExactly(
            "lui: --source '" + unreadable + "': cannot read this file (permission denied)");
    assertThat(contentFiles()).isEmpty();
    assertThat(lui.lui("list-resources", "--json").out().strip()).isEqualTo("[ ]");
  }

  @Test
  void contentIsServedOnlyToNodesWhoseResourcesReferToIt() throws Exception {
    Path motd = Files.writeString(tmp.resolve("motd"), "hello\n");
    ok(
        "define-resource",
        "motd",
        "--type",
        "file",
        "--source",
        motd.toString(),
        "--target",
        "/etc/motd");
    defineNode("n01", 1, "--resource", "motd");
    defineNode("n02", 2);
    String url = payload("n01", "motd").path("source").asText();
    HttpResponse<byte[]> other = get(url.replace("/agent/n01/", "/agent/n02/"), token("n02"));
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(new String(other.body(), StandardCharsets.UTF_8))
        .contains("not a file of any resource allocated to n02");
    assertThat(get(url, token("n02")).statusCode()).as("another node's token").isEqualTo(401);
    assertThat(get(url, admin()).statusCode())
        .as("the admin token opens no agent call")
        .isEqualTo(401);
    assertThat(
            get(url.replaceAll("[0-9a-f]{64}$", "..%2F..%2Fadmin.token"), token("n01"))
                .statusCode())
        .isIn(400, 404);
  }

  @Test
  void aPackageListUploadsTheListAndEveryPackageItNamesInOrder() throws Exception {
    Files.createDirectories(tmp.resolve("pkgs/sub"));
    Path a = Files.writeString(tmp.resolve("pkgs/a_1.0_all.deb"), "package a");
    Path b = Files.writeString(tmp.resolve("pkgs/sub/b_1.0_all.deb"), "package b");
    Path list =
        Files.writeString(
            tmp.resolve("pkgs/tools.deblist"), "# tools\na_1.0_all.deb\nsub/b_1.0_all.deb  # b\n");
    LiveServer.Result r =
        lui.lui("define-resource", "tools", "--type", "deb-list", "--source", list.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("  a_1.0_all.deb  sha256 " + sha256(Files.readAllBytes(a)))
        .contains("  sub/b_1.0_all.deb  sha256 ");
    assertThat(lui.lui("list-resources").out())
        .containsPattern(
            "tools +deb-list +1 +" + sha256(Files.readAllBytes(list)).substring(0, 12));
    defineNode("n01", 1, "--resource", "tools");
    JsonNode sources = payload("n01", "tools").path("packages");
    assertThat(sources).hasSize(2);
    for (int i = 0; i < 2; i++) {
      byte[] got = fetchAsAgent("n01", sources.get(i));
      assertThat(got).isEqualTo(Files.readAllBytes(i == 0 ? a : b));
    }

    Path missing =
        Files.writeString(tmp.resolve("pkgs/broken.deblist"), "a_1.0_all.deb\nmissing.deb\n");
    LiveServer.Result bad =
        lui.lui("define-resource", "broken", "--type", "deb-list", "--source", missing.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .startsWith(
            "lui: "
                + missing
                + " line 2 (relative to "
                + tmp.resolve("pkgs")
                + ") 'missing.deb': no such file")
        .hasLineCount(1);
    assertThat(lui.lui("list-resources").out()).doesNotContain("broken");
  }
}
