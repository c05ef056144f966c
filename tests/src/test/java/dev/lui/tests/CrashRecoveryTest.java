package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.core.store.SqliteStore;
import dev.lui.testkit.RealTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server killed with SIGKILL at seeded moments of a large batch: whatever the moment, after the
 * restart the store holds all of the batch or none of it, every published file equals a fresh
 * render of the store (a reconcile finds nothing to write or delete), no orphan root, entry or temp
 * file is left, and boot entries of nodes that do not exist are not served. Replay a run with
 * {@code -Dlui.crash.seed=N}; {@code -Dlui.crash.nodes} and {@code -Dlui.crash.moments} size it.
 */
@Tag("slow")
class CrashRecoveryTest {
  static final int NODES = Integer.getInteger("lui.crash.nodes", 5000);
  static final int MOMENTS = Integer.getInteger("lui.crash.moments", 20);
  static final long SEED = Long.getLong("lui.crash.seed", System.nanoTime() % 100_000);

  @TempDir Path tmp;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aServerKilledAtAnyMomentOfABatchRestartsAllOrNoneWithItsFilesMatchingTheStore()
      throws Exception {
    System.out.println(
        "lui-crash: seed "
            + SEED
            + " (replay with -Dlui.crash.seed="
            + SEED
            + "), "
            + NODES
            + " nodes, "
            + MOMENTS
            + " moments");
    Path base = tmp.resolve("base");
    try (Server s = Server.start(base)) {
      Path system =
          Files.write(
              tmp.resolve("system.tar.gz"),
              new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      ok(client(base, "define-group", "compute"));
      ok(
          client(
              base,
              "define-resource",
              "system",
              "--type",
              "tarball",
              "--source",
              system.toString()));
      ok(client(base, "allocate", "system", "--to", "compute"));
    }
    Path csv = tmp.resolve("nodes.csv");
    StringBuilder rows = new StringBuilder("name,mac,ip,netmask,groups\n");
    for (int i = 0; i < NODES; i++) {
      rows.append(
          String.format(
              "c%05d,52:54:01:%02x:%02x:%02x,10.1.%d.%d,255.255.0.0,compute%n",
              i, (i >> 16) & 255, (i >> 8) & 255, i & 255, i / 250, i % 250 + 1));
    }
    Files.writeString(csv, rows);

    // One batch to the end, unharmed and just as the killed ones run (the CLI its own process),
    // to know how long one takes: the kills spread over that time and a little more.
    Path whole = copy(base, tmp.resolve("whole"));
    long took;
    try (Server s = Server.start(whole)) {
      long t0 = System.nanoTime();
      Process batch = clientProcess(whole, "define-node", "--from", csv.toString());
      assertThat(batch.waitFor(10, TimeUnit.MINUTES) && batch.exitValue() == 0)
          .as("the whole batch")
          .isTrue();
      took = (System.nanoTime() - t0) / 1_000_000;
      assertMatchesItsStore(s, whole, true);
    }
    System.out.println("lui-crash: the whole batch took " + took + " ms");

    Random random = new Random(SEED);
    int committed = 0;
    for (int moment = 0; moment < MOMENTS; moment++) {
      long delay = (long) (random.nextDouble() * took * 1.3);
      Path state = copy(base, tmp.resolve("m" + moment));
      Server s = Server.start(state);
      Process batch = clientProcess(state, "define-node", "--from", csv.toString());
      Thread.sleep(delay);
      s.kill();
      batch.waitFor(60, TimeUnit.SECONDS);
      batch.destroyForcibly();

      int stored;
      try (SqliteStore store = SqliteStore.open(state.resolve("lui.db"), Json.json())) {
        stored = store.nodes().size();
      }
      assertThat(stored).as("moment %d (%d ms): all or none", moment, delay).isIn(0, NODES);
      boolean all = stored == NODES;
      committed += all ? 1 : 0;
      if (!all) {
        // Before any restart: a rolled-back batch left nothing a DHCP server or a node could see.
        assertThat(Files.readString(state.resolve("dhcp/dhcpd.conf")))
            .as("moment %d", moment)
            .doesNotContain("host c0");
        assertThat(roots(state).stream().filter(n -> n.startsWith("c0")).toList())
            .as("moment %d: no node root of a rolled-back batch", moment)
            .isEmpty();
      }
      try (Server again = Server.start(state)) {
        assertMatchesItsStore(again, state, all);
      }
      System.out.println(
          "lui-crash: moment "
              + moment
              + " at "
              + delay
              + " ms: "
              + (all ? "committed" : "rolled back"));
    }
    System.out.println(
        "lui-crash: "
            + committed
            + " of "
            + MOMENTS
            + " kills after the commit, "
            + (MOMENTS - committed)
            + " before");

    // And once exactly between the commit and the renames: the store has the batch, no file does.
    Path between = copy(base, tmp.resolve("between"));
    Server s = Server.start(between, List.of("-Dlui.test.pauseAfterCommitMs=60000"));
    Process batch = clientProcess(between, "define-node", "--from", csv.toString());
    assertThat(s.awaitLine("test pause: the change is committed", Duration.ofMinutes(5)))
        .as("the pause")
        .isTrue();
    s.kill();
    batch.waitFor(60, TimeUnit.SECONDS);
    batch.destroyForcibly();
    try (SqliteStore store = SqliteStore.open(between.resolve("lui.db"), Json.json())) {
      assertThat(store.nodes()).hasSize(NODES);
    }
    assertThat(roots(between).stream().filter(n -> n.startsWith("c0")).toList())
        .as("killed before its files went in place")
        .isEmpty();
    try (Server again = Server.start(between)) {
      assertMatchesItsStore(again, between, true);
    }
    System.out.println(
        "lui-crash: killed between the commit and the renames: healed at the restart");
  }

  /**
   * After a start (with its reconcile): nothing differs from a fresh render, no temp file, no
   * orphan.
   */
  private void assertMatchesItsStore(Server s, Path state, boolean batchExists) throws Exception {
    String admin = Files.readString(state.resolve("admin.token")).trim();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(s.url + "/api/v1/reconcile"))
                .header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = Json.json().readTree(r.body());
    assertThat(report.path("written").asInt() + report.path("deleted").asInt())
        .as("every published file already equals a fresh render: " + r.body())
        .isZero();
    try (Stream<Path> all = Files.walk(state)) {
      assertThat(
              all.map(p -> p.getFileName().toString())
                  .filter(n -> n.startsWith(".lui-") || n.endsWith(".lui-tmp"))
                  .toList())
          .as("temp files")
          .isEmpty();
    }
    assertThat(roots(state)).as("one root per armed node").hasSize(batchExists ? NODES : 0);
    HttpResponse<String> entry =
        http.send(
            HttpRequest.newBuilder(URI.create(s.nodeUrl + "/pxelinux.cfg/01-52-54-01-00-00-07"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(entry.statusCode())
        .as("a boot entry is served exactly while its node exists")
        .isEqualTo(batchExists ? 200 : 404);
    Path curl = RealTools.program("curl");
    Path got = Files.createTempFile(state, "entry", ".got");
    Process tftp =
        new ProcessBuilder(
                curl.toString(),
                "-sS",
                "--max-time",
                "10",
                "-o",
                got.toString(),
                "tftp://127.0.0.1:" + s.tftpPort + "/pxelinux.cfg/01-52-54-01-00-00-07")
            .redirectErrorStream(true)
            .start();
    String said = new String(tftp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tftp.waitFor() == 0)
        .as("TFTP serves the entry exactly while its node exists: " + said)
        .isEqualTo(batchExists);
    Files.delete(got);
  }

  /** The names in STATE/nfsroot/nodes (none before any node was armed). */
  private static List<String> roots(Path state) throws IOException {
    Path dir = state.resolve("nfsroot/nodes");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> roots = Files.list(dir)) {
      return roots.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Files.deleteIfExists(to.resolve("server.url"));
    return to;
  }

  private static void ok(LiveServer.Result r) {
    assertThat(r.code()).as(r.out() + r.err()).isZero();
  }

  private static LiveServer.Result client(Path state, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--state", state.toString()));
    return LiveServer.raw(all.toArray(String[]::new));
  }

  private static Process clientProcess(Path state, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--state", state.toString()));
    return Server.java(all).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** {@code lui server} as its own process, on free loopback ports. */
  private static final class Server implements AutoCloseable {
    final Process process;
    final String url;
    final String nodeUrl;
    final int tftpPort;

    /** {@code url}: the admin listener's (what clients find in STATE/server.url). */
    private Server(Process process, String url, String nodeUrl, int tftpPort) {
      this.process = process;
      this.url = url;
      this.nodeUrl = nodeUrl;
      this.tftpPort = tftpPort;
    }

    static ProcessBuilder java(List<String> args) {
      return java(List.of(), args);
    }

    static ProcessBuilder java(List<String> jvmOptions, List<String> args) {
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> cmd = new ArrayList<>(List.of(java));
      cmd.addAll(jvmOptions);
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.lui.core.cli.LuiMain"));
      cmd.addAll(args);
      return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    /** Ports per state directory: a restart keeps them, as a real server's settings do. */
    private static final java.util.Map<Path, int[]> PORTS =
        new java.util.concurrent.ConcurrentHashMap<>();

    static Server start(Path state) throws IOException {
      return start(state, List.of());
    }

    static Server start(Path state, List<String> jvmOptions) throws IOException {
      int[] ports =
          PORTS.computeIfAbsent(state, s -> new int[] {freePort(), freePort(), freePort()});
      Process p =
          java(
                  jvmOptions,
                  List.of(
                      "server",
                      "--state",
                      state.toString(),
                      "--http",
                      "127.0.0.1:" + ports[0],
                      "--tftp",
                      "127.0.0.1:" + ports[1],
                      "--admin-http",
                      "127.0.0.1:" + ports[2],
                      "--allow-loopback"))
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("lui server ready")) {
        seen.append(line).append('\n');
      }
      if (line == null) {
        throw new IllegalStateException("lui server did not start:\n" + seen);
      }
      // Keep reading its output so a full pipe never stalls it; remember the lines.
      List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread drain =
          new Thread(
              () -> {
                try {
                  String l;
                  while ((l = out.readLine()) != null) {
                    lines.add(l);
                  }
                } catch (IOException ignored) {
                  // the process ended
                }
              });
      drain.setDaemon(true);
      drain.start();
      Server server =
          new Server(
              p,
              Files.readString(state.resolve("server.url")).trim(),
              "http://127.0.0.1:" + ports[0],
              ports[1]);
      server.lines = lines;
      return server;
    }

    private static int freePort() {
      try (java.net.ServerSocket s =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private List<String> lines = List.of();

    /** Waits until the server printed a line containing {@code text}. */
    boolean awaitLine(String text, Duration max) throws InterruptedException {
      long end = System.nanoTime() + max.toNanos();
      while (System.nanoTime() < end) {
        synchronized (lines) {
          if (lines.stream().anyMatch(l -> l.contains(text))) {
            return true;
          }
        }
        Thread.sleep(20);
      }
      return false;
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
      process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
