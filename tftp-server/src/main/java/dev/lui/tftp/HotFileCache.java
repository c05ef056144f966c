package dev.lui.tftp;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whole-file contents of hot boot files (every node reads the same kernel and initrd), kept in
 * memory so a boot storm costs no read per block. Entries are keyed by real path, size,
 * modification time and file key (inode): a file changed in place or replaced by a rename gets a
 * new key, so it is never served stale (a change that keeps size and nanosecond mtime is not seen,
 * as with any mtime-based cache). Least recently used entries go first once {@code maxBytes} would
 * be exceeded. Thread-safe.
 */
public final class HotFileCache {
  private final long maxBytes;
  private final long maxFileBytes;
  private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;

  /** What identifies one version of a file. */
  record Key(Path realPath, long size, FileTime modified, Object fileKey) {}

  /** Counters and size now. */
  public record Stats(long hits, long misses, int entries, long bytes) {}

  /**
   * @param maxBytes total bytes kept
   * @param maxFileBytes files larger than this are never cached (read block by block instead)
   */
  public HotFileCache(long maxBytes, long maxFileBytes) {
    if (maxBytes < 0 || maxFileBytes < 0) {
      throw new IllegalArgumentException(
          "cache sizes " + maxBytes + "/" + maxFileBytes + " must not be negative");
    }
    this.maxBytes = maxBytes;
    this.maxFileBytes = Math.min(maxFileBytes, Math.min(maxBytes, Integer.MAX_VALUE - 16));
  }

  boolean admits(long size) {
    return size <= maxFileBytes;
  }

  synchronized Optional<byte[]> get(Key key) {
    byte[] b = entries.get(key);
    if (b == null) {
      misses++;
      return Optional.empty();
    }
    hits++;
    return Optional.of(b);
  }

  synchronized void put(Key key, byte[] content) {
    Objects.requireNonNull(content, "content");
    if (content.length > maxFileBytes) {
      return;
    }
    // Older versions of the same path are dead weight: drop them now, not by LRU.
    for (Iterator<Map.Entry<Key, byte[]>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, byte[]> e = it.next();
      if (e.getKey().realPath().equals(key.realPath())) {
        bytes -= e.getValue().length;
        it.remove();
      }
    }
    entries.put(key, content);
    bytes += content.length;
    for (Iterator<Map.Entry<Key, byte[]>> it = entries.entrySet().iterator();
        bytes > maxBytes && it.hasNext(); ) {
      Map.Entry<Key, byte[]> e = it.next();
      bytes -= e.getValue().length;
      it.remove();
    }
  }

  public synchronized Stats stats() {
    return new Stats(hits, misses, entries.size(), bytes);
  }
}
