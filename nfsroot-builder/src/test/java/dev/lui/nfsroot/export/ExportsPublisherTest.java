package dev.lui.nfsroot.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportsPublisherTest {
  @TempDir Path dir;

  private static final NodeExport A =
      new NodeExport("n01", Path.of("/var/lib/lui/nfsroot/nodes/n01"), "10.0.0.11");
  private static final NodeExport B =
      new NodeExport("n02", Path.of("/var/lib/lui/nfsroot/nodes/n02"), "10.0.0.12");

  private static ExportPlan plan(NodeExport... nodes) {
    return new ExportPlan(List.of(Path.of("/srv/image")), "10.0.0.0/24", List.of(nodes));
  }

  private ExportsPublisher counting(Path file, Path counter, ExportsPublisher.Server server) {
    ExportsReload reload =
        new ExportsReload.Command(List.of("sh", "-c", "echo x >> \"$0\"", counter.toString()));
    return new ExportsPublisher(
        new ExportsPublisher.Target(server, file, Optional.of("10.0.0.1"), Optional.of(reload)));
  }

  @Test
  void reloadsOnlyWhenTheFileChanged() throws IOException {
    Path file = dir.resolve("ganesha.conf");
    Path counter = dir.resolve("reloads");
    ExportsPublisher p = counting(file, counter, ExportsPublisher.Server.GANESHA);
    assertThat(p.publish(plan(A)).changed()).isTrue();
    assertThat(p.publish(plan(A)).changed()).isFalse();
    assertThat(p.publish(plan(A, B)).changed()).isTrue();
    assertThat(Files.readAllLines(counter)).hasSize(2);
  }

  @Test
  void aFailedReloadPutsThePreviousFileBack() throws IOException {
    Path file = dir.resolve("lui.exports");
    ExportsPublisher ok =
        new ExportsPublisher(
            new ExportsPublisher.Target(
                ExportsPublisher.Server.KERNEL,
                file,
                Optional.empty(),
                Optional.of(new ExportsReload.Command(List.of("true")))));
    ok.publish(plan(A));
    String served = Files.readString(file);
    ExportsPublisher failing =
        new ExportsPublisher(
            new ExportsPublisher.Target(
                ExportsPublisher.Server.KERNEL,
                file,
                Optional.empty(),
                Optional.of(
                    new ExportsReload.Command(List.of("sh", "-c", "echo exportfs: bad; exit 1")))));
    assertThatThrownBy(() -> failing.publish(plan(A, B)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exportfs: bad");
    assertThat(Files.readString(file)).isEqualTo(served);
  }

  @Test
  void aFailedFirstReloadLeavesNoFile() {
    Path file = dir.resolve("lui.exports");
    ExportsPublisher failing =
        new ExportsPublisher(
            new ExportsPublisher.Target(
                ExportsPublisher.Server.KERNEL,
                file,
                Optional.empty(),
                Optional.of(new ExportsReload.Command(List.of("false")))));
    assertThatThrownBy(() -> failing.publish(plan(A))).isInstanceOf(IOException.class);
    assertThat(file).doesNotExist();
  }

  @Test
  void targetsForBothServers() {
    assertThat(ExportsPublisher.Target.kernel(dir.resolve("x")).reload())
        .contains(ExportsReload.kernel());
    ExportsPublisher.Target g =
        ExportsPublisher.Target.ganesha(dir.resolve("g"), "10.0.0.1", dir.resolve("pid"));
    assertThat(g.reload()).contains(new ExportsReload.Signal(dir.resolve("pid")));
    assertThatThrownBy(() -> ExportsPublisher.Target.ganesha(dir.resolve("g"), "x", dir))
        .hasMessageContaining("ganesha bind address");
  }
}
