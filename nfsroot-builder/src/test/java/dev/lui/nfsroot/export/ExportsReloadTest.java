package dev.lui.nfsroot.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportsReloadTest {
  @TempDir Path dir;

  @Test
  void kernelReloadIsExportfsRa() {
    assertThat(ExportsReload.kernel())
        .isEqualTo(new ExportsReload.Command(List.of("exportfs", "-ra")));
  }

  @Test
  void aFailingCommandReportsItsExitCodeAndOutput() {
    ExportsReload r = new ExportsReload.Command(List.of("sh", "-c", "echo no exports; exit 3"));
    assertThatThrownBy(r::reload)
        .isInstanceOf(IOException.class)
        .hasMessage("reload [sh, -c, echo no exports; exit 3] exited 3: no exports");
  }

  @Test
  void aSucceedingCommandPasses() throws IOException {
    Path marker = dir.resolve("ran");
    new ExportsReload.Command(List.of("touch", marker.toString())).reload();
    assertThat(marker).exists();
  }

  @Test
  void signalSendsSighupToThePidInThePidFile() throws Exception {
    Path marker = dir.resolve("got-hup");
    Path ready = dir.resolve("ready");
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "trap 'touch \"$1\"; exit 0' HUP; touch \"$2\"; while :; do sleep 0.1; done",
                "sh",
                marker.toString(),
                ready.toString())
            .start();
    try {
      waitFor(ready);
      Path pidFile = dir.resolve("server.pid");
      Files.writeString(pidFile, p.pid() + "\n");
      new ExportsReload.Signal(pidFile).reload();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(marker).exists();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void signalRefusesAMissingOrGarbledPidFileOrADeadPid() throws IOException {
    Path pidFile = dir.resolve("server.pid");
    assertThatThrownBy(() -> new ExportsReload.Signal(pidFile).reload())
        .hasMessageContaining("does not exist");
    Files.writeString(pidFile, "12; rm -rf /");
    assertThatThrownBy(() -> new ExportsReload.Signal(pidFile).reload())
        .hasMessageContaining("must hold one positive number");
    Files.writeString(pidFile, "999999999");
    assertThatThrownBy(() -> new ExportsReload.Signal(pidFile).reload())
        .hasMessageContaining("is not running");
  }

  private static void waitFor(Path file) throws InterruptedException {
    for (int i = 0; i < 600 && !Files.exists(file); i++) {
      Thread.sleep(100);
    }
    assertThat(file).exists();
  }
}
