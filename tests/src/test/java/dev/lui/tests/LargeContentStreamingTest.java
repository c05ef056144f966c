package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of any size stream through, never held in memory: a {@code lui server} process with a 96
 * MiB heap takes a 1 GiB upload from a CLI process with a 64 MiB heap and serves it back to a node,
 * byte for byte.
 */
@Tag("slow")
class LargeContentStreamingTest {
  static final long SIZE = 1L << 30;
  @TempDir Path tmp;

  private static Process java(String heap, List<String> args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                heap,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lui.core.cli.LuiMain"));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  @Test
  void aSmallHeapServerTakesAOneGibUploadAndServesItBackToANode() throws Exception {
    Path big = tmp.resolve("root.tar");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(SIZE); // sparse: reads as zeros, costs no disk
      Random random = new Random(11);
      for (long at : new long[] {0, 300L << 20, SIZE - 4096}) {
        byte[] block = new byte[4096];
        random.nextBytes(block);
        f.seek(at);
        f.write(block);
      }
    }
    String sha = sha256(Files.newInputStream(big));
    Path state = tmp.resolve("state");
    Process server =
        java(
            "-Xmx96m",
            List.of(
                "server",
                "--state",
                state.toString(),
                "--http",
                "127.0.0.1:0",
                "--tftp",
                "127.0.0.1:0",
                "--allow-loopback"));
    StringBuilder serverLog = new StringBuilder();
    AtomicLong peakRss = new AtomicLong();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("lui server ready")) {
        serverLog.append(line).append('\n');
      }
      assertThat(line).as(serverLog.toString()).isNotNull();
      Thread drain =
          new Thread(
              () ->
                  out.lines()
                      .forEach(
                          l -> {
                            synchronized (serverLog) {
                              serverLog.append(l).append('\n');
                            }
                          }));
      drain.setDaemon(true);
      drain.start();
      Thread sampler =
          new Thread(
              () -> {
                while (server.isAlive()) {
                  peakRss.accumulateAndGet(rssKib(server.pid()), Math::max);
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      sampler.setDaemon(true);
      sampler.start();

      long t0 = System.nanoTime();
      Process cli =
          java(
              "-Xmx64m",
              List.of(
                  "define-resource",
                  "root",
                  "--type",
                  "tarball",
                  "--source",
                  big.toString(),
                  "--state",
                  state.toString()));
      String cliOut = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(cli.waitFor(10, TimeUnit.MINUTES)).isTrue();
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(cli.exitValue()).as(cliOut + serverLog).isZero();
      assertThat(cliOut)
          .contains("defined resource root (tarball)")
          .contains("sha256 " + sha + "  " + SIZE + " bytes  (uploaded)")
          .contains("lui: uploaded " + big + ": 1024.0 MiB in");
      Matcher rate =
          Pattern.compile(
                  "lui: uploaded "
                      + Pattern.quote(big.toString())
                      + ": 1024.0 MiB in ([0-9.]+) s, ([0-9.]+) MiB/s")
              .matcher(cliOut);
      assertThat(rate.find()).isTrue();
      long rssDuringUpload = peakRss.get();
      System.out.printf(
          "1 GiB: define-resource took %.1f s (CLI start, hash, upload); upload %s s at %s MiB/s;"
              + " server peak RSS while uploading %d MiB (heap -Xmx96m)%n",
          seconds, rate.group(1), rate.group(2), rssDuringUpload >> 10);

      assertThat(
              LiveServer.raw(
                      "define-node",
                      "n01",
                      "--mac",
                      "52:54:00:00:00:01",
                      "--ip",
                      "10.0.0.11",
                      "--netmask",
                      "255.255.255.0",
                      "--resource",
                      "root",
                      "--state",
                      state.toString())
                  .code())
          .isZero();
      Path root = state.resolve("nfsroot/nodes/n01/lui");
      JsonNode payload =
          Json.json().readTree(Files.readString(root.resolve("plan.json"))).path("payloads").get(0);
      assertThat(payload.path("sha256").asText()).isEqualTo(sha);
      long t1 = System.nanoTime();
      HttpResponse<InputStream> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(payload.path("source").asText()))
                      .header(
                          "Authorization",
                          "Bearer " + Files.readString(root.resolve("token")).trim())
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
      assertThat(sha256(r.body())).isEqualTo(sha);
      System.out.printf(
          "1 GiB served back to the node in %.1f s; server peak RSS overall %d MiB%n",
          (System.nanoTime() - t1) / 1e9, peakRss.get() >> 10);
      assertThat(peakRss.get() >> 10)
          .as("the server's resident memory stays far below the file's size")
          .isLessThan(512);
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static long rssKib(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // the process is gone
    }
    return 0;
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 20];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
