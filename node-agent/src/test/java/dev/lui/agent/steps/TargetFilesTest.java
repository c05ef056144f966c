package dev.lui.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.agent.fetch.Fetcher;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetFilesTest {
  @TempDir Path root;

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private final Fetcher fetcher =
      new Fetcher(HttpClient.newHttpClient(), Optional.empty(), Optional.empty());

  @Test
  void installsVerifiedFileWithModeAtomically() throws Exception {
    Path src = root.resolve("src");
    Files.writeString(src, "secret=1\n");
    Path dest = root.resolve("etc/app/conf");
    int uid = (Integer) Files.getAttribute(root, "unix:uid");
    int gid = (Integer) Files.getAttribute(root, "unix:gid");
    TargetFiles.install(
        fetcher,
        src.toString(),
        sha(Files.readAllBytes(src)),
        dest,
        0640,
        new TargetFiles.Owner(uid, gid));
    assertThat(dest).hasContent("secret=1");
    assertThat((Integer) Files.getAttribute(dest, "unix:mode") & 07777).isEqualTo(0640);
    try (var files = Files.list(dest.getParent())) {
      assertThat(files).containsExactly(dest); // no temp file left behind
    }
  }

  @Test
  void refusesChecksumMismatchAndLeavesNothing() throws Exception {
    Path src = root.resolve("src");
    Files.writeString(src, "tampered");
    Path dest = root.resolve("etc/x");
    assertThatThrownBy(
            () ->
                TargetFiles.install(
                    fetcher,
                    src.toString(),
                    "0".repeat(64),
                    dest,
                    0644,
                    new TargetFiles.Owner(0, 0)))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("sha256 mismatch");
    assertThat(dest).doesNotExist();
    try (var files = Files.list(dest.getParent())) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void resolvesOwnersFromTheTargetsPasswd() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(
        root.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\napp:x:1234:2000::/home/app:/bin/sh\n");
    Files.writeString(root.resolve("etc/group"), "root:x:0:\nstaff:x:50:\napp:x:2000:\n");
    assertThat(TargetFiles.owner(root, "app")).isEqualTo(new TargetFiles.Owner(1234, 2000));
    assertThat(TargetFiles.owner(root, "app:staff")).isEqualTo(new TargetFiles.Owner(1234, 50));
    assertThat(TargetFiles.owner(root, "1234")).isEqualTo(new TargetFiles.Owner(1234, 2000));
    assertThat(TargetFiles.owner(root, "77:88")).isEqualTo(new TargetFiles.Owner(77, 88));
    assertThatThrownBy(() -> TargetFiles.owner(root, "nobody"))
        .hasMessageContaining("no user 'nobody' in the target's /etc/passwd");
    assertThatThrownBy(() -> TargetFiles.owner(root, "app:wheel"))
        .hasMessageContaining("no group 'wheel'");
  }

  @Test
  void rootIsUidZeroEvenWithoutATargetPasswd() throws Exception {
    assertThat(TargetFiles.owner(root, "root:root")).isEqualTo(new TargetFiles.Owner(0, 0));
    assertThatThrownBy(() -> TargetFiles.owner(root, "app")).hasMessageContaining("no user 'app'");
  }
}
