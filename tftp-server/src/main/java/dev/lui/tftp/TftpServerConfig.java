package dev.lui.tftp;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * @param maxBlockSize the cap for negotiated blksize (requests above are lowered to it); 1468 by default
 * @param timeout retransmission timeout when the client does not negotiate one
 * @param maxRetries retransmissions of one packet before the transfer is abandoned
 */
public record TftpServerConfig(
    InetSocketAddress bind, int maxBlockSize, Duration timeout, int maxRetries) {

  public static TftpServerConfig defaults(InetSocketAddress bind) {
    return new TftpServerConfig(bind, 1468, Duration.ofSeconds(2), 5);
  }
}
