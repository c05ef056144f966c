package dev.lui.tftp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * @param bind where the server listens for requests (port 0 picks a free port)
 * @param maxBlockSize the cap for negotiated blksize (requests above are lowered to it); 1468 by
 *     default, which keeps a DATA packet inside a 1500-byte Ethernet frame
 * @param timeout retransmission timeout when the client does not negotiate one
 * @param maxRetries retransmissions of one packet before the transfer is abandoned
 */
public record TftpServerConfig(
    InetSocketAddress bind, int maxBlockSize, Duration timeout, int maxRetries) {

  public static final int MIN_BLOCK_SIZE = 8;
  public static final int MAX_BLOCK_SIZE = 65464;

  public TftpServerConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(timeout, "timeout");
    if (maxBlockSize < MIN_BLOCK_SIZE || maxBlockSize > MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException(
          "maxBlockSize "
              + maxBlockSize
              + " is not in "
              + MIN_BLOCK_SIZE
              + ".."
              + MAX_BLOCK_SIZE
              + " (RFC 2348)");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout " + timeout + " must be positive");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries " + maxRetries + " must not be negative");
    }
  }

  public static TftpServerConfig defaults(InetSocketAddress bind) {
    return new TftpServerConfig(bind, 1468, Duration.ofSeconds(2), 5);
  }

  public TftpServerConfig withMaxBlockSize(int size) {
    return new TftpServerConfig(bind, size, timeout, maxRetries);
  }

  public TftpServerConfig withTimeout(Duration t) {
    return new TftpServerConfig(bind, maxBlockSize, t, maxRetries);
  }

  public TftpServerConfig withMaxRetries(int retries) {
    return new TftpServerConfig(bind, maxBlockSize, timeout, retries);
  }
}
