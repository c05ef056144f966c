package dev.lui.tftp.transport;

import dev.lui.tftp.TftpMetrics;
import dev.lui.tftp.server.TftpServer;
import java.util.function.Predicate;

/**
 * Polls a server's metrics until they satisfy a condition. The server counts a transfer when it
 * handles the last ACK, which can be just after the client returned: tests wait for the count
 * instead of reading it once. The bound is against hangs, not a timing test.
 */
final class AwaitMetrics {
  private AwaitMetrics() {}

  static TftpMetrics until(TftpServer server, Predicate<TftpMetrics> condition)
      throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      TftpMetrics m = server.metrics();
      if (condition.test(m)) {
        return m;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("metrics never matched: " + server.metrics());
  }
}
