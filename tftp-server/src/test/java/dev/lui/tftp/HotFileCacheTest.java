package dev.lui.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotFileCacheTest {
  @TempDir Path tmp;

  private static byte[] readAll(FileSource s, String name) throws IOException {
    try (TftpResource r = s.open(name).orElseThrow()) {
      ByteBuffer b = ByteBuffer.allocate((int) r.size());
      long pos = 0;
      int n;
      while (b.hasRemaining() && (n = r.read(pos, b)) > 0) {
        pos += n;
      }
      return b.array();
    }
  }

  @Test
  void repeatedReadsComeFromMemory() throws Exception {
    Files.writeString(tmp.resolve("vmlinuz"), "kernel v1");
    HotFileCache cache = new HotFileCache(1 << 20, 1 << 20);
    FileSource s = FileSources.directory(tmp, cache);
    assertThat(readAll(s, "vmlinuz")).isEqualTo("kernel v1".getBytes());
    assertThat(readAll(s, "vmlinuz")).isEqualTo("kernel v1".getBytes());
    assertThat(readAll(s, "vmlinuz")).isEqualTo("kernel v1".getBytes());
    assertThat(cache.stats()).isEqualTo(new HotFileCache.Stats(2, 1, 1, 9));
  }

  @Test
  void fileChangedInPlaceWithSameSizeIsNotServedStale() throws Exception {
    Path f = tmp.resolve("initrd");
    Files.writeString(f, "AAAA");
    HotFileCache cache = new HotFileCache(1 << 20, 1 << 20);
    FileSource s = FileSources.directory(tmp, cache);
    assertThat(readAll(s, "initrd")).isEqualTo("AAAA".getBytes());
    Files.writeString(f, "BBBB");
    // Same size; make sure the mtime differs even on a coarse clock.
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(readAll(s, "initrd")).isEqualTo("BBBB".getBytes());
    assertThat(cache.stats().entries()).isEqualTo(1); // the old version was dropped
  }

  @Test
  void fileReplacedByRenameIsNotServedStale() throws Exception {
    Path f = tmp.resolve("initrd");
    Files.writeString(f, "old!");
    FileTime t = Files.getLastModifiedTime(f);
    FileSource s = FileSources.directory(tmp, new HotFileCache(1 << 20, 1 << 20));
    assertThat(readAll(s, "initrd")).isEqualTo("old!".getBytes());
    Path next = Files.writeString(tmp.resolve(".initrd.new"), "new!");
    Files.setLastModifiedTime(next, t); // even with the very same mtime: a new inode
    Files.move(next, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertThat(readAll(s, "initrd")).isEqualTo("new!".getBytes());
  }

  @Test
  void staysWithinItsBoundEvictingLeastRecentlyUsed() throws Exception {
    Files.write(tmp.resolve("a"), new byte[400]);
    Files.write(tmp.resolve("b"), new byte[400]);
    Files.write(tmp.resolve("c"), new byte[400]);
    HotFileCache cache = new HotFileCache(1000, 1000);
    FileSource s = FileSources.directory(tmp, cache);
    readAll(s, "a");
    readAll(s, "b");
    readAll(s, "a"); // a is now the most recent
    readAll(s, "c"); // evicts b
    assertThat(cache.stats().bytes()).isLessThanOrEqualTo(1000);
    assertThat(cache.stats().entries()).isEqualTo(2);
    long missesBefore = cache.stats().misses();
    readAll(s, "a");
    assertThat(cache.stats().misses()).isEqualTo(missesBefore);
    readAll(s, "b");
    assertThat(cache.stats().misses()).isEqualTo(missesBefore + 1);
  }

  @Test
  void filesAboveTheFileLimitAreServedButNotCached() throws Exception {
    Files.write(tmp.resolve("big"), new byte[5000]);
    HotFileCache cache = new HotFileCache(1 << 20, 4096);
    FileSource s = FileSources.directory(tmp, cache);
    assertThat(readAll(s, "big")).hasSize(5000);
    assertThat(cache.stats().entries()).isZero();
  }

  @Test
  void confinementStillApplies() throws Exception {
    Path outside = Files.writeString(tmp.resolve("secret"), "x");
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createSymbolicLink(root.resolve("link"), outside);
    FileSource s = FileSources.directory(root, new HotFileCache(1 << 20, 1 << 20));
    assertThatThrownBy(() -> s.open("link")).isInstanceOf(AccessDeniedException.class);
    assertThat(s.open("missing")).isEmpty();
  }
}
