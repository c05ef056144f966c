package dev.lui.tests.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lui.contract.AgentJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N simulated agents against a running {@code lui server} (#17): defines N armed nodes whose plans
 * hold one shared tarball and a small file each, runs their {@link SimulatedAgent}s all at once,
 * then checks every log line against the server's store (through the admin API) and prints the
 * figures.
 *
 * <pre>
 * java -cp TESTS_CLASSPATH dev.lui.tests.load.AgentsLoad --state DIR --node-url URL
 *     [--agents 1000] [--lines 500] [--shared-mib 64] [--line-interval-ms 5] [--server-pid PID]
 *     [--mode all|define|agents]
 * </pre>
 *
 * The admin URL and token are the server's own files in {@code --state} ({@code server.url}, {@code
 * admin.token}); each node's install token is the one in its node root, as its agent reads it. Exit
 * 0 when no line was lost or duplicated and nothing failed.
 */
public final class AgentsLoad {
  /** What to run. */
  public record Options(
      Path state,
      URI nodeUrl,
      int agents,
      int lines,
      long sharedBytes,
      Duration lineInterval,
      OptionalLong serverPid,
      Mode mode) {}

  /** Both steps, or one: the bench measures payload serving with curl between them. */
  public enum Mode {
    ALL,
    DEFINE,
    AGENTS
  }

  /** What a run found: the test asserts on the counts, the bench prints all of it. */
  public record Result(
      int agents,
      int verified,
      long expectedLines,
      long lostLines,
      long duplicatedLines,
      long errors,
      List<String> firstErrors,
      String report) {}

  private static final ObjectMapper JSON = AgentJson.newMapper();
  private static final String GROUP = "load";

  private final Options o;
  private final HttpClient admin = HttpClient.newHttpClient();
  private final URI adminUrl;
  private final String adminToken;

  private AgentsLoad(Options o) throws IOException {
    this.o = o;
    this.adminUrl = URI.create(Files.readString(o.state().resolve("server.url")).trim());
    this.adminToken = Files.readString(o.state().resolve("admin.token")).trim();
  }

  public static Result run(Options o) throws Exception {
    return new AgentsLoad(o).run();
  }

  static String nodeName(int i) {
    return String.format("ld%05d", i);
  }

  private Result run() throws Exception {
    String loadBefore = loadAverage();
    long t0 = System.nanoTime();
    List<String> nodes = new ArrayList<>();
    if (o.mode() == Mode.AGENTS) {
      for (int i = 1; i <= o.agents(); i++) {
        nodes.add(nodeName(i));
      }
    } else {
      nodes = define();
    }
    double setupSeconds = (System.nanoTime() - t0) / 1e9;
    if (o.mode() == Mode.DEFINE) {
      String r =
          String.format(
              "agents-load: %d nodes defined and armed in %.1f s%n", o.agents(), setupSeconds);
      return new Result(o.agents(), 0, 0, 0, 0, 0, List.of(), r);
    }

    Figures figures = new Figures();
    RssSampler rss = new RssSampler(o.serverPid());
    rss.start();
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger ok = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (String node : nodes) {
      String token = Files.readString(o.state().resolve("nfsroot/nodes/" + node + "/lui/token"));
      HttpClient http =
          new TimedHttpClient(
              HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), figures);
      SimulatedAgent agent =
          new SimulatedAgent(
              o.nodeUrl(), node, token.trim(), http, figures, o.lines(), o.lineInterval());
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  if (agent.run()) {
                    ok.incrementAndGet();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                  figures.error(node + ": " + e);
                }
              },
              "agent-" + node);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    long start = System.nanoTime();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    double runSeconds = (System.nanoTime() - start) / 1e9;
    rss.stop();
    String loadAfter = loadAverage();

    Check check = check(nodes, figures);
    double dlSeconds = (figures.lastDownloadEnd.get() - figures.firstDownloadStart.get()) / 1e9;
    long dls = Math.max(1, figures.downloads.get());
    StringBuilder r = new StringBuilder();
    r.append(
        String.format(
            "agents-load: %d agents, %d lines each, shared payload %.0f MiB%n",
            o.agents(), o.lines(), o.sharedBytes() / 1048576.0));
    r.append(
        String.format(
            "  load average before / after: %s / %s (%d cores)%n",
            loadBefore, loadAfter, Runtime.getRuntime().availableProcessors()));
    r.append(
        String.format("  setup (uploads, apply of %d nodes): %.1f s%n", o.agents(), setupSeconds));
    r.append(
        String.format(
            "  agents: %.1f s from start to the last first-boot; %d of %d verified;" + " %d ok%n",
            runSeconds, check.verified, o.agents(), ok.get()));
    r.append(
        String.format(
            "  log lines: %d expected, %d lost (%d agents stored none: their install never"
                + " started), %d duplicated (checked in the store: every node's log through the"
                + " admin API)%n",
            check.expected, check.lost, check.silent, check.duplicated));
    r.append(
        String.format(
            "  event posts: %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            figures.count(Figures.Call.EVENTS),
            figures.millisAt(Figures.Call.EVENTS, 0.5),
            figures.millisAt(Figures.Call.EVENTS, 0.99),
            figures.millisAt(Figures.Call.EVENTS, 1)));
    r.append(
        String.format(
            "  plan fetches: p50 %.1f ms, p99 %.1f ms, max %.1f ms; first-boot p99" + " %.1f ms%n",
            figures.millisAt(Figures.Call.PLAN, 0.5),
            figures.millisAt(Figures.Call.PLAN, 0.99),
            figures.millisAt(Figures.Call.PLAN, 1),
            figures.millisAt(Figures.Call.FIRST_BOOT, 0.99)));
    r.append(
        String.format(
            "  downloads: %d, %.0f MiB in %.1f s: %.1f MiB/s aggregate; to the"
                + " headers p50 %.1f ms, p99 %.1f ms, max %.1f ms; whole download mean %.1f s, max"
                + " %.1f s%n",
            figures.downloads.get(),
            figures.payloadBytes.get() / 1048576.0,
            dlSeconds,
            figures.payloadBytes.get() / 1048576.0 / Math.max(dlSeconds, 1e-9),
            figures.millisAt(Figures.Call.CONTENT, 0.5),
            figures.millisAt(Figures.Call.CONTENT, 0.99),
            figures.millisAt(Figures.Call.CONTENT, 1),
            figures.downloadNanos.get() / 1e9 / dls,
            figures.maxDownloadNanos.get() / 1e9));
    r.append(
        String.format("  slowest request to its response headers: %.1f ms%n", figures.maxMillis()));
    r.append(rss.describe());
    r.append(String.format("  errors: %d%n", figures.errorCount()));
    for (String e : figures.errors()) {
      r.append("    ").append(e).append('\n');
    }
    return new Result(
        o.agents(),
        check.verified,
        check.expected,
        check.lost,
        check.duplicated,
        figures.errorCount(),
        figures.errors(),
        r.toString());
  }

  /** Uploads the contents and applies one cluster file: the nodes come out armed. */
  private List<String> define() throws Exception {
    Path work = Files.createTempDirectory("lui-agents-load");
    try {
      Path shared = work.resolve("system.tar");
      String sharedSha = writeRandom(shared, o.sharedBytes());
      upload(shared, sharedSha);
      ObjectNode cluster = JSON.createObjectNode();
      cluster.putArray("groups").addObject().put("name", GROUP);
      ArrayNode resources = cluster.putArray("resources");
      resources.add(resource("system", "tarball", "system.tar", sharedSha, o.sharedBytes()));
      ObjectNode alloc = cluster.putArray("allocations").addObject();
      alloc.putArray("resources").add("system");
      alloc.putArray("to").add(GROUP);
      ArrayNode nodeSpecs = cluster.putArray("nodes");
      List<String> names = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> uploads = new ArrayList<>();
        for (int i = 1; i <= o.agents(); i++) {
          String name = nodeName(i);
          names.add(name);
          byte[] small = ("lui load test: this file belongs to " + name + "\n").getBytes();
          String sha = sha256(small);
          Path file = work.resolve(name + ".id");
          Files.write(file, small);
          uploads.add(
              pool.submit(
                  () -> {
                    upload(file, sha);
                    return null;
                  }));
          ObjectNode r = resource("id-" + name, "file", name + ".id", sha, small.length);
          r.put("target", "/etc/lui-load-id");
          resources.add(r);
          ObjectNode n = nodeSpecs.addObject();
          n.put("name", name)
              .put("mac", String.format("52:54:02:00:%02x:%02x", i >> 8, i & 255))
              .put("ip", String.format("10.77.%d.%d", i / 250, i % 250 + 1))
              .put("netmask", "255.255.0.0");
          n.putArray("groups").add(GROUP);
          n.putArray("resources").add("id-" + name);
        }
        for (Future<?> f : uploads) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      call(
          "POST",
          "/api/v1/apply",
          HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(cluster)));
      return names;
    } finally {
      try (var files = Files.list(work)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.delete(p);
        }
      }
      Files.delete(work);
    }
  }

  private static ObjectNode resource(String name, String type, String file, String sha, long size) {
    ObjectNode r = JSON.createObjectNode().put("name", name).put("type", type);
    r.putObject("source").put("name", file).put("sha256", sha).put("size", size);
    r.putArray("packages");
    return r;
  }

  private void upload(Path file, String sha) throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(adminUrl.resolve("/api/v1/content/" + sha))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofFile(file))
            .build();
    HttpResponse<String> resp = admin.send(req, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() / 100 != 2) {
      throw new IOException(
          "upload of " + file + ": HTTP " + resp.statusCode() + " " + resp.body());
    }
  }

  private JsonNode call(String method, String path, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(adminUrl.resolve(path))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .method(method, body)
            .build();
    HttpResponse<String> resp = admin.send(req, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() / 100 != 2) {
      throw new IOException(
          method + " " + path + ": HTTP " + resp.statusCode() + " " + resp.body());
    }
    return JSON.readTree(resp.body());
  }

  /**
   * @param silent agents with no line in the store at all (their plan fetch failed, say), whose
   *     lines count as lost
   */
  private record Check(int verified, long expected, long lost, long duplicated, int silent) {}

  /** Every node's stored log, line by line, and the nodes' states. */
  private Check check(List<String> nodes, Figures figures) throws Exception {
    long lost = 0;
    long duplicated = 0;
    int silent = 0;
    for (String node : nodes) {
      JsonNode log =
          call(
              "GET",
              "/api/v1/nodes/" + node + "/log?limit=10000",
              HttpRequest.BodyPublishers.noBody());
      Map<String, Integer> seen = new HashMap<>();
      Set<String> keys = new HashSet<>();
      for (JsonNode e : log) {
        if (!keys.add(e.path("runId").asText() + "/" + e.path("seq").asLong())) {
          duplicated++;
          figures.error(node + ": event seq " + e.path("seq").asLong() + " stored twice");
        }
        if (SimulatedAgent.STREAM.equals(e.path("stream").asText())) {
          seen.merge(e.path("text").asText(), 1, Integer::sum);
        }
      }
      silent += seen.isEmpty() ? 1 : 0;
      for (int i = 1; i <= o.lines(); i++) {
        int n = seen.getOrDefault(SimulatedAgent.line(node, i), 0);
        if (n == 0) {
          lost++;
        } else if (n > 1) {
          duplicated += n - 1;
        }
      }
    }
    int verified = 0;
    for (JsonNode n : call("GET", "/api/v1/nodes", HttpRequest.BodyPublishers.noBody())) {
      if (n.path("groups").toString().contains('"' + GROUP + '"')
          && n.path("state").asText().equals("verified")) {
        verified++;
      }
    }
    if (lost > 0) {
      figures.error(lost + " log lines are not in the store");
    }
    return new Check(verified, (long) nodes.size() * o.lines(), lost, duplicated, silent);
  }

  /** Random bytes (not compressible, so no layer can cheat) and their SHA-256. */
  private static String writeRandom(Path file, long size) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    Random random = new Random(17);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= buf.length) {
        random.nextBytes(buf);
        int n = (int) Math.min(buf.length, left);
        out.write(buf, 0, n);
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --NAME VALUE, got " + args[i]);
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    if (!a.containsKey("state") || !a.containsKey("node-url")) {
      System.err.println(
          "usage: AgentsLoad --state DIR --node-url URL [--agents N] [--lines L]"
              + " [--shared-mib M] [--line-interval-ms X] [--server-pid PID] [--mode all|define|agents]");
      System.exit(2);
    }
    Options o =
        new Options(
            Path.of(a.get("state")),
            URI.create(a.get("node-url")),
            Integer.parseInt(a.getOrDefault("agents", "1000")),
            Integer.parseInt(a.getOrDefault("lines", "500")),
            Long.parseLong(a.getOrDefault("shared-mib", "64")) << 20,
            Duration.ofMillis(Long.parseLong(a.getOrDefault("line-interval-ms", "5"))),
            a.containsKey("server-pid")
                ? OptionalLong.of(Long.parseLong(a.get("server-pid")))
                : OptionalLong.empty(),
            Mode.valueOf(a.getOrDefault("mode", "all").toUpperCase(java.util.Locale.ROOT)));
    Result r = run(o);
    System.out.print(r.report());
    System.exit(r.lostLines() == 0 && r.duplicatedLines() == 0 && r.errors() == 0 ? 0 : 1);
  }
}
