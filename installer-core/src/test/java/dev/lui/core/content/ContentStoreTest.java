package dev.lui.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path dir;
  ContentStore store;

  @BeforeEach
  void open() {
    store = ContentStore.open(dir.resolve("content"));
  }

  static Sha256 sha(byte[] bytes) {
    MessageDigest md = Sha256.digester();
    md.update(bytes);
    return Sha256.of(md);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keepsContentUnderItsDigestReadableOnlyByTheServer() throws IOException {
    byte[] hello = bytes("hello\n");
    Contents.Stored stored = store.put(sha(hello), hello.length, new ByteArrayInputStream(hello));
    assertThat(stored).isEqualTo(new Contents.Stored(sha(hello), 6, false));
    Path file =
        dir.resolve(
            "content/sha256/58/5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    assertThat(store.pathOf(sha(hello))).isEqualTo(file);
    assertThat(file).hasBinaryContent(hello);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    for (Path d :
        new Path[] {dir.resolve("content"), dir.resolve("content/sha256"), file.getParent()}) {
      assertThat(Files.getPosixFilePermissions(d))
          .as(d.toString())
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
    assertThat(store.size(sha(hello))).contains(6L);
    try (Contents.Content c = store.open(sha(hello))) {
      assertThat(c.size()).isEqualTo(6);
      assertThat(c.in().readAllBytes()).isEqualTo(hello);
    }
  }

  @Test
  void anEmptyFileIsContentToo() throws IOException {
    byte[] empty = new byte[0];
    store.put(sha(empty), 0, new ByteArrayInputStream(empty));
    assertThat(store.size(sha(empty))).contains(0L);
  }

  @Test
  void bytesThatDoNotHaveTheDeclaredDigestAreRefusedNamingBothAndNothingIsKept()
      throws IOException {
    byte[] sent = bytes("abc");
    Sha256 declared = sha(bytes("abd"));
    assertThatThrownBy(() -> store.put(declared, 3, new ByteArrayInputStream(sent)))
        .isInstanceOf(LuiException.class)
        .satisfies(e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining(declared.hex())
        .hasMessageContaining(sha(sent).hex())
        .hasMessageContaining("nothing was stored");
    assertThat(store.size(declared)).isEmpty();
    assertThat(filesUnder(dir.resolve("content"))).isEmpty();
  }

  @Test
  void fewerOrMoreBytesThanDeclaredAreRefused() throws IOException {
    byte[] hello = bytes("hello\n");
    assertThatThrownBy(() -> store.put(sha(hello), 7, new ByteArrayInputStream(hello)))
        .hasMessage("size '7': 6 bytes arrived, not the size declared; nothing was stored");
    assertThatThrownBy(() -> store.put(sha(hello), 5, new ByteArrayInputStream(hello)))
        .hasMessage("size '5': more bytes arrived than declared; nothing was stored");
    assertThat(filesUnder(dir.resolve("content"))).isEmpty();
  }

  @Test
  void anUploadThatBreaksOffKeepsNothing() throws IOException {
    InputStream broken =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (n++ < 1000) {
              return 'x';
            }
            throw new IOException("connection reset");
          }
        };
    assertThatThrownBy(() -> store.put(sha(bytes("x")), -1, broken))
        .hasMessageContaining("the upload broke off (connection reset)");
    assertThat(filesUnder(dir.resolve("content"))).isEmpty();
  }

  @Test
  void storingContentItHasAlreadyChecksTheBytesAndSaysSo() {
    byte[] hello = bytes("hello\n");
    store.put(sha(hello), -1, new ByteArrayInputStream(hello));
    assertThat(store.put(sha(hello), -1, new ByteArrayInputStream(hello)).existed()).isTrue();
    assertThatThrownBy(() -> store.put(sha(hello), -1, new ByteArrayInputStream(bytes("other"))))
        .hasMessageContaining("not the one declared");
    assertThat(store.size(sha(hello))).contains(6L);
  }

  @Test
  void aSymlinkInTheStoreIsNeverFollowed() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret"), "root:x:0:0\n");
    Sha256 sha = sha(Files.readAllBytes(secret));
    Path inStore = store.pathOf(sha);
    Files.createDirectories(inStore.getParent());
    Files.createSymbolicLink(inStore, secret);
    assertThat(store.size(sha)).isEmpty();
    assertThatThrownBy(() -> store.open(sha))
        .satisfies(e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND));
  }

  @Test
  void deletesTheTempFilesOfUnfinishedUploadsAndNothingElse() throws IOException {
    byte[] hello = bytes("hello\n");
    store.put(sha(hello), 6, new ByteArrayInputStream(hello));
    Path shard = store.pathOf(sha(hello)).getParent();
    Files.writeString(shard.resolve(".lui-123.tmp"), "half an upload");
    Path other = Files.createDirectories(dir.resolve("content/sha256/ff"));
    Files.writeString(other.resolve(".lui-456.tmp"), "another half");
    assertThat(store.deleteStaleTemps()).isEqualTo(2);
    assertThat(filesUnder(dir.resolve("content"))).containsExactly(store.pathOf(sha(hello)));
  }

  @Test
  void aDigestIsSixtyFourHexDigits() {
    assertThatThrownBy(() -> Sha256.parse("sha256", "../../etc/shadow"))
        .hasMessage("sha256 '../../etc/shadow': a SHA-256 digest is 64 hex digits");
    assertThat(Sha256.parse("sha256", "AB".repeat(32)).hex()).isEqualTo("ab".repeat(32));
  }

  private static java.util.List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
