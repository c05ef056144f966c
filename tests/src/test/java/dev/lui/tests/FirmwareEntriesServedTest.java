package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.core.config.InstallEnv;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every firmware's entry for a node, from the server that also keeps the node's state: pxelinux and
 * GRUB over TFTP, the iPXE script and the boot files over HTTP; the entries point at the shared
 * image root with the node's own root beside it; the installed system's first-boot report marks the
 * node verified.
 */
class FirmwareEntriesServedTest {
  static final String MAC = "52:54:00:00:00:21";
  static final String DASHED = "52-54-00-00-00-21";

  @TempDir Path tmp;
  LiveServer lui;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    lui =
        new LiveServer(
                tmp.resolve("state"),
                c ->
                    c.withInstallEnv(
                        new InstallEnv(
                            Optional.of("/srv/lui/images/bookworm/current/root"),
                            List.of("console=ttyS0,115200"))))
            .withSystem();
    Files.createDirectories(lui.state.resolve("tftp/lui"));
    Files.write(lui.state.resolve("tftp/lui/vmlinuz"), new byte[300_000]);
    LiveServer.Result r =
        lui.lui(
            "define-node",
            "n21",
            "--mac",
            MAC,
            "--ip",
            "10.0.0.21",
            "--netmask",
            "255.255.255.0",
            "--disk",
            "path=/dev/vda",
            "--resource",
            LiveServer.SYSTEM);
    assertThat(r.code()).as(r.err()).isZero();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  @Test
  void everyFirmwareGetsAnEntryThatMountsTheImageAndNamesTheNodesOwnRoot() throws Exception {
    Path curl = RealTools.program("curl");
    String nodeRoot = "lui.noderoot=127.0.0.1:" + lui.nodeRoot("n21");
    for (String path : List.of("pxelinux.cfg/01-" + DASHED, "boot/grub/grub.cfg-01-" + DASHED)) {
      Path out = tmp.resolve("entry");
      Files.deleteIfExists(out);
      Process p =
          new ProcessBuilder(
                  curl.toString(),
                  "-sS",
                  "--fail",
                  "-o",
                  out.toString(),
                  "tftp://127.0.0.1:" + lui.server.tftpAddress().getPort() + "/" + path)
              .redirectErrorStream(true)
              .start();
      assertThat(p.waitFor())
          .as(path + ": " + new String(p.getInputStream().readAllBytes()))
          .isZero();
      assertThat(Files.readString(out))
          .as(path)
          .contains("nfsroot=127.0.0.1:/srv/lui/images/bookworm/current/root,ro")
          .contains(nodeRoot)
          .contains("console=ttyS0,115200")
          .contains("lui.node=n21");
    }
    HttpResponse<String> ipxe = get("/ipxe/" + DASHED + ".ipxe");
    assertThat(ipxe.statusCode()).isEqualTo(200);
    assertThat(ipxe.body()).startsWith("#!ipxe").contains("kernel /lui/vmlinuz").contains(nodeRoot);
    String token = Files.readString(lui.nodeRoot("n21").resolve("lui/token")).trim();
    assertThat(ipxe.body()).doesNotContain(token);
  }

  @Test
  void theTftpRootIsServedReadOnlyOverHttpAndEachAnswerIsRecorded() throws Exception {
    HttpResponse<byte[]> kernel =
        http.send(
            HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/lui/vmlinuz")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(kernel.statusCode()).isEqualTo(200);
    assertThat(kernel.body()).hasSize(300_000);
    assertThat(lui.server.inventory().store().transfers(10).toString())
        .contains("lui/vmlinuz")
        .contains("http:");
    assertThat(get("/lui/missing").statusCode()).isEqualTo(404);
    String adminToken = Files.readString(lui.state.resolve("admin.token")).trim();
    for (String escape :
        List.of(
            "/lui/../../admin.token",
            "/%2e%2e/admin.token",
            "/lui/%2e%2e/%2e%2e/admin.token",
            "/..%2fadmin.token")) {
      HttpResponse<String> r = get(escape);
      // Jetty answers 400 for ambiguous paths before lui sees them; lui answers 404: either way,
      // nothing.
      assertThat(r.statusCode()).as(escape).isIn(400, 404);
      assertThat(r.body()).as(escape).doesNotContain(adminToken);
    }
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/lui/vmlinuz"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isNotEqualTo(200);
    assertThat(get("/api/v1/nodes").statusCode())
        .as("no admin call next to the boot files")
        .isEqualTo(404);
    HttpResponse<String> api =
        http.send(
            HttpRequest.newBuilder(URI.create(lui.server.adminUrl() + "/api/v1/nope"))
                .header("Authorization", "Bearer " + adminToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.body()).contains("no such API path");
  }

  @Test
  void aLinkOutOfTheTftpRootIsA404ThatShowsNoOutsidePathAndLogsOneLine() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    Files.createSymbolicLink(lui.state.resolve("tftp/lui/escape"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(lui.state.resolve("tftp/out"), outside);
    for (String path : List.of("/lui/escape", "/out/secret.txt")) {
      try (LogCapture log = new LogCapture()) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(404);
        assertThat(r.body())
            .as(path)
            .doesNotContain(outside.toString())
            .doesNotContain(outside.toRealPath().toString())
            .doesNotContain("top secret")
            .isEqualTo("no such boot file: " + path + "\n");
        Thread.sleep(200); // anything logged off the request thread
        assertThat(log.events())
            .as(path)
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.getThrowableProxy()).as("no stack trace").isNull();
                  assertThat(e.getFormattedMessage())
                      .contains(path.substring(1))
                      .contains("leads out of the TFTP root")
                      .doesNotContain(outside.toString())
                      .doesNotContain(outside.toRealPath().toString());
                });
      }
    }
  }

  @Test
  void theInstalledSystemsFirstBootReportMarksTheNodeVerifiedAndNothingElseDoes() throws Exception {
    String token = Files.readString(lui.nodeRoot("n21").resolve("lui/token")).trim();
    HttpResponse<String> agentPlan =
        http.send(
            HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/api/v1/agent/n21/plan"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode firstBoot = Json.json().readTree(agentPlan.body()).path("firstBoot");
    assertThat(firstBoot.path("url").asText())
        .isEqualTo(lui.server.nodeUrl() + "/api/v1/agent/n21/first-boot");
    assertThat(firstBoot.path("token").asText()).isEqualTo(token);
    JsonNode keys = Json.json().readTree(agentPlan.body()).path("node").path("sshHostKeys");
    assertThat(keys.path(0).path("publicKey").asText()).startsWith("ssh-ed25519 ");
    assertThat(keys.path(0).path("privateKey").asText())
        .startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    assertThat(lui.lui("show-node", "n21", "--plan").out()).doesNotContain("PRIVATE KEY");
    assertThat(lui.lui("show-node", "n21", "--plan").out())
        .as("the admin's view has no secret")
        .doesNotContain(token)
        .doesNotContain("firstBoot");
    assertThat(Files.readString(lui.nodeRoot("n21").resolve("lui/plan.json")))
        .as("the root's plan keeps no secret")
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(token)
        .contains("\"name\" : \"n21\"");
    assertThat(firstBoot(token).statusCode()).as("not installed yet").isEqualTo(409);
    // As the agent sends it: install-finished, then its finish step (the reboot) in the same batch,
    // stamped with the run its plan fetch opened.
    String run = agentPlan.headers().firstValue("Lui-Run").orElseThrow();
    String body =
        ("{\"events\":[{\"runId\":\"r1\",\"seq\":1,\"time\":\"2026-12-01T10:01:00Z\",\"kind\":\"install-finished\",\"ok\":true},"
                + "{\"runId\":\"r1\",\"seq\":2,\"time\":\"2026-12-01T10:01:01Z\",\"kind\":\"step-started\",\"step\":\"finish\"},"
                + "{\"runId\":\"r1\",\"seq\":3,\"time\":\"2026-12-01T10:01:01Z\",\"kind\":\"log\",\"step\":\"finish\",\"stream\":\"agent\",\"text\":\"$ reboot -f\"}]}")
            .replace("r1", run);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/api/v1/agent/n21/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(state()).isEqualTo("installed");
    assertThat(firstBoot("wrong").statusCode()).isEqualTo(401);
    assertThat(firstBoot(token).statusCode()).isEqualTo(204);
    assertThat(state()).isEqualTo("verified");
    assertThat(firstBoot(token).statusCode()).as("a repeat is harmless").isEqualTo(204);
    assertThat(lui.lui("logs", "n21").out()).contains("first boot");
    HttpResponse<String> plan =
        http.send(
            HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/api/v1/agent/n21/plan"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(plan.statusCode()).as("the spent install token opens nothing").isEqualTo(403);
    assertThat(lui.nodeRoot("n21"))
        .as("an installed node keeps no token or host key on disk")
        .doesNotExist();
    assertThat(lui.lui("install", "n21").code()).isZero();
    assertThat(state()).isEqualTo("defined");
    assertThat(firstBoot(token).statusCode()).as("re-arming replaces the token").isEqualTo(401);
    String newToken = Files.readString(lui.nodeRoot("n21").resolve("lui/token")).trim();
    HttpResponse<String> again =
        http.send(
            HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/api/v1/agent/n21/plan"))
                .header("Authorization", "Bearer " + newToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode keysAgain = Json.json().readTree(again.body()).path("node").path("sshHostKeys");
    assertThat(keysAgain.toString())
        .as("a reinstall keeps the node's ssh identity")
        .isEqualTo(keys.toString());
  }

  @Test
  void exportsFollowTheNodesTheImageReadOnlyToTheNetworkEachRootToItsNodeOnly() throws Exception {
    Path exports = lui.state.resolve("nfs/exports");
    Path ganesha = lui.state.resolve("nfs/ganesha.conf");
    String nodeRoot = lui.nodeRoot("n21").toString();
    assertThat(Files.readString(exports))
        .containsPattern("/srv/lui/images/bookworm/current/root\\s+10\\.0\\.0\\.0/24\\(ro[,)]")
        .containsPattern(java.util.regex.Pattern.quote(nodeRoot) + "\\s+10\\.0\\.0\\.21\\(rw[,)]");
    assertThat(Files.readString(ganesha))
        .contains(nodeRoot)
        .contains("10.0.0.21")
        .contains("/srv/lui/images/bookworm/current/root");
    LiveServer.Result r =
        lui.lui(
            "define-node",
            "n22",
            "--mac",
            "52:54:00:00:00:22",
            "--ip",
            "10.0.0.22",
            "--netmask",
            "255.255.255.0",
            "--disk",
            "path=/dev/vda",
            "--resource",
            LiveServer.SYSTEM);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(exports))
        .contains(lui.nodeRoot("n22").toString())
        .contains("10.0.0.22(");
    assertThat(lui.lui("remove-node", "n21").code()).isZero();
    assertThat(Files.readString(exports)).doesNotContain(nodeRoot).contains("10.0.0.22(");
    assertThat(Files.readString(ganesha)).doesNotContain(nodeRoot);
  }

  @Test
  void uefiAndIpxeClientsGetTheirOwnBootFilesInADhcpdConfThatDhcpdAccepts() throws Exception {
    lui.close();
    lui =
        new LiveServer(
                tmp.resolve("state2"),
                c ->
                    c.withBoot(
                            b ->
                                b.withFirmware(
                                    dev.lui.dhcp.BootFiles.defaults()
                                        .withUefiX64("boot/grub/x86_64-efi/core.efi")
                                        .withIpxeScriptUrl("http://10.0.0.1:8080/ipxe/boot.ipxe")))
                        .withDhcp(d -> d.withNameServers(List.of("10.0.0.1", "10.0.0.2"))))
            .withSystem();
    LiveServer.Result r =
        lui.lui(
            "define-node",
            "n23",
            "--mac",
            "52:54:00:00:00:23",
            "--ip",
            "10.0.0.23",
            "--netmask",
            "255.255.255.0",
            "--resource",
            LiveServer.SYSTEM);
    assertThat(r.code()).as(r.err()).isZero();
    // The server writes dhcpd.conf only after 'dhcpd -t' accepted it (RealTools: dhcpd is required
    // in CI).
    RealTools.program("dhcpd");
    String conf = Files.readString(lui.dhcpdConf());
    assertThat(conf)
        .contains("host n23")
        .contains("boot/grub/x86_64-efi/core.efi")
        .contains("http://10.0.0.1:8080/ipxe/boot.ipxe")
        .contains("iPXE")
        .contains("domain-name-servers 10.0.0.1, 10.0.0.2")
        .contains("domain-name \"cluster\"");
    HttpResponse<String> chain = get("/ipxe/boot.ipxe");
    assertThat(chain.statusCode()).isEqualTo(200);
    assertThat(chain.body())
        .startsWith("#!ipxe")
        .contains("chain --autofree /ipxe/${mac:hexhyp}.ipxe");
  }

  private String state() throws IOException {
    JsonNode node = Json.json().readTree(lui.lui("show-node", "n21", "--json").out());
    return node.path("state").asText();
  }

  private HttpResponse<String> firstBoot(String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/api/v1/agent/n21/first-boot"))
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
