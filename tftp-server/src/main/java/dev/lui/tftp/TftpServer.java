package dev.lui.tftp;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A running TFTP server. STUB: the tftp module fills this in. */
public final class TftpServer implements AutoCloseable {
  private TftpServer() {}

  /** Binds and starts serving; returns once the socket is bound (port 0 picks a free port). */
  public static TftpServer start(TftpServerConfig config, FileSource source, TransferListener listener)
      throws IOException {
    throw new UnsupportedOperationException("stub");
  }

  /** The bound address (with the real port when 0 was asked). */
  public InetSocketAddress localAddress() {
    throw new UnsupportedOperationException("stub");
  }

  /** Stops accepting requests and ends running transfers. */
  @Override
  public void close() {}
}
