package dev.lui.core.content;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Sha256;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;

/**
 * Bytes by their SHA-256: what resources refer to. {@link ContentStore} keeps them in the state
 * directory; {@link #NONE} holds nothing (an inventory without uploads).
 */
public interface Contents {
  /** The size of the content with this digest, if it is stored. */
  Optional<Long> size(Sha256 sha256);

  /** Opens stored content; {@code NOT_FOUND} if there is none. The caller closes it. */
  Content open(Sha256 sha256);

  /**
   * Stores the bytes of {@code in} under {@code sha256}, streaming: nothing is kept unless the
   * bytes have that digest (and {@code declaredSize} bytes, unless it is -1).
   */
  Stored put(Sha256 sha256, long declaredSize, InputStream in);

  /**
   * One stored content, open for reading: a channel, so a server can send a file's bytes without
   * copying them through the heap.
   */
  record Content(ReadableByteChannel channel, long size) implements Closeable {
    /** The bytes as a stream (closing it closes the channel). */
    public InputStream in() {
      return Channels.newInputStream(channel);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * @param existed whether the store had it already (the bytes were checked all the same)
   */
  record Stored(Sha256 sha256, long size, boolean existed) {}

  Contents NONE =
      new Contents() {
        @Override
        public Optional<Long> size(Sha256 sha256) {
          return Optional.empty();
        }

        @Override
        public Content open(Sha256 sha256) {
          throw LuiException.notFound("content", sha256.hex());
        }

        @Override
        public Stored put(Sha256 sha256, long declaredSize, InputStream in) {
          throw LuiException.failed("this server keeps no content");
        }
      };
}
