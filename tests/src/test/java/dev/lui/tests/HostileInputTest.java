package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.testkit.RealTools;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The faults a black-box probe found (#12), each against a live server: what a hostile or careless
 * client sends, and the answer it must get. Nothing here may reach a 5xx.
 */
class HostileInputTest {
  static final String N01 =
      "{\"name\":\"n01\",\"mac\":\"52:54:00:00:00:01\",\"ip\":\"10.77.0.11\",\"netmask\":\"255.255.255.0\",\"groups\":[],\"resources\":[\"system\"]}";

  @TempDir Path tmp;
  LiveServer lui;
  Http http;
  String admin;

  @BeforeEach
  void start() {
    lui = new LiveServer(tmp.resolve("state")).withSystem();
    http = new Http(lui.server);
    admin = lui.adminToken();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  private Http.Reply defineN01() {
    Http.Reply r = http.json("POST", "/api/v1/nodes", admin, "[" + N01 + "]");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r;
  }

  private final java.util.Map<String, String> runs = new java.util.HashMap<>();

  /** Posts events as the node's agent: "r1" stands for the run its (first) plan fetch opened. */
  private Http.Reply events(String node, String events) {
    String run = runs.computeIfAbsent(node, n -> openRun(n));
    return http.json(
        "POST",
        "/api/v1/agent/" + node + "/events",
        lui.nodeToken(node),
        "{\"events\":[" + events.replace("\"runId\":\"r1\"", "\"runId\":\"" + run + "\"") + "]}");
  }

  private String openRun(String node) {
    try {
      java.net.http.HttpResponse<Void> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              lui.server.nodeUrl() + "/api/v1/agent/" + node + "/plan"))
                      .header("Authorization", "Bearer " + lui.nodeToken(node))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding());
      return r.headers()
          .firstValue("Lui-Run")
          .orElseThrow(() -> new AssertionError("no run: HTTP " + r.statusCode()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String event(long seq, String kind, String extra) {
    return "{\"runId\":\"r1\",\"seq\":"
        + seq
        + ",\"time\":\"2026-12-01T10:00:00Z\",\"kind\":\""
        + kind
        + "\""
        + extra
        + "}";
  }

  private static String json(String text) {
    try {
      return Json.json().writeValueAsString(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ 1. body limits

  @ParameterizedTest(name = "chunked={0}")
  @ValueSource(booleans = {true, false})
  void anAdminBodyOverOneMebibyteIs413WhetherChunkedOrNot(boolean chunked) {
    byte[] body = ("[" + "\"n01\",".repeat(400_000) + "\"n01\"]").getBytes(StandardCharsets.UTF_8);
    Http.Reply r =
        http.send(
            "POST",
            "/api/v1/install",
            Optional.of(admin),
            Optional.of("application/json"),
            body,
            chunked);
    assertThat(r.status()).as(r.toString()).isEqualTo(413);
    assertThat(r.json().path("error").asText()).isEqualTo("too-large");
    assertThat(r.message())
        .startsWith(
            "request body too large: POST /api/v1/install takes at most 1 MiB (1048576 bytes)");
  }

  @ParameterizedTest(name = "{0} bytes to {1}")
  @CsvSource({"66000000, /api/v1/install, 1 MiB", "70000000, /api/v1/nodes, 64 MiB"})
  void aHugeChunkedBodyIsCutOffAtItsRoutesLimitNotParsed(long size, String path, String limit) {
    InputStream body =
        new SequenceInputStream(
            new ByteArrayInputStream("[\"".getBytes(StandardCharsets.UTF_8)),
            Http.generated(size, (byte) 'x'));
    Http.Reply r = http.stream("POST", path, admin, "application/json", () -> body);
    assertThat(r.status()).as(r.toString()).isEqualTo(413);
    assertThat(r.message()).contains("POST " + path + " takes at most " + limit);
  }

  @Test
  void aNodeBatchOfTenThousandRowsFitsItsLimit() {
    String rows =
        IntStream.range(0, 10_000)
            .mapToObj(
                i ->
                    String.format(
                        "{\"name\":\"n%05d\",\"mac\":\"52:54:00:00:%02x:%02x\",\"ip\":\"10.1.%d.%d\",\"netmask\":\"255.0.0.0\",\"gateway\":\"10.0.0.1\",\"hostname\":\"node-%05d.rack-%03d.cluster.example\",\"groups\":[],\"resources\":[]}",
                        i, i / 256, i % 256, i / 250, 1 + i % 250, i, i / 40))
            .collect(Collectors.joining(","));
    // The last row is bad, so the batch is refused for it (400), after passing the body limit.
    String bad =
        ",{\"name\":\"bad\",\"mac\":\"52:54:00:ff:ff\",\"ip\":\"10.200.0.1\",\"netmask\":\"255.0.0.0\",\"groups\":[],\"resources\":[]}";
    String body = "[" + rows + bad + "]";
    assertThat(body.length()).as("over the 1 MiB of other admin calls").isGreaterThan(1 << 20);
    Http.Reply r = http.json("POST", "/api/v1/nodes", admin, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.message()).startsWith("node 10001 (bad): --mac '52:54:00:ff:ff'");
  }

  @Test
  void moreThanAThousandEventsInOneRequestIs413NamingTheLimit() {
    defineN01();
    String many =
        IntStream.rangeClosed(1, 1001)
            .mapToObj(i -> event(i, "log", ""))
            .collect(Collectors.joining(","));
    Http.Reply r = events("n01", many);
    assertThat(r.status()).as(r.toString()).isEqualTo(413);
    assertThat(r.message())
        .isEqualTo("events: 1001 in one request; at most 1000 per request (send them in batches)");
    assertThat(http.get("/api/v1/nodes/n01/log", admin).json()).isEmpty();
  }

  @Test
  void anAgentBodyOverOneMebibyteIs413() {
    defineN01();
    Http.Reply r =
        events("n01", event(1, "log", ",\"text\":" + json("x".repeat(10 * 1024 * 1024))));
    assertThat(r.status()).as(r.toString()).isEqualTo(413);
    assertThat(r.message()).contains("/api/v1/agent/n01/events takes at most 1 MiB");
  }

  @Test
  void aLongLogLineIsStoredCutWithAMarkerNotRefused() {
    defineN01();
    Http.Reply r =
        events(
            "n01", event(1, "log", ",\"stream\":\"stdout\",\"text\":" + json("y".repeat(500_000))));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String stored = http.get("/api/v1/nodes/n01/log", admin).json().get(0).path("text").asText();
    assertThat(stored.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
    assertThat(stored)
        .startsWith("yyyy")
        .endsWith(" [truncated " + (500_000 - stored.indexOf('\u2026')) + " bytes]");
  }

  // ------------------------------------------------------------------ 2. no 5xx from bad input

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "POST | /api/v1/nodes     | [{\"name\":null,\"mac\":\"52:54:00:00:00:02\",\"ip\":\"10.77.0.12\",\"netmask\":\"255.255.255.0\",\"groups\":[],\"resources\":[]}] | nodes[0].name is null: required, a string",
        "POST | /api/v1/nodes     | [{\"name\":\"n02\",\"mac\":null,\"ip\":\"10.77.0.12\",\"netmask\":\"255.255.255.0\",\"groups\":[],\"resources\":[]}]      | nodes[0].mac is null: required, a string",
        "POST | /api/v1/nodes     | [{\"name\":\"n02\",\"mac\":\"52:54:00:00:00:02\",\"ip\":null,\"netmask\":\"255.255.255.0\",\"groups\":[],\"resources\":[]}] | nodes[0].ip is null: required, a string",
        "POST | /api/v1/install   | [null]                                                                                                                   | install[0] is null: required, a string",
        "POST | /api/v1/resources | {\"name\":\"r\",\"type\":\"file\",\"source\":\"/etc/host\\u0000name\",\"target\":\"/etc/x\"}                                | --source '/etc/host\\x00name': the server no longer reads files by path: a resource names content the client uploaded, as {name, sha256, size} (PUT /api/v1/content/SHA256). The lui CLI uploads the files you name: upgrade the lui client",
        "POST | /api/v1/resources | {\"name\":\"r\",\"type\":null,\"source\":\"/etc/hostname\"}                                                                 | type is null: required, a string",
        "POST | /api/v1/allocations | {\"resources\":[null],\"targets\":[\"n01\"]}                                                                              | resources[0] is null: required, a string",
        "POST | /api/v1/groups    | {\"name\":{\"a\":1}}                                                                                                     | name '{...}': must be a string",
        "PUT  | /api/v1/groups/g  | [\"disk\"]                                                                                                               | request body must be a JSON object",
      })
  void aNullOrMistypedFieldIs400NamingIt(String method, String path, String body, String message) {
    Http.Reply r = http.json(method, path, admin, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("invalid-input");
    assertThat(r.message()).isEqualTo(message);
  }

  @Test
  void anEventWithoutTimeIs400NamingTheField() {
    defineN01();
    Http.Reply r = events("n01", "{\"runId\":\"r1\",\"seq\":1,\"kind\":\"log\",\"text\":\"x\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.message())
        .isEqualTo("events[0].time is missing: required, a time like 2026-01-31T12:00:00Z");
    // Found by the fuzzer (seed 2819390484339): Jackson reads a blank time as none.
    Http.Reply blank =
        events("n01", "{\"runId\":\"r1\",\"seq\":1,\"time\":\" \",\"kind\":\"log\"}");
    assertThat(blank.status()).as(blank.toString()).isEqualTo(400);
    assertThat(blank.message())
        .isEqualTo("events[0].time is empty: required, a time like 2026-01-31T12:00:00Z");
    assertThat(http.get("/api/v1/nodes/n01/log", admin).json()).isEmpty();
  }

  @Test
  void aBootFileNameTheFileSystemCannotLookUpIsNotFound() throws Exception {
    Files.writeString(lui.state.resolve("tftp/plain-file"), "x");
    Files.createSymbolicLink(lui.state.resolve("tftp/out"), lui.state.resolve("admin.token"));
    for (String path :
        List.of(
            "/" + "x".repeat(300), "/pxelinux.cfg/" + "y".repeat(256), "/plain-file/x", "/out")) {
      Http.Reply r = http.send("GET", path, Optional.empty(), Optional.empty(), new byte[0], false);
      assertThat(r.status()).as(path + ": " + r).isEqualTo(404);
      assertThat(r.body()).doesNotContain(admin);
    }
  }

  static final String LONG_HOST =
      "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);

  @Test
  void aHostNameTooLongForABackendIsA400NamingItNotA500() {
    Http.Reply r =
        http.json(
            "POST",
            "/api/v1/nodes",
            admin,
            "[" + N01.replace("\"groups\"", "\"hostname\":\"" + LONG_HOST + "\",\"groups\"") + "]");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.message())
        .contains("bootptab entry name '" + LONG_HOST + "'")
        .contains("at most 79 characters");
    assertThat(http.get("/api/v1/nodes", admin).json()).isEmpty();
  }

  @Test
  void renderingAFormatTheNodesDoNotFitIsAConflictNotA500() {
    try (LiveServer iscOnly =
        new LiveServer(
                tmp.resolve("isc-only"), c -> c.withDhcp(d -> d.withBackends(List.of("isc"))))
            .withSystem()) {
      Http api = new Http(iscOnly.server);
      String token = iscOnly.adminToken();
      Http.Reply define =
          api.json(
              "POST",
              "/api/v1/nodes",
              token,
              "["
                  + N01.replace("\"groups\"", "\"hostname\":\"" + LONG_HOST + "\",\"groups\"")
                  + "]");
      assertThat(define.status()).as(define.toString()).isEqualTo(201);
      Http.Reply bootptab = api.get("/api/v1/dhcp/bootptab", token);
      assertThat(bootptab.status()).as(bootptab.toString()).isEqualTo(409);
      assertThat(bootptab.message()).startsWith("cannot render bootptab: ");
      assertThat(api.get("/api/v1/dhcp/isc", token).status()).isEqualTo(200);
    }
  }

  // ------------------------------------------------------------------ 3. lax values

  @Test
  void anIpv4WithDigitsOtherThanAsciiIsRefused() {
    Http.Reply r =
        http.json(
            "POST",
            "/api/v1/nodes",
            admin,
            "[" + N01.replace("10.77.0.11", "10.77.0.\u0661\u0665\u0661") + "]");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.message())
        .startsWith("--ip '10.77.0.\u0661\u0665\u0661': each IPv4 number is 0-255 (ASCII digits)");
    assertThat(http.get("/api/v1/nodes", admin).json()).isEmpty();
  }

  @Test
  void aDiskSelectorWithATrailingNewlineIsRefused() {
    Http.Reply node =
        http.json(
            "POST",
            "/api/v1/nodes",
            admin,
            "[" + N01.replace("\"groups\"", "\"disk\":\"path=/dev/sda\\n\",\"groups\"") + "]");
    assertThat(node.status()).as(node.toString()).isEqualTo(400);
    assertThat(node.message())
        .startsWith("--disk 'path=/dev/sda\\x0a': selector has a control character \\x0a");
    Http.Reply group =
        http.json(
            "POST", "/api/v1/groups", admin, "{\"name\":\"g\",\"disk\":\"path=/dev/sda\\n\"}");
    assertThat(group.status()).as(group.toString()).isEqualTo(400);
  }

  @Test
  void theHostNameZeroZeroZeroZeroIsRefused() {
    Http.Reply r =
        http.json(
            "POST",
            "/api/v1/nodes",
            admin,
            "[" + N01.replace("\"groups\"", "\"hostname\":\"0.0.0.0\",\"groups\"") + "]");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.message())
        .startsWith("--hostname '0.0.0.0': a host name's last label is not all digits");
  }

  @Test
  void aKeyGivenTwiceIsRefusedInsteadOfTheLastWinning() {
    Http.Reply r = http.json("POST", "/api/v1/groups", admin, "{\"name\":\"a\",\"name\":\"b\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.message()).isEqualTo("request body: not valid JSON: Duplicate field 'name'");
    assertThat(http.get("/api/v1/groups", admin).json()).isEmpty();
  }

  @Test
  void aBodyThatIsNotUtf8IsRefused() {
    byte[] latin1 = "{\"name\":\"gr\u00f6\u00dfe\"}".getBytes(StandardCharsets.ISO_8859_1);
    byte[] utf16 = "{\"name\":\"g\"}".getBytes(StandardCharsets.UTF_16);
    for (byte[] body : List.of(latin1, utf16)) {
      Http.Reply r =
          http.send(
              "POST",
              "/api/v1/groups",
              Optional.of(admin),
              Optional.of("application/json"),
              body,
              false);
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
    }
    assertThat(
            http.send(
                    "POST",
                    "/api/v1/groups",
                    Optional.of(admin),
                    Optional.of("application/json"),
                    latin1,
                    false)
                .message())
        .isEqualTo("request body: not UTF-8 (JSON is UTF-8)");
    assertThat(http.get("/api/v1/groups", admin).json()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "text/plain | POST /api/v1/groups",
        "application/x-www-form-urlencoded | POST /api/v1/install",
        "text/json | POST /api/v1/allocations",
        "application/json; charset=iso-8859-1 | PUT /api/v1/groups/g",
      })
  void aJsonEndpointRefusesOtherContentTypesWith415(String type, String call) {
    String[] mp = call.split(" ");
    Http.Reply r =
        http.send(
            mp[0],
            mp[1],
            Optional.of(admin),
            Optional.of(type),
            "{\"name\":\"g\"}".getBytes(StandardCharsets.UTF_8),
            false);
    assertThat(r.status()).as(r.toString()).isEqualTo(415);
    assertThat(r.json().path("error").asText()).isEqualTo("unsupported-media-type");
    assertThat(http.get("/api/v1/groups", admin).json()).isEmpty();
  }

  @Test
  void agentEventsNeedJsonToo() {
    defineN01();
    Http.Reply r =
        http.send(
            "POST",
            "/api/v1/agent/n01/events",
            Optional.of(lui.nodeToken("n01")),
            Optional.empty(),
            ("{\"events\":[" + event(1, "log", "") + "]}").getBytes(StandardCharsets.UTF_8),
            false);
    assertThat(r.status()).as(r.toString()).isEqualTo(415);
  }

  // ------------------------------------------------------------------ 4. overlapping subnets

  @Test
  void anOverlappingSubnetIsRefusedAndKeaStillRenders() throws Exception {
    defineN01();
    Http.Reply r =
        http.json(
            "POST",
            "/api/v1/nodes",
            admin,
            "["
                + N01.replace("n01", "n02")
                    .replace(":01", ":02")
                    .replace("10.77.0.11", "10.77.1.12")
                    .replace("255.255.255.0", "255.255.0.0")
                + "]");
    assertThat(r.status()).as(r.toString()).isEqualTo(409);
    assertThat(r.message())
        .contains("node n02")
        .contains("10.77.0.0/16")
        .contains("node n01")
        .contains("10.77.0.0/24");
    Http.Reply kea = http.get("/api/v1/dhcp/kea", admin);
    assertThat(kea.status()).as(kea.toString()).isEqualTo(200);
    Path keaBin = RealTools.program("kea-dhcp4");
    Path conf = Files.writeString(tmp.resolve("kea.conf"), kea.body());
    Process p =
        new ProcessBuilder(keaBin.toString(), "-t", conf.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  // ------------------------------------------------------------------ 5. terminal output

  static final String HOSTILE =
      "\u001b[2J\u001b[H\u001b]0;owned\u0007fake\rlui: n01 installed\u0000\u009b31m\u202eevil";
  static final String SHOWN =
      "\\x1b[2J\\x1b[H\\x1b]0;owned\\x07fake\\x0dlui: n01 installed\\x00\\x9b31m\\u202eevil";

  private void failWithHostileText() {
    defineN01();
    Http.Reply r =
        events(
            "n01",
            String.join(
                ",",
                event(1, "step-started", ",\"step\":\"payloads\""),
                event(
                    2,
                    "log",
                    ",\"step\":\"payloads\",\"stream\":\"stdout\",\"text\":" + json(HOSTILE)),
                event(
                    3,
                    "step-finished",
                    ",\"step\":\"payloads\",\"ok\":false,\"text\":" + json(HOSTILE)),
                event(4, "install-finished", ",\"ok\":false,\"text\":" + json(HOSTILE))));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** Nothing a terminal acts on: only printable text and line ends. */
  private static void assertTerminalSafe(String out) {
    assertThat(
            out.chars()
                .filter(
                    c ->
                        (c < 0x20 && c != '\n')
                            || c == 0x7f
                            || (c >= 0x80 && c <= 0x9f)
                            || (c >= 0x202a && c <= 0x202e)))
        .as("control characters in:\n" + out)
        .isEmpty();
  }

  @Test
  void logsPrintANodesEscapeSequencesEscaped() {
    failWithHostileText();
    LiveServer.Result r = lui.lui("logs", "n01");
    assertThat(r.code()).as(r.err()).isZero();
    assertTerminalSafe(r.out());
    assertThat(r.out())
        .contains("payloads stdout: " + SHOWN)
        .contains("payloads == FAILED: " + SHOWN)
        .contains("install FAILED: " + SHOWN);
  }

  @Test
  void statusAndReportPrintANodesEscapeSequencesEscaped() {
    failWithHostileText();
    LiveServer.Result status = lui.lui("status");
    assertTerminalSafe(status.out());
    assertThat(status.out()).contains("payloads: " + SHOWN);
    LiveServer.Result report = lui.lui("report");
    assertTerminalSafe(report.out());
    assertThat(report.out()).contains("n01 failed: payloads: " + SHOWN).contains("  | " + SHOWN);
    LiveServer.Result show = lui.lui("show-node", "n01");
    assertTerminalSafe(show.out());
  }

  @Test
  void jsonOutputKeepsTheTextExactlyAsPlainJson() throws Exception {
    failWithHostileText();
    for (String[] cmd :
        List.of(new String[] {"status", "--json"}, new String[] {"report", "--json"})) {
      String out = lui.lui(cmd).out();
      assertThat(out).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u0000");
      assertThat(out).contains("\\u001B[2J");
    }
    JsonNode report = Json.json().readTree(lui.lui("report", "--json").out());
    assertThat(report.path("nodes").get(0).path("lastLines").get(0).asText()).isEqualTo(HOSTILE);
  }

  // ------------------------------------------------------------------ 6. report size

  @Test
  void theReportStaysSmallWhenAFailedNodeLoggedHugeLines() {
    defineN01();
    for (int i = 1; i <= 12; i++) {
      assertThat(
              events("n01", event(i, "log", ",\"text\":" + json(i + ":" + "z".repeat(600_000))))
                  .status())
          .isEqualTo(200);
    }
    assertThat(
            events("n01", event(13, "install-finished", ",\"ok\":false,\"text\":\"boom\""))
                .status())
        .isEqualTo(200);
    Http.Reply report = http.get("/api/v1/report", admin);
    assertThat(report.body().length()).isLessThan(8 * 300 + 1000);
    JsonNode lines = report.json().path("nodes").get(0).path("lastLines");
    assertThat(lines).hasSize(8);
    List<String> texts = new ArrayList<>();
    lines.forEach(l -> texts.add(l.asText()));
    assertThat(texts).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(240 + 30));
    assertThat(texts.get(7)).isEqualTo("boom");
  }

  @Test
  void theLogListKeepsItsLimitCap() {
    defineN01();
    for (int r = 0; r < 11; r++) {
      int from = 1 + r * 1000;
      String batch =
          IntStream.range(from, from + 1000)
              .mapToObj(i -> event(i, "log", ",\"text\":\"" + i + "\""))
              .collect(Collectors.joining(","));
      assertThat(events("n01", batch).status()).isEqualTo(200);
    }
    assertThat(http.get("/api/v1/nodes/n01/log?limit=100000", admin).json()).hasSize(10_000);
    assertThat(http.get("/api/v1/nodes/n01/log", admin).json()).hasSize(1000);
    assertThat(http.get("/api/v1/transfers", admin).json().size()).isLessThanOrEqualTo(1000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"limit=\u0661\u0660", "after=-1", "limit=1e3", "after=99999999999999999999"})
  void logQueryNumbersAreAsciiWholeNumbers(String query) {
    defineN01();
    Http.Reply r = http.get("/api/v1/nodes/n01/log?" + query, admin);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
  }
}
