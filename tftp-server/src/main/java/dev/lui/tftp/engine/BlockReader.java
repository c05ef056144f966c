package dev.lui.tftp.engine;

import dev.lui.tftp.TftpResource;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Produces the wire bytes of a transfer in order, one block at a time. */
interface BlockReader {
  /** Fills {@code dst}; fewer bytes than it had room for means the end was reached. */
  int fill(ByteBuffer dst) throws IOException;

  static BlockReader of(TransferMode mode, TftpResource resource) {
    return mode == TransferMode.OCTET ? new Octet(resource) : new Netascii(resource);
  }

  /** Reads by position, so nothing is ever read twice. */
  final class Octet implements BlockReader {
    private final TftpResource resource;
    private long position;

    Octet(TftpResource resource) {
      this.resource = resource;
    }

    @Override
    public int fill(ByteBuffer dst) throws IOException {
      int start = dst.position();
      while (dst.hasRemaining()) {
        int n = resource.read(position, dst);
        if (n <= 0) {
          break; // -1 is the end; 0 with room left would spin, so it ends the file too
        }
        position += n;
      }
      return dst.position() - start;
    }
  }

  /**
   * RFC 1350/854 netascii from a local (Unix) file: LF becomes CR LF and a lone CR becomes CR NUL.
   * The second byte of a pair may fall into the next block, hence {@code pending}.
   */
  final class Netascii implements BlockReader {
    private final TftpResource resource;
    private final ByteBuffer chunk = ByteBuffer.allocate(8192).flip();
    private long position;
    private int pending = -1;
    private boolean eof;

    Netascii(TftpResource resource) {
      this.resource = resource;
    }

    @Override
    public int fill(ByteBuffer dst) throws IOException {
      int start = dst.position();
      while (dst.hasRemaining()) {
        if (pending >= 0) {
          dst.put((byte) pending);
          pending = -1;
          continue;
        }
        if (!chunk.hasRemaining()) {
          if (eof || !refill()) {
            break;
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
      }
      return dst.position() - start;
    }

    private boolean refill() throws IOException {
      chunk.clear();
      int n = resource.read(position, chunk);
      chunk.flip();
      if (n <= 0) {
        eof = true;
        return false;
      }
      position += n;
      return true;
    }
  }
}
