package dev.lui.io;

import static dev.lui.io.AtomicWriter.Option.FSYNC;
import static dev.lui.io.AtomicWriter.Option.KEEP_BACKUP;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriterTest {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static Object fileKey(Path f) throws IOException {
    return Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<String> leftovers() throws IOException {
    return names().stream().filter(AtomicWriter::isTemp).toList();
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void writesContentWithExactlyTheModeGiven() throws IOException {
    Path f = dir.resolve("token");
    AtomicWriter.write(f, bytes("abc"), FileModes.MODE_0600, FSYNC);
    assertThat(f).hasContent("abc");
    assertThat(mode(f)).isEqualTo("rw-------");
    AtomicWriter.write(dir.resolve("entry"), bytes("x"), FileModes.MODE_0644);
    assertThat(mode(dir.resolve("entry"))).isEqualTo("rw-r--r--");
  }

  @Test
  void replacesByRenameSoOpenReadersKeepTheOldCompleteContent() throws IOException {
    Path f = dir.resolve("dhcpd.conf");
    AtomicWriter.write(f, bytes("old\n"), FileModes.MODE_0644);
    Object before = fileKey(f);
    AtomicWriter.write(f, bytes("new\n"), FileModes.MODE_0644);
    assertThat(f).hasContent("new\n");
    assertThat(fileKey(f)).isNotEqualTo(before);
    assertThat(names()).containsExactly("dhcpd.conf");
  }

  @Test
  void keepsThePreviousContentAsBakOnlyWhenAsked() throws IOException {
    Path f = dir.resolve("dhcpd.conf");
    AtomicWriter.write(f, bytes("one\n"), FileModes.MODE_0644, KEEP_BACKUP);
    assertThat(AtomicWriter.backupOf(f)).doesNotExist();
    AtomicWriter.write(f, bytes("two\n"), FileModes.MODE_0644, KEEP_BACKUP);
    assertThat(f).hasContent("two\n");
    assertThat(dir.resolve("dhcpd.conf.bak")).hasContent("one\n");
    AtomicWriter.write(f, bytes("three\n"), FileModes.MODE_0644, FSYNC, KEEP_BACKUP);
    assertThat(dir.resolve("dhcpd.conf.bak")).hasContent("two\n");
    AtomicWriter.write(dir.resolve("x"), bytes("one"), FileModes.MODE_0644);
    AtomicWriter.write(dir.resolve("x"), bytes("two"), FileModes.MODE_0644);
    assertThat(AtomicWriter.backupOf(dir.resolve("x"))).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void theBackupKeepsTheModeOfTheFileItCopies() throws IOException {
    Path f = dir.resolve("bootptab");
    Files.writeString(f, "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    AtomicWriter.write(f, bytes("new"), AtomicWriter.modeOf(f).orElseThrow(), KEEP_BACKUP);
    assertThat(mode(f)).isEqualTo("rw-r-----");
    assertThat(mode(AtomicWriter.backupOf(f))).isEqualTo("rw-r-----");
  }

  @Test
  void aTempIsInvisibleUntilCommittedAndDiscardingItLeavesTheTargetAsItWas() throws IOException {
    Path f = dir.resolve("dhcpd.conf");
    AtomicWriter.write(f, bytes("old\n"), FileModes.MODE_0644);
    Path temp = AtomicWriter.writeTemp(f, bytes("candidate\n"), FileModes.MODE_0644, true);
    assertThat(temp.getParent()).isEqualTo(dir);
    assertThat(AtomicWriter.isTemp(temp.getFileName().toString())).isTrue();
    assertThat(temp).hasContent("candidate\n");
    assertThat(f).hasContent("old\n");
    AtomicWriter.discard(temp);
    assertThat(f).hasContent("old\n");
    assertThat(leftovers()).isEmpty();

    Path next = AtomicWriter.writeTemp(f, bytes("next\n"), FileModes.MODE_0644, false);
    AtomicWriter.commit(next, AtomicWriter.backupTemp(f), f);
    assertThat(f).hasContent("next\n");
    assertThat(AtomicWriter.backupOf(f)).hasContent("old\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void noBackupTempForAFileThatDoesNotExist() throws IOException {
    assertThat(AtomicWriter.backupTemp(dir.resolve("new"))).isEqualTo(Optional.empty());
  }

  @Test
  void leavesNoTempFileWhenTheRenameFails() throws IOException {
    Path target = dir.resolve("busy");
    Files.createDirectory(target);
    Files.writeString(target.resolve("inside"), "x"); // a non-empty dir cannot be replaced
    assertThatThrownBy(() -> AtomicWriter.write(target, bytes("new"), FileModes.MODE_0644))
        .isInstanceOf(IOException.class);
    assertThat(names()).containsExactly("busy");
  }

  @Test
  void replacesASymlinkInsteadOfWritingThroughIt() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("link"), outside);
    AtomicWriter.write(link, bytes("new"), FileModes.MODE_0644);
    assertThat(outside).hasContent("keep");
    assertThat(Files.isSymbolicLink(link)).isFalse();
    assertThat(link).hasContent("new");
  }

  @Test
  void failsWhenTheDirectoryIsMissing() {
    Path f = dir.resolve("no/such/dir/file");
    assertThatThrownBy(() -> AtomicWriter.write(f, bytes("x"), FileModes.MODE_0644))
        .isInstanceOf(IOException.class);
  }

  @Test
  void comparesContentAndDeletesDurably() throws IOException {
    Path f = dir.resolve("f");
    assertThat(AtomicWriter.hasContent(f, bytes("x"))).isFalse();
    AtomicWriter.write(f, bytes("x"), FileModes.MODE_0644);
    assertThat(AtomicWriter.hasContent(f, bytes("x"))).isTrue();
    assertThat(AtomicWriter.hasContent(f, bytes("y"))).isFalse();
    assertThat(AtomicWriter.deleteIfExists(f)).isTrue();
    assertThat(AtomicWriter.deleteIfExists(f)).isFalse();
  }

  @Test
  void recognisesItsOwnTempNames() {
    assertThat(AtomicWriter.isTemp(".lui-token.123.tmp")).isTrue();
    assertThat(AtomicWriter.isTemp("token")).isFalse();
    assertThat(AtomicWriter.isTemp(".dhcpd.conf.123.lui-tmp")).isFalse();
  }
}
