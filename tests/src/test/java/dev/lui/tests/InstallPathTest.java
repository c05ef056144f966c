package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node's whole path through the real parts: define -> its boot entry over TFTP with a real
 * client -> the real agent (its own process) against the server -> installed, entries gone.
 */
class InstallPathTest {
  static final String MAC = "52:54:00:00:00:01";
  static final String ENTRY = "pxelinux.cfg/01-52-54-00-00-00-01";

  @TempDir Path tmp;
  LiveServer lui;

  @BeforeEach
  void start() throws IOException {
    lui = new LiveServer(tmp.resolve("state")).withSystem();
    Path motd = Files.writeString(tmp.resolve("motd"), "hello\n");
    assertThat(lui.lui("define-group", "compute").code()).isZero();
    assertThat(
            lui.lui(
                    "define-resource",
                    "motd",
                    "--type",
                    "file",
                    "--source",
                    motd.toString(),
                    "--target",
                    "/etc/motd")
                .code())
        .isZero();
    assertThat(lui.lui("allocate", LiveServer.SYSTEM, "motd", "--to", "compute").code()).isZero();
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
            "--group",
            "compute",
            "--disk",
            "path=/dev/vda");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  @Test
  void aRealTftpClientFetchesTheNodesBootEntryAndTheTransferIsRecorded() throws Exception {
    Path curl = RealTools.program("curl");
    Path out = tmp.resolve("entry");
    Process p = curlGet(curl, ENTRY, out);
    assertThat(p.waitFor()).isZero();
    String entry = Files.readString(out);
    assertThat(entry)
        .contains("lui.node=n01")
        .contains("lui.server=" + lui.server.nodeUrl())
        .contains("nfsroot=127.0.0.1:");
    assertThat(entry)
        .as("the token is never on the kernel command line")
        .doesNotContain(Files.readString(lui.nodeRoot("n01").resolve("lui/token")).trim());
    JsonNode transfers = Json.json().readTree(lui.lui("status", "--json").out());
    assertThat(transfers).isNotNull();
    // Recorded when the server sees the last ACK, off the TFTP thread: wait for it, boundedly.
    String recorded = "";
    for (int i = 0; i < 100 && !recorded.contains("completed"); i++) {
      recorded = lui.server.inventory().store().transfers(10).toString();
      if (!recorded.contains("completed")) {
        Thread.sleep(100);
      }
    }
    assertThat(recorded).contains(ENTRY).contains("completed").contains("n01");
  }

  @Test
  void tftpRefusesPathsOutsideItsRoot() throws Exception {
    Path curl = RealTools.program("curl");
    Process p = curlGet(curl, "../admin.token", tmp.resolve("stolen"));
    assertThat(p.waitFor()).isNotZero();
    assertThat(tmp.resolve("stolen")).doesNotExist();
  }

  @Test
  void aDryRunIsARehearsalRecordedAsSuchThatChangesNothing() throws Exception {
    byte[] dhcpBefore = Files.readAllBytes(lui.dhcpdConf());
    int exit = agent("--dry-run");
    assertThat(exit).isZero();
    JsonNode node = Json.json().readTree(lui.lui("show-node", "n01", "--json").out());
    assertThat(node.path("state").asText()).isEqualTo("defined");
    String log = lui.lui("logs", "n01").out();
    assertThat(log)
        .contains("[rehearsal] partition")
        .contains("rehearsal SUCCEEDED")
        .doesNotContain("install SUCCEEDED");
    assertThat(Files.readAllBytes(lui.dhcpdConf())).isEqualTo(dhcpBefore);
    assertThat(lui.state.resolve("tftp/" + ENTRY)).exists();
    assertThat(lui.nodeRoot("n01").resolve("lui/token")).exists();
    String report = lui.lui("report").out();
    assertThat(report).contains("0 succeeded, 0 failed, 1 not finished");
    assertThat(report.lines().filter(l -> l.startsWith("n01")).findFirst().orElseThrow())
        .endsWith("ok");
  }

  @Test
  void anInstallRunThatEndsTakesTheEntriesAndTheRootAwayAndReArmingBringsThemBack()
      throws Exception {
    String token = token("n01");
    String run = openRun("n01", token, false);
    assertThat(postEvents("n01", token, finished(run, 1, true)).statusCode()).isEqualTo(200);
    assertThat(
            Json.json()
                .readTree(lui.lui("show-node", "n01", "--json").out())
                .path("state")
                .asText())
        .isEqualTo("installed");
    assertThat(Files.readString(lui.dhcpdConf())).doesNotContain("host n01");
    assertThat(lui.state.resolve("tftp/" + ENTRY)).doesNotExist();
    assertThat(lui.nodeRoot("n01"))
        .as("the token and the host keys go with the root")
        .doesNotExist();
    assertThat(lui.lui("report").out()).contains("1 succeeded, 0 failed");
    // LUI's cycle: re-arming brings the entries back, with a new token.
    assertThat(lui.lui("install", "n01").code()).isZero();
    assertThat(Files.readString(lui.dhcpdConf())).contains("host n01");
    assertThat(lui.state.resolve("tftp/" + ENTRY)).exists();
    assertThat(token("n01")).isNotEqualTo(token);
  }

  @Test
  void eventsOfARunTheServerNeverIssuedAreRefused() throws Exception {
    String token = token("n01");
    java.net.http.HttpResponse<String> forged =
        postEvents("n01", token, finished("r-forged", 1, true));
    assertThat(forged.statusCode()).isEqualTo(409);
    assertThat(forged.body()).contains("run 'r-forged' was not issued to node n01");
    assertThat(
            Json.json()
                .readTree(lui.lui("show-node", "n01", "--json").out())
                .path("state")
                .asText())
        .isEqualTo("defined");
    assertThat(Files.readString(lui.dhcpdConf())).contains("host n01");
    String rehearsal = openRun("n01", token, true);
    assertThat(postEvents("n01", token, finished(rehearsal, 1, true)).statusCode()).isEqualTo(200);
    assertThat(
            Json.json()
                .readTree(lui.lui("show-node", "n01", "--json").out())
                .path("state")
                .asText())
        .as("a rehearsal's finish is no install")
        .isEqualTo("defined");
    String run = openRun("n01", token, false);
    assertThat(lui.lui("install", "n01").code()).isZero();
    assertThat(postEvents("n01", token, finished(run, 1, true)).statusCode())
        .as("the old token is refused after re-arming")
        .isEqualTo(401);
  }

  @Test
  void theNextPlanNamesTheDiskOfTheLastInstallUntilTheAdminSaysItWasReplaced() throws Exception {
    String token = token("n01");
    // An install that failed on another disk records nothing.
    String failed = openRun("n01", token, false);
    java.net.http.HttpResponse<String> r =
        postEvents(
            "n01",
            token,
            batch(
                diskSelected(failed, 1, "/dev/sdb", "OTHER1", 4096),
                event(failed, 2, "\"kind\":\"install-finished\",\"ok\":false")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String run = openRun("n01", token, false);
    // The disk comes as a typed event. A kind this server does not know is kept as a log line, and
    // a log line shaped like the old selected-disk side channel is only text: nothing reads it.
    r =
        postEvents(
            "n01",
            token,
            batch(
                diskSelected(run, 1, "/dev/vda", "QM0001", 8589934592L),
                event(
                    run,
                    2,
                    "\"kind\":\"disk-health\",\"step\":\"select-disk\",\"text\":\"smart ok\""),
                event(
                    run,
                    3,
                    "\"kind\":\"log\",\"step\":\"select-disk\",\"stream\":\"selected-disk\","
                        + "\"text\":\"{\\\"serial\\\":\\\"FORGED\\\",\\\"sizeBytes\\\":1}\"")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // The install ends in a later request: the disk is the one this run selected.
    r = postEvents("n01", token, finished(run, 4, true));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(lui.lui("logs", "n01").out())
        .contains(
            "select-disk == selected /dev/vda (serial QM0001, 8589934592 bytes)",
            "disk-health smart ok");
    assertThat(lui.lui("install", "n01").code()).isZero();
    JsonNode plan = Json.json().readTree(lui.lui("show-node", "n01", "--plan").out());
    assertThat(plan.path("expectedDisk").path("serial").asText()).isEqualTo("QM0001");
    assertThat(plan.path("expectedDisk").path("sizeBytes").asLong()).isEqualTo(8589934592L);
    assertThat(plan.path("expectedDisk").has("wwn")).isFalse();
    assertThat(lui.lui("install", "n01", "--new-disk").code()).isZero();
    assertThat(
            Json.json().readTree(lui.lui("show-node", "n01", "--plan").out()).has("expectedDisk"))
        .isFalse();
  }

  @Test
  void aDiskSelectedEventWithoutItsDiskIsABadRequest() throws Exception {
    String token = token("n01");
    String run = openRun("n01", token, false);
    java.net.http.HttpResponse<String> r =
        postEvents(
            "n01",
            token,
            batch(event(run, 1, "\"kind\":\"disk-selected\",\"step\":\"select-disk\"")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("names its disk");
    r = postEvents("n01", token, batch(diskSelected(run, 1, "/dev/vda", "QM\\u001b[2J", 1)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("disk.serial");
  }

  private static String batch(String... events) {
    return "{\"events\":[" + String.join(",", events) + "]}";
  }

  private static String event(String run, int seq, String fields) {
    return "{\"runId\":\""
        + run
        + "\",\"seq\":"
        + seq
        + ",\"time\":\"2026-12-01T10:00:00Z\","
        + fields
        + "}";
  }

  /** What the agent's select-disk step sends. */
  private static String diskSelected(
      String run, int seq, String path, String serial, long sizeBytes) {
    return event(
        run,
        seq,
        "\"kind\":\"disk-selected\",\"step\":\"select-disk\",\"disk\":{\"path\":\""
            + path
            + "\",\"serial\":\""
            + serial
            + "\",\"sizeBytes\":"
            + sizeBytes
            + "}");
  }

  @Test
  void aLocalBootNodeKeepsItsDhcpEntryAndBootsItsDiskAfterTheInstall() throws Exception {
    LiveServer.Result r =
        lui.lui(
            "define-node",
            "n02",
            "--mac",
            "52:54:00:00:00:02",
            "--ip",
            "10.0.0.12",
            "--netmask",
            "255.255.255.0",
            "--group",
            "compute",
            "--disk",
            "path=/dev/vda",
            "--after-install",
            "local-boot");
    assertThat(r.code()).as(r.err()).isZero();
    String token = token("n02");
    assertThat(
            postEvents("n02", token, finished(openRun("n02", token, false), 1, true)).statusCode())
        .isEqualTo(200);
    assertThat(
            Json.json()
                .readTree(lui.lui("show-node", "n02", "--json").out())
                .path("state")
                .asText())
        .isEqualTo("installed");
    assertThat(Files.readString(lui.dhcpdConf())).contains("host n02");
    Path curl = RealTools.program("curl");
    Path out = tmp.resolve("entry2");
    assertThat(curlGet(curl, "pxelinux.cfg/01-52-54-00-00-00-02", out).waitFor()).isZero();
    assertThat(Files.readString(out)).contains("LOCALBOOT 0").doesNotContain("lui.node");
    assertThat(lui.nodeRoot("n02")).as("no secrets stay for an installed node").doesNotExist();
    assertThat(
            lui.lui(
                    "define-node",
                    "n03",
                    "--mac",
                    "52:54:00:00:00:03",
                    "--ip",
                    "10.0.0.13",
                    "--netmask",
                    "255.255.255.0",
                    "--after-install",
                    "keep")
                .err())
        .contains("--after-install 'keep': one of remove");
  }

  private String token(String node) throws IOException {
    return Files.readString(lui.nodeRoot(node).resolve("lui/token")).trim();
  }

  /** What an agent's plan fetch does: opens a run; returns its id (the server's Lui-Run header). */
  private String openRun(String node, String token, boolean rehearsal) throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            lui.server.nodeUrl()
                                + "/api/v1/agent/"
                                + node
                                + "/plan"
                                + (rehearsal ? "?rehearsal=true" : "")))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("Lui-Run").orElseThrow();
  }

  private java.net.http.HttpResponse<String> postEvents(String node, String token, String body)
      throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(lui.server.nodeUrl() + "/api/v1/agent/" + node + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static String finished(String run, int seq, boolean ok) {
    return "{\"events\":[{\"runId\":\""
        + run
        + "\",\"seq\":"
        + seq
        + ",\"time\":\"2026-12-01T10:01:00Z\",\"kind\":\"install-finished\",\"ok\":"
        + ok
        + "}]}";
  }

  @Test
  void anAgentWithTheWrongTokenGetsNothing() throws Exception {
    Path wrong = Files.writeString(tmp.resolve("wrong-token"), "not-the-token\n");
    assertThat(agentWithToken(wrong, "--dry-run")).isNotZero();
    JsonNode node = Json.json().readTree(lui.lui("show-node", "n01", "--json").out());
    assertThat(node.path("state").asText()).isEqualTo("defined");
  }

  private Process curlGet(Path curl, String path, Path out) throws IOException {
    String url = "tftp://127.0.0.1:" + lui.server.tftpAddress().getPort() + "/" + path;
    return new ProcessBuilder(
            curl.toString(), "-sS", "--fail", "--max-time", "20", "-o", out.toString(), url)
        .redirectErrorStream(true)
        .start();
  }

  private int agent(String... extra) throws Exception {
    return agentWithToken(lui.nodeRoot("n01").resolve("lui/token"), extra);
  }

  private int agentWithToken(Path token, String... extra) throws Exception {
    return agentFor("n01", token, extra);
  }

  private int agentFor(String node, Path token, String... extra) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lui.agent.AgentMain",
                "--server",
                lui.server.nodeUrl(),
                "--node",
                node,
                "--token-file",
                token.toString(),
                "--no-finish",
                "--log-file",
                tmp.resolve("agent.log").toString(),
                "--spool-dir",
                tmp.resolve("spool").toString()));
    cmd.addAll(List.of(extra));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("agent.out").toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "agent hung; output:\n" + Files.readString(tmp.resolve("agent.out")));
    }
    System.out.println(Files.readString(tmp.resolve("agent.out")));
    return p.exitValue();
  }
}
