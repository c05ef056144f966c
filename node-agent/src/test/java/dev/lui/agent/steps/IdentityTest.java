package dev.lui.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.agent.exec.CommandRunner;
import dev.lui.agent.fetch.Fetcher;
import dev.lui.agent.report.EventLog;
import dev.lui.agent.report.RecordingReporter;
import dev.lui.contract.event.AgentEvent;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.NodeIdentity;
import dev.lui.contract.plan.SshHostKey;
import dev.lui.contract.plan.TestPlans;
import dev.lui.testkit.RealTools;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
  @TempDir Path root;
  private final RecordingReporter rec = new RecordingReporter();

  private void run(InstallPlan plan) throws Exception {
    EventLog events = new EventLog("r", rec, Clock.systemUTC());
    new Identity()
        .run(
            new StepContext(
                plan,
                new CommandRunner(events, false),
                events,
                new Fetcher(HttpClient.newHttpClient(), Optional.empty(), Optional.empty()),
                root,
                StepContext.Environment.defaults()));
  }

  private Path write(String path, String text) throws Exception {
    Path f = root.resolve(path);
    Files.createDirectories(f.getParent());
    return Files.writeString(f, text);
  }

  @Test
  void hostsGetsTheOwnNameOn127011AndKeepsTheRest() {
    String image =
        "127.0.0.1\tlocalhost\n127.0.1.1\tgolden.example golden\n" + "10.0.0.1\tmaster\n";
    assertThat(Identity.hosts(Optional.of(image), "node01.cluster"))
        .isEqualTo("127.0.0.1\tlocalhost\n127.0.1.1\tnode01.cluster\tnode01\n10.0.0.1\tmaster\n");
    assertThat(Identity.hosts(Optional.of("10.0.0.1 master"), "n1"))
        .isEqualTo("127.0.1.1\tn1\n10.0.0.1 master\n");
    assertThat(Identity.hosts(Optional.empty(), "n1.c"))
        .startsWith("127.0.0.1\tlocalhost\n127.0.1.1\tn1.c\tn1\n")
        .contains("::1\tlocalhost");
  }

  @Test
  void machineIdsAreFresh128BitHex() {
    String a = Identity.newMachineId();
    assertThat(a).matches("[0-9a-f]{32}").isNotEqualTo(Identity.newMachineId());
    assertThat(a.charAt(12)).isEqualTo('4'); // systemd formats ids as v4 UUIDs
  }

  @Test
  void replacesTheImagesIdentityWithFreshOnes() throws Exception {
    RealTools.rootAnd("ssh-keygen");
    write("etc/hostname", "golden\n");
    write("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
    Path dbus = root.resolve("var/lib/dbus/machine-id");
    Files.createDirectories(dbus.getParent());
    Files.createSymbolicLink(dbus, Path.of("/etc/machine-id"));
    Path oldKey = write("etc/ssh/ssh_host_ed25519_key", "old secret");
    write("etc/ssh/ssh_host_dsa_key.pub", "old public");

    run(TestPlans.sample());

    assertThat(root.resolve("etc/hostname")).hasContent("node01");
    assertThat(root.resolve("etc/hosts")).content().contains("127.0.1.1\tnode01.cluster\tnode01");
    String id = Files.readString(root.resolve("etc/machine-id"));
    assertThat(id).matches("[0-9a-f]{32}\n").isNotEqualTo("0123456789abcdef0123456789abcdef\n");
    assertThat(Files.isSymbolicLink(dbus)).isTrue();
    assertThat(root.resolve("etc/ssh/ssh_host_dsa_key.pub")).doesNotExist();
    assertThat(oldKey).content().doesNotContain("old secret").contains("PRIVATE KEY");
    assertThat(root.resolve("etc/ssh/ssh_host_rsa_key.pub")).content().startsWith("ssh-rsa ");
    assertThat((Integer) Files.getAttribute(oldKey, "unix:mode") & 0777).isEqualTo(0600);
  }

  @Test
  void asksForASelinuxRelabelOnlyWhenTheTargetEnablesSelinux() throws Exception {
    assertThat(Identity.selinuxEnabled(root)).isFalse();
    write("etc/selinux/config", "# comment\nSELINUX=disabled\nSELINUXTYPE=targeted\n");
    assertThat(Identity.selinuxEnabled(root)).isFalse();
    write("etc/selinux/config", "SELINUX=enforcing\n");
    assertThat(Identity.selinuxEnabled(root)).isTrue();
  }

  @Test
  void leavesAFirstBootMachineIdForSystemd() throws Exception {
    RealTools.root();
    write("etc/machine-id", "uninitialized\n");
    run(TestPlans.sample()); // no /etc/ssh: no keys to make
    assertThat(root.resolve("etc/machine-id")).hasContent("uninitialized");
    assertThat(root.resolve("etc/ssh")).doesNotExist();
    assertThat(rec.lines("agent"))
        .contains(
            "/etc/machine-id is 'uninitialized': left for systemd to create at first boot",
            "no /etc/ssh in the target: no ssh host keys to make");
  }

  @Test
  void installsThePlansHostKeysWithoutLoggingThem() throws Exception {
    RealTools.root();
    String secret =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    NodeIdentity n = TestPlans.node();
    NodeIdentity withKeys =
        new NodeIdentity(
            n.name(),
            n.hostname(),
            n.mac(),
            n.ip(),
            n.netmask(),
            n.gateway(),
            List.of(),
            List.of(),
            List.of(new SshHostKey("ed25519", secret, "ssh-ed25519 AAAAC3Nza node01")));
    write("etc/ssh/ssh_host_rsa_key", "image key");

    run(TestPlans.withNode(TestPlans.sample(), withKeys));

    Path key = root.resolve("etc/ssh/ssh_host_ed25519_key");
    assertThat(key).hasContent(secret.strip());
    assertThat((Integer) Files.getAttribute(key, "unix:mode") & 0777).isEqualTo(0600);
    assertThat(root.resolve("etc/ssh/ssh_host_ed25519_key.pub"))
        .hasContent("ssh-ed25519 AAAAC3Nza node01");
    assertThat(root.resolve("etc/ssh/ssh_host_rsa_key")).doesNotExist();
    assertThat(rec.events())
        .extracting(AgentEvent::text)
        .noneMatch(t -> t.isPresent() && t.get().contains("c2VjcmV0"));
    assertThat(withKeys.toString()).doesNotContain("c2VjcmV0").contains("<redacted>");
  }

  @Test
  void everyKeptHostKeyGetsOpensshsFileNamesRootOwnershipAnd0600Or0644() throws Exception {
    RealTools.root();
    List<SshHostKey> keys =
        List.of(
            new SshHostKey("rsa", pem("rsa-secret"), "ssh-rsa AAAAB3 node01"),
            new SshHostKey("ecdsa", pem("ecdsa-secret"), "ecdsa-sha2-nistp256 AAAAE2 node01"),
            new SshHostKey("ed25519", pem("ed-secret"), "ssh-ed25519 AAAAC3 node01"));
    NodeIdentity n = TestPlans.node();
    write("etc/ssh/sshd_config", "# image\n");
    write("etc/ssh/ssh_host_dsa_key", "image dsa key");
    write("etc/ssh/ssh_host_dsa_key.pub", "ssh-dss image");

    run(
        TestPlans.withNode(
            TestPlans.sample(),
            new NodeIdentity(
                n.name(),
                n.hostname(),
                n.mac(),
                n.ip(),
                n.netmask(),
                n.gateway(),
                List.of(),
                List.of(),
                keys)));

    try (var s = Files.list(root.resolve("etc/ssh"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "sshd_config",
              "ssh_host_rsa_key",
              "ssh_host_rsa_key.pub",
              "ssh_host_ecdsa_key",
              "ssh_host_ecdsa_key.pub",
              "ssh_host_ed25519_key",
              "ssh_host_ed25519_key.pub");
    }
    for (SshHostKey k : keys) {
      Path priv = root.resolve("etc/ssh/ssh_host_" + k.type() + "_key");
      Path pub = root.resolve("etc/ssh/ssh_host_" + k.type() + "_key.pub");
      assertThat(priv).hasContent(k.privateKey().strip());
      assertThat(pub).hasContent(k.publicKey());
      assertThat((Integer) Files.getAttribute(priv, "unix:mode") & 07777).isEqualTo(0600);
      assertThat((Integer) Files.getAttribute(pub, "unix:mode") & 07777).isEqualTo(0644);
      assertThat(Files.getAttribute(priv, "unix:uid")).isEqualTo(0);
      assertThat(Files.getAttribute(priv, "unix:gid")).isEqualTo(0);
    }
    assertThat(rec.events())
        .extracting(e -> e.text().orElse(""))
        .noneMatch(t -> t.contains("secret") || t.contains("PRIVATE KEY"));
  }

  private static String pem(String body) {
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----\n";
  }
}
