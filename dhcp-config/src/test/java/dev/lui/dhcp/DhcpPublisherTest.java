package dev.lui.dhcp;

import static dev.lui.dhcp.TestHosts.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.dhcp.DhcpPublishException.Stage;
import dev.lui.dhcp.formats.DhcpFormats;
import dev.lui.io.AtomicWriter;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DhcpPublisherTest {
  @TempDir Path dir;

  private static final DhcpHost A = node("a", "52:54:00:00:00:01", "10.0.0.5");
  private static final DhcpHost B = node("b", "52:54:00:00:00:02", "10.0.0.6");

  /** A reload command that appends a line to {@code marker}, so tests can count reloads. */
  private static List<String> countInto(Path marker) {
    return List.of("/bin/sh", "-c", "echo reload >> \"$1\"", "sh", marker.toString());
  }

  private static long reloads(Path marker) throws IOException {
    return Files.exists(marker) ? Files.readAllLines(marker).size() : 0;
  }

  private Stream<Path> leftovers() throws IOException {
    return Files.list(dir).filter(p -> AtomicWriter.isTemp(p.getFileName().toString()));
  }

  @Test
  void writesBothFormatsAndCreatesStateDirectory() throws Exception {
    Path conf = dir.resolve("dhcp/dhcpd.conf");
    Path tab = dir.resolve("dhcp/bootptab");
    new DhcpPublisher(List.of(DhcpFormats.iscTarget(conf, false), DhcpFormats.bootptabTarget(tab)))
        .publish(List.of(A, B));
    assertThat(Files.readString(conf)).isEqualTo(DhcpFormats.isc().render(List.of(A, B)));
    assertThat(Files.readString(tab)).isEqualTo(DhcpFormats.bootptab().render(List.of(A, B)));
  }

  @Test
  void removedHostDisappearsAndBakKeepsPreviousFile() throws Exception {
    Path conf = dir.resolve("dhcpd.conf");
    DhcpPublisher p = new DhcpPublisher(List.of(DhcpFormats.iscTarget(conf, false)));
    p.publish(List.of(A, B));
    p.publish(List.of(A));
    assertThat(Files.readString(conf)).contains("host a {").doesNotContain("host b {");
    assertThat(Files.readString(AtomicWriter.backupOf(conf))).contains("host b {");
  }

  @Test
  void validatorFailureKeepsOldFileAndReportsOutput() throws Exception {
    Path conf = dir.resolve("dhcpd.conf");
    Files.writeString(conf, "previous\n");
    Path marker = dir.resolve("reloads");
    DhcpTarget target =
        DhcpFormats.iscTarget(conf, false)
            .withValidation(
                List.of(
                    "/bin/sh",
                    "-c",
                    "echo \"bad config in $1\"; exit 3",
                    "sh",
                    DhcpTarget.FILE_PLACEHOLDER))
            .withReload(countInto(marker));
    DhcpPublisher p = new DhcpPublisher(List.of(target));
    assertThatThrownBy(() -> p.publish(List.of(A)))
        .isInstanceOfSatisfying(
            DhcpPublishException.class,
            e -> {
              assertThat(e.stage()).isEqualTo(Stage.VALIDATE);
              assertThat(e.file()).contains(conf);
              assertThat(e.commandOutput().orElseThrow()).contains("bad config in " + dir);
              assertThat(e.getMessage()).contains("exited with status 3", "old file kept");
            });
    assertThat(Files.readString(conf)).isEqualTo("previous\n");
    assertThat(AtomicWriter.backupOf(conf)).doesNotExist();
    assertThat(leftovers()).isEmpty();
    assertThat(reloads(marker)).isZero();
  }

  @Test
  void binFalseValidatorRejects() throws Exception {
    Path conf = dir.resolve("dhcpd.conf");
    Files.writeString(conf, "previous\n");
    DhcpTarget target = DhcpFormats.iscTarget(conf, false).withValidation(List.of("/bin/false"));
    assertThatThrownBy(() -> new DhcpPublisher(List.of(target)).publish(List.of(A)))
        .isInstanceOf(DhcpPublishException.class);
    assertThat(Files.readString(conf)).isEqualTo("previous\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void validatorSeesTheCandidateNextToTheTarget() throws Exception {
    Path conf = dir.resolve("dhcpd.conf");
    Path seen = dir.resolve("seen");
    DhcpTarget target =
        DhcpFormats.iscTarget(conf, false)
            .withValidation(
                List.of(
                    "/bin/sh",
                    "-c",
                    "cp \"$1\" \"$2\"",
                    "sh",
                    DhcpTarget.FILE_PLACEHOLDER,
                    seen.toString()));
    new DhcpPublisher(List.of(target)).publish(List.of(A));
    assertThat(Files.readString(seen)).isEqualTo(Files.readString(conf));
  }

  @Test
  void unchangedContentIsNeitherRewrittenNorReloaded() throws Exception {
    Path conf = dir.resolve("dhcpd.conf");
    Path marker = dir.resolve("reloads");
    DhcpPublisher p =
        new DhcpPublisher(
            List.of(DhcpFormats.iscTarget(conf, false).withReload(countInto(marker))));
    p.publish(List.of(A));
    Object inode = Files.getAttribute(conf, "unix:ino");
    p.publish(List.of(A));
    assertThat(Files.getAttribute(conf, "unix:ino")).isEqualTo(inode);
    assertThat(reloads(marker)).isEqualTo(1);
    p.publish(List.of(A, B));
    assertThat(reloads(marker)).isEqualTo(2);
  }

  @Test
  void failedReloadKeepsValidatedFileAndIsRetried() throws Exception {
    Path conf = dir.resolve("dhcpd.conf");
    Path gate = dir.resolve("reload-ok");
    // Fails until the gate file exists.
    List<String> reload = List.of("/bin/sh", "-c", "test -e \"$1\"", "sh", gate.toString());
    DhcpPublisher p =
        new DhcpPublisher(List.of(DhcpFormats.iscTarget(conf, false).withReload(reload)));
    assertThatThrownBy(() -> p.publish(List.of(A)))
        .isInstanceOfSatisfying(
            DhcpPublishException.class, e -> assertThat(e.stage()).isEqualTo(Stage.RELOAD));
    assertThat(Files.readString(conf)).contains("host a {");
    // Same hosts again: file unchanged, but the pending reload is tried (and fails) again.
    assertThatThrownBy(() -> p.publish(List.of(A))).isInstanceOf(DhcpPublishException.class);
    Files.createFile(gate);
    p.publish(List.of(A));
    Files.delete(gate);
    p.publish(List.of(A)); // nothing pending any more, so the failing reload is not run
  }

  @Test
  void oneFailingTargetDoesNotStopTheOthers() throws Exception {
    Path conf = dir.resolve("dhcpd.conf");
    Path tab = dir.resolve("bootptab");
    DhcpTarget bad = DhcpFormats.iscTarget(conf, false).withValidation(List.of("/bin/false"));
    DhcpTarget alsoBad =
        new DhcpTarget(
            "other",
            DhcpFormats.isc(),
            dir.resolve("other.conf"),
            Optional.of(List.of("/bin/false")),
            Optional.empty());
    DhcpPublisher p = new DhcpPublisher(List.of(bad, DhcpFormats.bootptabTarget(tab), alsoBad));
    assertThatThrownBy(() -> p.publish(List.of(A)))
        .isInstanceOfSatisfying(
            DhcpPublishException.class,
            e -> {
              assertThat(e.file()).contains(conf);
              assertThat(e.getSuppressed()).hasSize(1);
            });
    assertThat(tab).exists();
    assertThat(conf).doesNotExist();
  }

  @Test
  void renderErrorBecomesPublishException() throws Exception {
    Path conf = dir.resolve("dhcpd.conf");
    DhcpPublisher p = new DhcpPublisher(List.of(DhcpFormats.iscTarget(conf, false)));
    DhcpHost dupMac = node("c", A.mac(), "10.0.0.7");
    assertThatThrownBy(() -> p.publish(List.of(A, dupMac)))
        .isInstanceOfSatisfying(
            DhcpPublishException.class,
            e -> {
              assertThat(e.stage()).isEqualTo(Stage.RENDER);
              assertThat(e.getMessage()).contains("share mac");
            });
    assertThat(conf).doesNotExist();
  }

  @Test
  void missingValidatorProgramIsReported() throws Exception {
    Path conf = dir.resolve("dhcpd.conf");
    DhcpTarget target =
        DhcpFormats.iscTarget(conf, false)
            .withValidation(List.of(dir.resolve("no-such-tool").toString()));
    assertThatThrownBy(() -> new DhcpPublisher(List.of(target)).publish(List.of(A)))
        .isInstanceOfSatisfying(
            DhcpPublishException.class,
            e -> {
              assertThat(e.stage()).isEqualTo(Stage.VALIDATE);
              assertThat(e.getMessage()).contains("cannot run", "no-such-tool");
            });
    assertThat(conf).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void hungValidatorIsKilledAndRejects() throws Exception {
    Path conf = dir.resolve("dhcpd.conf");
    DhcpTarget target =
        DhcpFormats.iscTarget(conf, false).withValidation(List.of("/bin/sleep", "30"));
    DhcpPublisher p = new DhcpPublisher(List.of(target), Duration.ofMillis(200));
    assertThatThrownBy(() -> p.publish(List.of(A)))
        .hasMessageContaining("timed out and was killed");
    assertThat(conf).doesNotExist();
  }

  @Test
  void rejectsTwoTargetsForOneFile() {
    Path conf = dir.resolve("x");
    assertThatThrownBy(
            () ->
                new DhcpPublisher(
                    List.of(DhcpFormats.iscTarget(conf, false), DhcpFormats.bootptabTarget(conf))))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("same file");
  }

  @Test
  void targetRejectsEmptyCommand() {
    assertThatThrownBy(() -> DhcpFormats.iscTarget(dir.resolve("x"), false).withReload(List.of()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("reloadCommand");
  }

  @Test
  void realDhcpdValidatesRenderedConfig() throws Exception {
    RealTools.program(DhcpTarget.DHCPD);
    Path conf = dir.resolve("dhcpd.conf");
    DhcpPublisher p = new DhcpPublisher(List.of(DhcpFormats.iscTarget(conf, true)));
    p.publish(TestHosts.many(50));
    p.publish(List.of());
    assertThat(Files.readString(conf)).doesNotContain("host ");
    assertThat(Files.readString(AtomicWriter.backupOf(conf))).contains("host node049 {");
  }

  @Test
  void realDhcpdRejectsBrokenCandidateAndOldFileStays() throws Exception {
    RealTools.program(DhcpTarget.DHCPD);
    Path conf = dir.resolve("dhcpd.conf");
    String old = DhcpFormats.isc().render(List.of(A));
    Files.writeString(conf, old);
    DhcpRenderer broken = hosts -> DhcpFormats.isc().render(hosts) + "host dangling {\n";
    DhcpTarget target =
        new DhcpTarget(
            "isc", broken, conf, Optional.of(DhcpTarget.dhcpdValidateCommand()), Optional.empty());
    assertThatThrownBy(() -> new DhcpPublisher(List.of(target)).publish(List.of(A, B)))
        .isInstanceOfSatisfying(
            DhcpPublishException.class,
            e -> assertThat(e.commandOutput().orElseThrow()).contains("unexpected end of file"));
    assertThat(Files.readString(conf)).isEqualTo(old);
    assertThat(leftovers()).isEmpty();
  }
}
