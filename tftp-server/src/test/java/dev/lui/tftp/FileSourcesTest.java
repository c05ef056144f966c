package dev.lui.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourcesTest {
  @TempDir Path tmp;
  Path root;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("tftproot"));
    Files.createDirectories(root.resolve("pxelinux.cfg"));
    Files.writeString(root.resolve("pxelinux.cfg/default"), "DEFAULT lui\n");
    Files.writeString(tmp.resolve("secret"), "top secret");
  }

  private static String readAll(TftpResource r) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) r.size());
    while (b.hasRemaining() && r.read(b.position(), b) > 0) {
      // positional reads until full
    }
    return new String(b.array(), StandardCharsets.UTF_8);
  }

  @Test
  void directoryServesFilesUnderRoot() throws IOException {
    try (TftpResource r = FileSources.directory(root).open("pxelinux.cfg/default").orElseThrow()) {
      assertThat(r.size()).isEqualTo(12);
      assertThat(readAll(r)).isEqualTo("DEFAULT lui\n");
    }
  }

  @Test
  void directoryReadsByPosition() throws IOException {
    try (TftpResource r = FileSources.directory(root).open("pxelinux.cfg/default").orElseThrow()) {
      ByteBuffer b = ByteBuffer.allocate(3);
      assertThat(r.read(8, b)).isEqualTo(3);
      assertThat(new String(b.array(), StandardCharsets.US_ASCII)).isEqualTo("lui");
      assertThat(r.read(12, ByteBuffer.allocate(1))).isEqualTo(-1);
    }
  }

  @Test
  void directoryReportsMissingFilesAndDirectoriesAsAbsent() throws IOException {
    FileSource s = FileSources.directory(root);
    assertThat(s.open("nope")).isEmpty();
    assertThat(s.open("pxelinux.cfg")).isEmpty();
    assertThat(FileSources.directory(tmp.resolve("not-yet")).open("x")).isEmpty();
  }

  @Test
  void directoryRefusesSymlinkEscapingRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("escape"), tmp.resolve("secret"));
    assertThatThrownBy(() -> FileSources.directory(root).open("escape"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("leaves the TFTP root");
  }

  @Test
  void directoryRefusesDirectorySymlinkEscapingRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("up"), tmp);
    assertThatThrownBy(() -> FileSources.directory(root).open("up/secret"))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void directoryRefusesDotDotWhenCalledDirectly() {
    assertThatThrownBy(() -> FileSources.directory(root).open("../secret"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> FileSources.directory(root).open(tmp.resolve("secret").toString()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void directoryFollowsSymlinkInsideRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("menu"), root.resolve("pxelinux.cfg/default"));
    try (TftpResource r = FileSources.directory(root).open("menu").orElseThrow()) {
      assertThat(readAll(r)).isEqualTo("DEFAULT lui\n");
    }
  }

  @Test
  void directoryTreatsDanglingSymlinkAsAbsent() throws IOException {
    Files.createSymbolicLink(root.resolve("dangling"), root.resolve("gone"));
    assertThat(FileSources.directory(root).open("dangling")).isEmpty();
  }

  @Test
  void directoryTreatsNamesThatLeadToNoFileAsAbsent() throws IOException {
    Files.createSymbolicLink(root.resolve("loop-a"), root.resolve("loop-b"));
    Files.createSymbolicLink(root.resolve("loop-b"), root.resolve("loop-a"));
    FileSource s = FileSources.directory(root);
    assertThat(s.open("pxelinux.cfg/default/x")).as("a file used as a directory").isEmpty();
    assertThat(s.open("loop-a")).as("a link loop").isEmpty();
    assertThat(s.open("loop-a/x")).as("a link loop on the way").isEmpty();
    assertThat(s.open("x".repeat(256))).as("a component too long").isEmpty();
    assertThat(s.open(("x".repeat(200) + "/").repeat(30) + "x")).as("a path too long").isEmpty();
  }

  @Test
  void directoryWorksWhenRootItselfIsASymlink() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("rootlink"), root);
    assertThat(FileSources.directory(link).open("pxelinux.cfg/default")).isPresent();
  }

  @Test
  void firstOfAsksSourcesInOrderAndStopsAtFirstHit() throws IOException {
    List<String> asked = new ArrayList<>();
    FileSource dynamic =
        p -> {
          asked.add("dynamic");
          return p.startsWith("pxelinux.cfg/01-")
              ? Optional.of(FileSources.ofBytes("generated".getBytes(StandardCharsets.US_ASCII)))
              : Optional.empty();
        };
    FileSource never =
        p -> {
          asked.add("never");
          return Optional.empty();
        };
    FileSource s = FileSources.firstOf(dynamic, FileSources.directory(root), never);
    assertThat(readAll(s.open("pxelinux.cfg/01-52-54-00-00-00-01").orElseThrow()))
        .isEqualTo("generated");
    assertThat(readAll(s.open("pxelinux.cfg/default").orElseThrow())).isEqualTo("DEFAULT lui\n");
    assertThat(asked).containsExactly("dynamic", "dynamic");
    assertThat(s.open("missing")).isEmpty();
    assertThat(asked).endsWith("never");
  }

  @Test
  void firstOfPropagatesSourceFailure() {
    FileSource broken =
        p -> {
          throw new IOException("store down");
        };
    assertThatThrownBy(() -> FileSources.firstOf(broken, FileSources.directory(root)).open("x"))
        .hasMessage("store down");
  }

  @Test
  void ofBytesCopiesAndReadsByPosition() throws IOException {
    byte[] content = "hello".getBytes(StandardCharsets.US_ASCII);
    TftpResource r = FileSources.ofBytes(content);
    content[0] = 'J';
    ByteBuffer b = ByteBuffer.allocate(10);
    assertThat(r.read(1, b)).isEqualTo(4);
    assertThat(new String(b.array(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("ello");
    assertThat(r.read(5, ByteBuffer.allocate(1))).isEqualTo(-1);
    assertThat(readAll(FileSources.ofBytes(content))).isEqualTo("Jello");
  }
}
