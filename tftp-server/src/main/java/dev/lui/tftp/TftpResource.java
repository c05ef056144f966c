package dev.lui.tftp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An open file being served: random-access reads so retransmissions never re-read from the start.
 */
public interface TftpResource extends Closeable {
  long size();

  /** Reads up to {@code dst.remaining()} bytes at {@code position}; returns -1 at end of file. */
  int read(long position, ByteBuffer dst) throws IOException;
}
