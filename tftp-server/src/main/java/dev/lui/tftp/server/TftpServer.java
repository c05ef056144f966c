package dev.lui.tftp.server;

import dev.lui.tftp.FileSource;
import dev.lui.tftp.TftpMetrics;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferListener;
import dev.lui.tftp.transport.SelectorTransport;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A running TFTP server: RFC 1350 RRQ with RFC 2347/2348/2349/7440 options, and WRQ into an upload
 * directory when configured. Requested names are remapped and normalised ({@code \} to {@code /},
 * leading {@code /} dropped, {@code ..} refused) before the {@link FileSource} sees them.
 */
public final class TftpServer implements AutoCloseable {
  private final SelectorTransport transport;

  private TftpServer(SelectorTransport transport) {
    this.transport = transport;
  }

  /** Binds and starts serving; returns once the socket is bound (port 0 picks a free port). */
  public static TftpServer start(
      TftpServerConfig config, FileSource source, TransferListener listener) throws IOException {
    return new TftpServer(SelectorTransport.start(config, source, listener));
  }

  /** The bound address (with the real port when 0 was asked). */
  public InetSocketAddress localAddress() {
    return transport.localAddress();
  }

  /** Counters since start (requests, outcomes, bytes, queue); callable from any thread. */
  public TftpMetrics metrics() {
    return transport.metrics();
  }

  /** True while the server loop serves requests (a health check: false after close or a crash). */
  public boolean running() {
    return transport.running();
  }

  /** Blocks until the server has stopped. */
  public void awaitClosed() throws InterruptedException {
    transport.awaitStopped();
  }

  /**
   * Stops accepting requests and ends running transfers (their clients get ERROR 0 and the listener
   * a FAILED record). Idempotent.
   */
  @Override
  public void close() {
    transport.close();
  }
}
