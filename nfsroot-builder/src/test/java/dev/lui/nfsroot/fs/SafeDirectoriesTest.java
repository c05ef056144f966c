package dev.lui.nfsroot.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesContentWithExactMode() throws IOException {
    Path f = dir.resolve("token");
    AtomicFiles.write(f, bytes("abc"), AtomicFiles.MODE_0600);
    assertThat(f).hasContent("abc");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
  }

  @Test
  void replacesByRenameSoReadersNeverSeeAPartialFile() throws IOException {
    Path f = dir.resolve("entry");
    AtomicFiles.write(f, bytes("old"), AtomicFiles.MODE_0644);
    Object before = fileKey(f);
    AtomicFiles.write(f, bytes("new"), AtomicFiles.MODE_0644);
    assertThat(f).hasContent("new");
    // A new inode: an open reader of the old file keeps reading the old, complete content.
    assertThat(fileKey(f)).isNotEqualTo(before);
  }

  @Test
  void leavesNoTempFileBehind() throws IOException {
    AtomicFiles.write(dir.resolve("a"), bytes("1"), AtomicFiles.MODE_0644);
    AtomicFiles.write(dir.resolve("a"), bytes("2"), AtomicFiles.MODE_0644);
    assertThat(names(dir)).containsExactly("a");
  }

  @Test
  void leavesNoTempFileWhenTheRenameFails() throws IOException {
    Path target = dir.resolve("busy");
    Files.createDirectory(target);
    Files.writeString(target.resolve("inside"), "x"); // a non-empty dir cannot be replaced
    assertThatThrownBy(() -> AtomicFiles.write(target, bytes("new"), AtomicFiles.MODE_0644))
        .isInstanceOf(IOException.class);
    assertThat(names(dir)).containsExactly("busy");
  }

  @Test
  void replacesASymlinkTargetNameInsteadOfWritingThroughIt() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("link"), outside);
    AtomicFiles.write(link, bytes("new"), AtomicFiles.MODE_0644);
    assertThat(outside).hasContent("keep");
    assertThat(Files.isSymbolicLink(link)).isFalse();
    assertThat(link).hasContent("new");
  }

  @Test
  void ensureDirectoryCreatesMissingParentsWithMode() throws IOException {
    Path made = AtomicFiles.ensureDirectory(dir, dir.resolve("a/b/c"), AtomicFiles.MODE_0755);
    assertThat(made).isDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void ensureDirectoryRefusesASymlinkOnTheWay() throws IOException {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path base = Files.createDirectory(dir.resolve("base"));
    Files.createSymbolicLink(base.resolve("a"), elsewhere);
    assertThatThrownBy(
            () -> AtomicFiles.ensureDirectory(base, base.resolve("a/b"), AtomicFiles.MODE_0755))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("symlink");
    assertThat(names(elsewhere)).isEmpty();
  }

  @Test
  void ensureDirectoryAcceptsASymlinkedBase() throws IOException {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path base = Files.createSymbolicLink(dir.resolve("base"), real);
    AtomicFiles.ensureDirectory(base, base.resolve("x"), AtomicFiles.MODE_0755);
    assertThat(real.resolve("x")).isDirectory();
  }

  @Test
  void ensureDirectoryRefusesAPathOutsideTheBase() {
    assertThatThrownBy(
            () ->
                AtomicFiles.ensureDirectory(
                    dir.resolve("base"), dir.resolve("base/../other"), AtomicFiles.MODE_0755))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("not inside");
  }

  @Test
  void ensureDirectoryRefusesAFileInTheWay() throws IOException {
    Files.writeString(dir.resolve("f"), "x");
    assertThatThrownBy(
            () -> AtomicFiles.ensureDirectory(dir, dir.resolve("f/g"), AtomicFiles.MODE_0755))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void deleteIfExistsIsIdempotent() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    assertThat(AtomicFiles.deleteIfExists(f)).isTrue();
    assertThat(AtomicFiles.deleteIfExists(f)).isFalse();
  }

  @Test
  void recognisesItsOwnTempNames() {
    assertThat(AtomicFiles.isTempName(".lui-token.123.tmp")).isTrue();
    assertThat(AtomicFiles.isTempName("token")).isFalse();
  }

  static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Object fileKey(Path f) throws IOException {
    return Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
