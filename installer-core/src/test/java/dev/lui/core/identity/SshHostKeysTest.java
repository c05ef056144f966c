package dev.lui.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.contract.plan.SshHostKey;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshHostKeysTest {
  @TempDir Path dir;

  @Test
  void opensshReadsThePrivateKeyAndDerivesTheSamePublicKey() throws Exception {
    Path keygen = RealTools.program("ssh-keygen");
    SshHostKey key = SshHostKeys.ed25519("root@n01.cluster");
    Path file = dir.resolve("ssh_host_ed25519_key");
    Files.writeString(file, key.privateKey());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Process p =
        new ProcessBuilder(keygen.toString(), "-y", "-f", file.toString())
            .redirectErrorStream(true)
            .start();
    String derived = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(derived).isZero();
    String[] ours = key.publicKey().split(" ");
    assertThat(derived).startsWith(ours[0] + " " + ours[1]);
    assertThat(ours[2]).isEqualTo("root@n01.cluster");
  }

  @Test
  void everyKeyIsNewAndItsTextNeverShowsInToString() {
    SshHostKey a = SshHostKeys.ed25519("root@a");
    SshHostKey b = SshHostKeys.ed25519("root@a");
    assertThat(a.publicKey())
        .isNotEqualTo(b.publicKey())
        .startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5");
    assertThat(a.privateKey())
        .startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n")
        .endsWith("-----END OPENSSH PRIVATE KEY-----\n");
    assertThat(a.toString())
        .doesNotContain(a.privateKey().lines().skip(1).findFirst().orElseThrow());
  }
}
