package dev.lui.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
  @Test
  void reportsTheCommitGitNamesForThisCheckout() throws Exception {
    Process git =
        new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
            .redirectErrorStream(true)
            .start();
    String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();

    BuildInfo info = BuildInfo.current();

    assertThat(info.version()).isNotBlank().isNotEqualTo(BuildInfo.UNKNOWN);
    if (git.exitValue() == 0) {
      assertThat(info.commit()).matches(java.util.regex.Pattern.quote(head) + "(-dirty)?");
    } else {
      assertThat(info.commit()).isEqualTo(BuildInfo.UNKNOWN);
    }
  }

  @Test
  void saysUnknownForWhatTheBuildCouldNotTell() {
    assertThat(BuildInfo.from(new Properties())).isEqualTo(new BuildInfo("unknown", "unknown"));
  }

  @Test
  void showsVersionAndCommitOnOneLine() throws IOException {
    Properties p = new Properties();
    p.load(new java.io.StringReader("version=1.2.3\ncommit=0123456789ab\n"));

    assertThat(BuildInfo.from(p)).hasToString("1.2.3 (commit 0123456789ab)");
  }
}
