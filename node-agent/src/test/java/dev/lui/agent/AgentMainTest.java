package dev.lui.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.agent.steps.StepContext;
import dev.lui.contract.plan.PlanCodec;
import dev.lui.contract.plan.TestPlans;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AgentMain.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        StepContext.Environment.defaults(),
        args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void dryRunOfPlanFileExitsZeroAndPrintsCommands() throws Exception {
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, PlanCodec.toJson(TestPlans.sample()));
    Path log = dir.resolve("agent.log");
    assertThat(
            run(
                "--plan",
                plan.toString(),
                "--dry-run",
                "--target",
                "/mnt/x",
                "--log-file",
                log.toString()))
        .isEqualTo(0);
    assertThat(stdout())
        .contains(
            "sfdisk --wipe always --wipe-partitions always /dev/sdz",
            "mount -t ext4 /dev/sdz3 /mnt/x",
            "install finished OK");
    assertThat(Files.readAllLines(log))
        .allSatisfy(l -> assertThat(l).startsWith("{\"runId\""))
        .last()
        .asString()
        .contains("\"kind\":\"install-finished\"", "\"ok\":true");
  }

  @Test
  void noSecretOfThePlanReachesTheConsoleOrTheLogFile() throws Exception {
    String privateKey =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nUFJJVkFURS1LRVktQllURVM=\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    dev.lui.contract.plan.NodeIdentity n = TestPlans.node();
    dev.lui.contract.plan.InstallPlan withSecrets =
        TestPlans.withNode(
                TestPlans.sample(),
                new dev.lui.contract.plan.NodeIdentity(
                    n.name(),
                    n.hostname(),
                    n.mac(),
                    n.ip(),
                    n.netmask(),
                    n.gateway(),
                    java.util.List.of(),
                    java.util.List.of(),
                    java.util.List.of(
                        new dev.lui.contract.plan.SshHostKey(
                            "ed25519", privateKey, "ssh-ed25519 AAAA n"))))
            .withFirstBoot(
                java.util.Optional.of(
                    new dev.lui.contract.plan.FirstBoot(
                        "http://10.0.0.1:8080/api/v1/agent/node01/first-boot",
                        "FIRST-BOOT-TOKEN-xyz")));
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, PlanCodec.toJson(withSecrets));
    Path log = dir.resolve("agent.log");
    assertThat(
            run(
                "--plan",
                plan.toString(),
                "--dry-run",
                "--target",
                "/mnt/x",
                "--log-file",
                log.toString()))
        .isZero();
    assertThat(stdout())
        .contains("ssh_host_ed25519_key", "lui-first-boot.service")
        .doesNotContain("UFJJVkFURS1LRVk", "PRIVATE KEY", "FIRST-BOOT-TOKEN-xyz");
    assertThat(Files.readString(log))
        .isNotEmpty()
        .doesNotContain("UFJJVkFURS1LRVk", "PRIVATE KEY", "FIRST-BOOT-TOKEN-xyz");
  }

  @Test
  void invalidPlanExitsTwo() throws Exception {
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, PlanCodec.toJson(TestPlans.sample()).replace("\"gpt\"", "\"zfs\""));
    assertThat(
            run("--plan", plan.toString(), "--dry-run", "--log-file", dir.resolve("l").toString()))
        .isEqualTo(2);
    assertThat(stdout()).contains("invalid plan: partitions.label");
  }

  @Test
  void missingPlanFileExitsTwo() {
    assertThat(
            run(
                "--plan",
                dir.resolve("nope.json").toString(),
                "--log-file",
                dir.resolve("l").toString()))
        .isEqualTo(2);
  }

  @Test
  void noModeIsUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("give --plan FILE");
  }

  @Test
  void unknownOptionIsUsageError() {
    assertThat(run("--frobnicate")).isEqualTo(2);
  }

  @Test
  void serverWithoutTokenIsUsageError() {
    assertThat(run("--server", "http://127.0.0.1:9", "--node", "n1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("install token");
  }

  @Test
  void fromCmdlineReadsServerNodeAndTokenFile() throws Exception {
    Path cmdline = dir.resolve("cmdline");
    Files.writeString(cmdline, "quiet lui.server=http://127.0.0.1:9 console=ttyS0\n");
    assertThat(
            run(
                "--from-cmdline",
                "--cmdline-file",
                cmdline.toString(),
                "--cmdline-token-file",
                dir.resolve("token").toString()))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("lui.node= missing");
    Files.writeString(cmdline, "lui.server=http://127.0.0.1:9 lui.node=n1\n");
    err.reset();
    assertThat(
            run(
                "--from-cmdline",
                "--cmdline-file",
                cmdline.toString(),
                "--cmdline-token-file",
                dir.resolve("token").toString()))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read token file");
  }
}
