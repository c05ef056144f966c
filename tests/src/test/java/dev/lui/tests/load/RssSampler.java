package dev.lui.tests.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The server's resident memory, from /proc/PID/status every 100 ms (VmRSS) and at the end (VmHWM).
 */
final class RssSampler {
  private final OptionalLong pid;
  private volatile boolean running;
  private volatile long maxRssKib;
  private long hwmKib = -1;
  private Thread thread;

  RssSampler(OptionalLong pid) {
    this.pid = pid;
  }

  void start() {
    if (pid.isEmpty()) {
      return;
    }
    running = true;
    thread =
        new Thread(
            () -> {
              while (running) {
                maxRssKib = Math.max(maxRssKib, field("VmRSS:"));
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "rss-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() throws InterruptedException {
    if (thread != null) {
      running = false;
      thread.join();
      hwmKib = field("VmHWM:");
    }
  }

  String describe() {
    if (pid.isEmpty()) {
      return "  server RSS: not measured (no --server-pid)\n";
    }
    return String.format(
        "  server RSS: peak %d MiB (VmHWM, since the server started), highest"
            + " sample during the run %d MiB%n",
        hwmKib >> 10, maxRssKib >> 10);
  }

  private long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid.getAsLong() + "/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended
    }
    return 0;
  }
}
