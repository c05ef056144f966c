package dev.lui.nfsroot.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.io.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeDirectoriesTest {
  @TempDir Path dir;

  @Test
  void ensureDirectoryCreatesMissingParentsWithMode() throws IOException {
    Path made = SafeDirectories.ensureDirectory(dir, dir.resolve("a/b/c"), FileModes.MODE_0755);
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
            () -> SafeDirectories.ensureDirectory(base, base.resolve("a/b"), FileModes.MODE_0755))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("symlink");
    assertThat(names(elsewhere)).isEmpty();
  }

  @Test
  void ensureDirectoryAcceptsASymlinkedBase() throws IOException {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path base = Files.createSymbolicLink(dir.resolve("base"), real);
    SafeDirectories.ensureDirectory(base, base.resolve("x"), FileModes.MODE_0755);
    assertThat(real.resolve("x")).isDirectory();
  }

  @Test
  void ensureDirectoryRefusesAPathOutsideTheBase() {
    assertThatThrownBy(
            () ->
                SafeDirectories.ensureDirectory(
                    dir.resolve("base"), dir.resolve("base/../other"), FileModes.MODE_0755))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("not inside");
  }

  @Test
  void ensureDirectoryRefusesAFileInTheWay() throws IOException {
    Files.writeString(dir.resolve("f"), "x");
    assertThatThrownBy(
            () -> SafeDirectories.ensureDirectory(dir, dir.resolve("f/g"), FileModes.MODE_0755))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("not a directory");
  }

  static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
