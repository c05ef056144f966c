package dev.lui.tftp.engine;

import dev.lui.tftp.TftpResource;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Produces the wire bytes of a transfer in order, one block at a time. Reads the file by position
 * from where the last read stopped, so nothing is ever read twice.
 */
abstract sealed class BlockReader permits BlockReader.Octet, BlockReader.Netascii {
  private final TftpResource resource;
  private long position;

  BlockReader(TftpResource resource) {
    this.resource = resource;
  }

  static BlockReader of(TransferMode mode, TftpResource resource) {
    return mode == TransferMode.OCTET ? new Octet(resource) : new Netascii(resource);
  }

  /** Fills {@code dst}; fewer bytes than it had room for means the end was reached. */
  final int fill(ByteBuffer dst) throws IOException {
    int start = dst.position();
    while (dst.hasRemaining() && put(dst)) {
      // put wrote at least one byte
    }
    return dst.position() - start;
  }

  /** Puts at least one byte into {@code dst}, which has room; false at the end of the file. */
  abstract boolean put(ByteBuffer dst) throws IOException;

  /**
   * Reads the file's next bytes into {@code dst}; false at the end (-1, or 0 with room left, which
   * would spin, ends the file too).
   */
  final boolean readNext(ByteBuffer dst) throws IOException {
    int n = resource.read(position, dst);
    if (n <= 0) {
      return false;
    }
    position += n;
    return true;
  }

  /** The file's bytes as they are. */
  static final class Octet extends BlockReader {
    Octet(TftpResource resource) {
      super(resource);
    }

    @Override
    boolean put(ByteBuffer dst) throws IOException {
      return readNext(dst);
    }
  }

  /**
   * RFC 1350/854 netascii from a local (Unix) file: LF becomes CR LF and a lone CR becomes CR NUL.
   * The second byte of a pair may fall into the next block, hence {@code pending}.
   */
  static final class Netascii extends BlockReader {
    private final ByteBuffer chunk = ByteBuffer.allocate(8192).flip();
    private int pending = -1;
    private boolean eof;

    Netascii(TftpResource resource) {
      super(resource);
    }

    @Override
    boolean put(ByteBuffer dst) throws IOException {
      if (pending >= 0) {
        dst.put((byte) pending);
        pending = -1;
        return true;
      }
      if (!chunk.hasRemaining()) {
        if (eof || !refill()) {
          return false;
        }
      }
      byte b = chunk.get();
      if (b == '\n') {
        dst.put((byte) '\r');
        pending = '\n';
      } else if (b == '\r') {
        dst.put((byte) '\r');
        pending = 0;
      } else {
        dst.put(b);
      }
      return true;
    }

    private boolean refill() throws IOException {
      chunk.clear();
      boolean more = readNext(chunk);
      chunk.flip();
      eof = !more;
      return more;
    }
  }
}
