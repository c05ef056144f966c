package dev.lui.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lui.agent.steps.StepContext;
import dev.lui.contract.AgentApi;
import dev.lui.contract.BuildInfo;
import dev.lui.contract.plan.PlanCodec;
import dev.lui.contract.plan.TestPlans;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** lui-agent tells its version, compares it with the server's, and explains itself with --help. */
class AgentVersionTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String... args) {
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    return AgentMain.run(ps, ps, StepContext.Environment.defaults(), args);
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void versionOptionPrintsVersionAndCommit() {
    assertThat(run("--version")).isZero();
    assertThat(output().strip())
        .isEqualTo("lui-agent " + BuildInfo.current())
        .contains(BuildInfo.current().version())
        .contains("commit " + BuildInfo.current().commit());
  }

  @Test
  void helpStatesThePurposeAndAnExample() {
    assertThat(run("--help")).isZero();
    assertThat(output())
        .contains("Install this node from its lui install plan")
        .contains("Example");
  }

  @Test
  void everyCommandOfTheAgentHasHelpWithAnExample() {
    CommandLine root = AgentMain.commandLine(new AgentMain());
    assertThat(root.getSubcommands()).isEmpty(); // one command: this test covers the whole tree
    assertThat(root.getUsageMessage()).contains("Example");
  }

  @Test
  void warnsOnceAndInstallsWhenTheServerIsAnotherVersion() throws Exception {
    String output = installFromServerOfVersion("0.0.1 (commit 000000000000)");

    assertThat(output)
        .containsOnlyOnce("warning: this agent is lui " + BuildInfo.current())
        .contains("but the server is lui 0.0.1 (commit 000000000000); installing anyway");
  }

  @Test
  void saysNothingWhenTheServerIsTheSameVersion() throws Exception {
    assertThat(installFromServerOfVersion(BuildInfo.current().toString()))
        .doesNotContain("warning:");
  }

  /** A dry-run install from a loopback server that sends this version header; the output. */
  private String installFromServerOfVersion(String version) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        AgentApi.planPath("node01"),
        ex -> {
          byte[] body = PlanCodec.toJson(TestPlans.sample()).getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add(AgentApi.VERSION_HEADER, version);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.createContext(
        AgentApi.eventsPath("node01"),
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
    try {
      Path token = Files.writeString(dir.resolve("token"), "tok-123\n");
      int rc =
          run(
              "--server",
              "http://127.0.0.1:" + server.getAddress().getPort(),
              "--node",
              "node01",
              "--token-file",
              token.toString(),
              "--dry-run",
              "--spool-dir",
              dir.resolve("spool").toString());
      assertThat(rc).as(output()).isZero();
      return output();
    } finally {
      server.stop(0);
    }
  }
}
