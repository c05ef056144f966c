package dev.lui.dhcp.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private long inode(Path p) throws IOException {
    return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
  }

  private Stream<Path> leftovers() throws IOException {
    return Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".lui-tmp"));
  }

  @Test
  void createsNewFileReadableByAll() throws IOException {
    Path f = dir.resolve("dhcpd.conf");
    assertThat(AtomicFile.write(f, bytes("one\n"), true)).isTrue();
    assertThat(Files.readString(f)).isEqualTo("one\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-r--r--");
    assertThat(AtomicFile.backupOf(f)).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void keepsPreviousContentAsBak() throws IOException {
    Path f = dir.resolve("dhcpd.conf");
    AtomicFile.write(f, bytes("one\n"), true);
    AtomicFile.write(f, bytes("two\n"), true);
    assertThat(Files.readString(f)).isEqualTo("two\n");
    assertThat(Files.readString(dir.resolve("dhcpd.conf.bak"))).isEqualTo("one\n");
    AtomicFile.write(f, bytes("three\n"), true);
    assertThat(Files.readString(dir.resolve("dhcpd.conf.bak"))).isEqualTo("two\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void writesNoBakWhenNotAsked() throws IOException {
    Path f = dir.resolve("x");
    AtomicFile.write(f, bytes("one"), false);
    AtomicFile.write(f, bytes("two"), false);
    assertThat(AtomicFile.backupOf(f)).doesNotExist();
  }

  @Test
  void preservesPermissionsOfReplacedFile() throws IOException {
    Path f = dir.resolve("bootptab");
    Files.writeString(f, "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    AtomicFile.write(f, bytes("new"), true);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-r-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(AtomicFile.backupOf(f))))
        .isEqualTo("rw-r-----");
  }

  @Test
  void skipsWriteWhenContentUnchanged() throws IOException {
    Path f = dir.resolve("dhcpd.conf");
    AtomicFile.write(f, bytes("same\n"), true);
    long before = inode(f);
    assertThat(AtomicFile.write(f, bytes("same\n"), true)).isFalse();
    assertThat(inode(f)).isEqualTo(before);
    assertThat(AtomicFile.backupOf(f)).doesNotExist();
  }

  @Test
  void replacesByRenameSoOpenReadersKeepOldContent() throws IOException {
    Path f = dir.resolve("dhcpd.conf");
    AtomicFile.write(f, bytes("old\n"), false);
    long before = inode(f);
    AtomicFile.write(f, bytes("new\n"), false);
    assertThat(inode(f)).isNotEqualTo(before);
  }

  @Test
  void writeTempThenDiscardLeavesTargetUntouched() throws IOException {
    Path f = dir.resolve("dhcpd.conf");
    AtomicFile.write(f, bytes("old\n"), false);
    Path temp = AtomicFile.writeTemp(f, bytes("candidate\n"));
    assertThat(temp.getParent()).isEqualTo(dir);
    assertThat(Files.readString(temp)).isEqualTo("candidate\n");
    AtomicFile.discard(temp);
    assertThat(Files.readString(f)).isEqualTo("old\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void failsWhenDirectoryIsMissing() {
    Path f = dir.resolve("no/such/dir/file");
    assertThatThrownBy(() -> AtomicFile.write(f, bytes("x"), true)).isInstanceOf(IOException.class);
  }
}
