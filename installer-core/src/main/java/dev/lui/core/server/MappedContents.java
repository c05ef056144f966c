package dev.lui.core.server;

import dev.lui.core.content.Contents;
import dev.lui.core.domain.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only mappings of the content files agents download, one per content and shared by every
 * download of it. Jetty writes a mapped buffer straight to the socket: one copy (page cache to
 * socket) in few large writes, where reading through a buffer costs a read and a write per 32 KiB.
 * One mapping per content keeps the server's resident size at one copy of the file's pages however
 * many nodes fetch it. Contents are named by their digest, so a mapping never goes stale; the few
 * most recent are kept, and the GC unmaps one that was dropped once no download holds it.
 */
final class MappedContents {
  private static final Logger LOG = LoggerFactory.getLogger(MappedContents.class);

  /** Smaller files gain nothing from a mapping. */
  static final long MIN_SIZE = 1L << 20;

  /**
   * A mapping's pages count in the server's resident size (file-backed, reclaimable, but counted):
   * larger files, the big system images, take the channel path.
   */
  static final long MAX_SIZE = 256L << 20;

  private static final int KEPT = 8;

  private final Map<String, MappedByteBuffer> recent =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MappedByteBuffer> eldest) {
          return size() > KEPT;
        }
      };

  /** A buffer of its own (position and limit) over the content's mapping, if it is worth one. */
  synchronized Optional<ByteBuffer> map(Sha256 sha, Contents.Content content) {
    if (!(content.channel() instanceof FileChannel file)
        || content.size() < MIN_SIZE
        || content.size() > MAX_SIZE) {
      return Optional.empty();
    }
    MappedByteBuffer mapped = recent.get(sha.hex());
    if (mapped == null || mapped.capacity() != content.size()) {
      try {
        mapped = file.map(FileChannel.MapMode.READ_ONLY, 0, content.size());
      } catch (IOException | UnsupportedOperationException e) {
        LOG.debug("cannot map content {}: {}", sha, e.toString());
        return Optional.empty();
      }
      recent.put(sha.hex(), mapped);
    }
    return Optional.of(mapped.duplicate());
  }
}
