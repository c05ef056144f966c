package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lui tftp` runs only the TFTP server, usable on its own. */
@org.junit.jupiter.api.Tag("slow")
class TftpCommandTest {
  @TempDir Path tmp;

  @Test
  void servesADirectoryToARealClient() throws Exception {
    Path curl = RealTools.program("curl");
    Path root = Files.createDirectories(tmp.resolve("root"));
    byte[] kernel = new byte[1 << 20 | 1];
    new Random(7).nextBytes(kernel);
    Files.write(root.resolve("vmlinuz"), kernel);
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process server =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.lui.core.cli.LuiMain",
                    "tftp",
                    "--root",
                    root.toString(),
                    "--listen",
                    "127.0.0.1:" + port))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      Path fetched = tmp.resolve("fetched");
      int exit = 1;
      for (int attempt = 0; attempt < 50 && exit != 0; attempt++) {
        Process c =
            new ProcessBuilder(
                    curl.toString(),
                    "-sS",
                    "--fail",
                    "--max-time",
                    "30",
                    "-o",
                    fetched.toString(),
                    "tftp://127.0.0.1:" + port + "/vmlinuz")
                .redirectErrorStream(true)
                .start();
        exit = c.waitFor();
        if (exit != 0) {
          Thread.sleep(200); // the server may still be starting
        }
      }
      assertThat(exit).isZero();
      assertThat(Files.readAllBytes(fetched)).isEqualTo(kernel);
      String line;
      boolean recorded = false;
      while (!recorded && (line = out.readLine()) != null) {
        recorded = line.contains("vmlinuz") && line.contains(Integer.toString(kernel.length));
      }
      assertThat(recorded).as("a line per finished transfer").isTrue();
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
