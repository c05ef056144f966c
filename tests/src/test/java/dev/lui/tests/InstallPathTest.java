package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
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
    lui = new LiveServer(tmp.resolve("state"));
    Path motd = Files.writeString(tmp.resolve("motd"), "hello\n");
    assertThat(lui.lui("define-group", "compute").code()).isZero();
    assertThat(lui.lui("define-resource", "motd", "--type", "file", "--source", motd.toString(), "--target", "/etc/motd").code()).isZero();
    assertThat(lui.lui("allocate", "motd", "--to", "compute").code()).isZero();
    LiveServer.Result r = lui.lui("define-node", "n01", "--mac", MAC, "--ip", "10.0.0.11", "--netmask", "255.255.255.0", "--group", "compute", "--disk", "path=/dev/vda");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  @Test
  void aRealTftpClientFetchesTheNodesBootEntryAndTheTransferIsRecorded() throws Exception {
    Path curl = RealTools.require("curl");
    Path out = tmp.resolve("entry");
    Process p = curlGet(curl, ENTRY, out);
    assertThat(p.waitFor()).isZero();
    String entry = Files.readString(out);
    assertThat(entry).contains("lui.node=n01").contains("lui.server=" + lui.server.url()).contains("nfsroot=127.0.0.1:");
    assertThat(entry).as("the token is never on the kernel command line").doesNotContain(Files.readString(lui.nodeRoot("n01").resolve("lui/token")).trim());
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
    Path curl = RealTools.require("curl");
    Process p = curlGet(curl, "../admin.token", tmp.resolve("stolen"));
    assertThat(p.waitFor()).isNotZero();
    assertThat(tmp.resolve("stolen")).doesNotExist();
  }

  @Test
  void theAgentInstallsInDryRunAndTheNodesEntriesGo() throws Exception {
    int exit = agent("--dry-run");
    assertThat(exit).isZero();
    JsonNode node = Json.json().readTree(lui.lui("show-node", "n01", "--json").out());
    assertThat(node.path("state").asText()).isEqualTo("installed");
    String log = lui.lui("logs", "n01", "--follow").out();
    assertThat(log).contains("partition").contains("install SUCCEEDED");
    assertThat(Files.readString(lui.dhcpdConf())).doesNotContain("host n01");
    assertThat(lui.state.resolve("tftp/" + ENTRY)).doesNotExist();
    assertThat(lui.lui("report").out()).contains("1 succeeded, 0 failed");
    // LUI's cycle: re-arming brings the entries back.
    assertThat(lui.lui("install", "n01").code()).isZero();
    assertThat(Files.readString(lui.dhcpdConf())).contains("host n01");
    assertThat(lui.state.resolve("tftp/" + ENTRY)).exists();
  }

  @Test
  void theNextPlanNamesTheDiskOfTheLastInstallUntilTheAdminSaysItWasReplaced() throws Exception {
    String token = Files.readString(lui.nodeRoot("n01").resolve("lui/token")).trim();
    String selected = "{\\\"name\\\":\\\"vda\\\",\\\"path\\\":\\\"/dev/vda\\\",\\\"type\\\":\\\"disk\\\",\\\"sizeBytes\\\":8589934592,\\\"serial\\\":\\\"QM0001\\\"}";
    String body = "{\"events\":["
        + "{\"runId\":\"r1\",\"seq\":1,\"time\":\"2026-12-01T10:00:00Z\",\"kind\":\"log\",\"step\":\"select-disk\",\"stream\":\"selected-disk\",\"text\":\"" + selected + "\"},"
        + "{\"runId\":\"r1\",\"seq\":2,\"time\":\"2026-12-01T10:01:00Z\",\"kind\":\"install-finished\",\"ok\":true}]}";
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(lui.server.url() + "/api/v1/agent/n01/events"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(lui.lui("install", "n01").code()).isZero();
    JsonNode plan = Json.json().readTree(lui.lui("show-node", "n01", "--plan").out());
    assertThat(plan.path("expectedDisk").path("serial").asText()).isEqualTo("QM0001");
    assertThat(plan.path("expectedDisk").path("sizeBytes").asLong()).isEqualTo(8589934592L);
    assertThat(lui.lui("install", "n01", "--new-disk").code()).isZero();
    assertThat(Json.json().readTree(lui.lui("show-node", "n01", "--plan").out()).has("expectedDisk")).isFalse();
  }

  @Test
  void aLocalBootNodeKeepsItsDhcpEntryAndBootsItsDiskAfterTheInstall() throws Exception {
    LiveServer.Result r = lui.lui("define-node", "n02", "--mac", "52:54:00:00:00:02", "--ip", "10.0.0.12", "--netmask", "255.255.255.0",
        "--group", "compute", "--disk", "path=/dev/vda", "--after-install", "local-boot");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(agentFor("n02", lui.nodeRoot("n02").resolve("lui/token"), "--dry-run")).isZero();
    assertThat(Json.json().readTree(lui.lui("show-node", "n02", "--json").out()).path("state").asText()).isEqualTo("installed");
    assertThat(Files.readString(lui.dhcpdConf())).contains("host n02");
    Path curl = RealTools.require("curl");
    Path out = tmp.resolve("entry2");
    assertThat(curlGet(curl, "pxelinux.cfg/01-52-54-00-00-00-02", out).waitFor()).isZero();
    assertThat(Files.readString(out)).contains("LOCALBOOT 0").doesNotContain("lui.node");
    assertThat(lui.lui("define-node", "n03", "--mac", "52:54:00:00:00:03", "--ip", "10.0.0.13", "--netmask", "255.255.255.0",
        "--after-install", "keep").err()).contains("--after-install 'keep': one of remove");
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
    return new ProcessBuilder(curl.toString(), "-sS", "--fail", "--max-time", "20", "-o", out.toString(), url).redirectErrorStream(true).start();
  }

  private int agent(String... extra) throws Exception {
    return agentWithToken(lui.nodeRoot("n01").resolve("lui/token"), extra);
  }

  private int agentWithToken(Path token, String... extra) throws Exception {
    return agentFor("n01", token, extra);
  }

  private int agentFor(String node, Path token, String... extra) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.lui.agent.AgentMain",
        "--server", lui.server.url(), "--node", node, "--token-file", token.toString(), "--no-finish",
        "--log-file", tmp.resolve("agent.log").toString(), "--spool-dir", tmp.resolve("spool").toString()));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("agent.out").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("agent hung; output:\n" + Files.readString(tmp.resolve("agent.out")));
    }
    System.out.println(Files.readString(tmp.resolve("agent.out")));
    return p.exitValue();
  }
}
