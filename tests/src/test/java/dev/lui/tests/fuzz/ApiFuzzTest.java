package dev.lui.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lui.core.Json;
import dev.lui.testkit.RealTools;
import dev.lui.tests.LiveServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzzer for the HTTP API, against a live server: random and mutated bodies for every
 * route of {@link #ENDPOINTS} (admin and agent, with the right token and with wrong ones), wrong
 * types, nulls, control characters, duplicate keys, huge and chunked bodies, wrong content types,
 * odd query parameters and path segments, and some malformed HTTP on a raw socket.
 *
 * <p>It fails on any 5xx, on a request not answered within {@link #TIMEOUT} (a hang), on a server
 * that stops answering, and on DHCP and DNS files the real tools ({@code dhcpd -t}, {@code
 * kea-dhcp4 -t}, {@code dnsmasq --test}, {@code named-checkzone}) reject afterwards.
 *
 * <p>The seed is printed; {@code -Dlui.fuzz.seed=N} replays a run (requests are sent one at a time,
 * in order), {@code -Dlui.fuzz.requests=N} sends more (default {@value #DEFAULT_REQUESTS}).
 */
@Tag("slow")
class ApiFuzzTest {
  static final int DEFAULT_REQUESTS = 3000;
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final long ADMIN_LIMIT = 1L << 20;
  static final long NODES_LIMIT = 64L << 20;

  /** {@code -Dlui.fuzz.verbose=true}: every request and its answer, to study a replay. */
  static final boolean VERBOSE = Boolean.getBoolean("lui.fuzz.verbose");

  enum Auth {
    ADMIN,
    AGENT,
    NONE
  }

  enum Body {
    NONE,
    NODES,
    TARGETS,
    GROUP,
    GROUP_DISK,
    RESOURCE,
    ALLOCATION,
    EVENTS,
    POWER
  }

  /**
   * One route: {@code {node}}, {@code {group}}, {@code {resource}}... in the path are filled per
   * request; {@code weight} is how often it is picked relative to the others.
   */
  record Endpoint(String method, String path, Auth auth, Body body, int weight) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** The routes of docs/api.md, in one table. */
  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("GET", "/api/v1/status", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("GET", "/api/v1/nodes", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("POST", "/api/v1/nodes", Auth.ADMIN, Body.NODES, 8),
          new Endpoint("GET", "/api/v1/nodes/{node}", Auth.ADMIN, Body.NONE, 2),
          new Endpoint("DELETE", "/api/v1/nodes/{node}", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("GET", "/api/v1/nodes/{node}/plan", Auth.ADMIN, Body.NONE, 2),
          new Endpoint("GET", "/api/v1/nodes/{node}/log{query}", Auth.ADMIN, Body.NONE, 3),
          new Endpoint("GET", "/api/v1/nodes/{node}/runs", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("POST", "/api/v1/install{query}", Auth.ADMIN, Body.TARGETS, 3),
          new Endpoint("POST", "/api/v1/install{powerquery}", Auth.ADMIN, Body.TARGETS, 3),
          new Endpoint("POST", "/api/v1/power", Auth.ADMIN, Body.POWER, 4),
          new Endpoint("GET", "/api/v1/waves", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("POST", "/api/v1/waves/resume", Auth.ADMIN, Body.TARGETS, 2),
          new Endpoint("GET", "/api/v1/groups", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("POST", "/api/v1/groups", Auth.ADMIN, Body.GROUP, 3),
          new Endpoint("PUT", "/api/v1/groups/{group}", Auth.ADMIN, Body.GROUP_DISK, 3),
          new Endpoint("DELETE", "/api/v1/groups/{group}", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("GET", "/api/v1/resources", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("POST", "/api/v1/resources", Auth.ADMIN, Body.RESOURCE, 4),
          new Endpoint("GET", "/api/v1/resources/{resource}", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("DELETE", "/api/v1/resources/{resource}", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("POST", "/api/v1/allocations", Auth.ADMIN, Body.ALLOCATION, 3),
          new Endpoint("POST", "/api/v1/deallocations", Auth.ADMIN, Body.ALLOCATION, 2),
          new Endpoint("GET", "/api/v1/report", Auth.ADMIN, Body.NONE, 2),
          new Endpoint("GET", "/api/v1/log{query}", Auth.ADMIN, Body.NONE, 2),
          new Endpoint("GET", "/api/v1/dns", Auth.ADMIN, Body.NONE, 2),
          new Endpoint("GET", "/api/v1/transfers{query}", Auth.ADMIN, Body.NONE, 1),
          new Endpoint("GET", "/api/v1/dhcp/{format}", Auth.ADMIN, Body.NONE, 3),
          new Endpoint("GET", "/api/v1/agent/{node}/plan", Auth.AGENT, Body.NONE, 3),
          new Endpoint("POST", "/api/v1/agent/{node}/events", Auth.AGENT, Body.EVENTS, 8),
          new Endpoint("POST", "/api/v1/agent/{node}/first-boot", Auth.AGENT, Body.NONE, 2),
          new Endpoint(
              "GET", "/api/v1/agent/{node}/resources/{resource}/{index}", Auth.AGENT, Body.NONE, 2),
          new Endpoint("GET", "/{bootfile}", Auth.NONE, Body.NONE, 3));

  static final List<String> HOSTILE =
      List.of(
          "",
          " ",
          "\u0000",
          "a\u0000b",
          "a\nb",
          "a\r\nhost evil {",
          "\u001b[2J\u001b]0;x\u0007",
          "\u009b31m",
          "\u202eevil",
          "\u2028",
          "..",
          "../x",
          "/",
          "a/b",
          "%00",
          "%2e%2e",
          "x".repeat(300),
          "y".repeat(70_000),
          "10.0.0.1",
          "0.0.0.0",
          "255.255.255.255",
          "\u0661\u0660.0.0.1",
          "10.77.0.\u0661\u0665\u0661",
          "52:54:00:00:00:01",
          "ff:ff:ff:ff:ff:ff",
          "52:54:00:00:00:\uff11\uff12",
          "path=/dev/sda\n",
          "size=1T..1G",
          "size=99999999999999999T..1",
          "\ud800",
          "\ud83d\ude00",
          "null",
          "true",
          "-1",
          "1e309",
          "${jndi:ldap://x/a}",
          "'; DROP TABLE nodes;--",
          "}",
          "\"",
          "\\",
          "n01",
          "g1",
          "motd",
          "node:n01",
          "group:g1",
          "group:",
          "Größe",
          "日本",
          "\u0130",
          "\u212a",
          "n01.",
          ".n01",
          "n-",
          "-n",
          "n_01",
          "a..b",
          "a.-b",
          "a._b",
          "CON",
          "aux",
          "h".repeat(63),
          "h".repeat(64),
          "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61),
          "x".repeat(79),
          "x".repeat(80));

  static final List<String> CONTENT_TYPES =
      List.of(
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/json; charset=iso-8859-1",
          "application/jsonx",
          "application/json;;;",
          "APPLICATION/JSON",
          "application/json; charset=UTF-8",
          "*/*",
          "application/xml");

  static final List<String> QUERIES =
      List.of(
          "",
          "?after=0",
          "?after=5&limit=2",
          "?limit=0",
          "?limit=10001",
          "?limit=-1",
          "?after=abc",
          "?limit=1e3",
          "?limit=%D9%A1%D9%A0",
          "?after=99999999999999999999",
          "?run=1",
          "?run=-1",
          "?run=0",
          "?run=-99999999999",
          "?run=r-%00",
          "?new-disk=1",
          "?new-disk=2",
          "?new-disk=",
          "?limit=1&limit=2",
          "?%00=%00",
          "?a=" + "b".repeat(2000),
          "?after",
          "?&&&",
          "?limit=+5",
          "?after=0x10");

  /**
   * {@code install --power-cycle} and its waves (#14), good and bad: the fuzzed nodes' BMCs have no
   * password file, so a power action fails at once, as a line per node.
   */
  static final List<String> POWER_QUERIES =
      List.of(
          "?power-cycle=1",
          "?power-cycle=1&max-active=2",
          "?power-cycle=1&wave=3&wave-interval=10",
          "?power-cycle=1&max-active=1&wave=1",
          "?max-active=2",
          "?wave-interval=5",
          "?power-cycle=1&max-active=0",
          "?power-cycle=1&max-active=-1",
          "?power-cycle=1&max-active=100001",
          "?power-cycle=1&max-active=99999999999999999999",
          "?power-cycle=1&wave=2&wave-interval=0",
          "?power-cycle=1&wave=2&wave-interval=86401",
          "?power-cycle=1&wave-interval=5",
          "?power-cycle=yes",
          "?power-cycle=1&max-active=1e3",
          "?power-cycle=1&max-active=%D9%A1",
          "?power-cycle=1&max-active=2&max-active=3",
          "?power-cycle=1&state=failed&max-active=1",
          "?power-cycle=1&new-disk=1&wave=1");

  static final List<String> BMCS =
      List.of(
          "ipmi://admin@10.77.1.1",
          "ipmi://admin@[fd00::1]:6230",
          "ipmi://root@bmc-1.example.org:623",
          "ipmi://admin:secret@10.77.1.2",
          "ipmi://admin@10.77.1.3:0",
          "ipmi://admin@10.77.1.3:65536",
          "ipmi://" + "u".repeat(17) + "@10.77.1.4",
          "ipmi://@10.77.1.5",
          "ipmi://admin@",
          "redfish://admin@10.77.1.6",
          "http://10.77.1.7");

  @TempDir Path tmp;

  private final JsonNodeFactory f = JsonNodeFactory.instance;
  private Random rnd;
  private LiveServer lui;
  private HttpClient client;
  private String admin;
  private long eventSeq = 1;
  private final List<String> findings = new ArrayList<>();
  private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
  private int sent;

  @Test
  void noRequestMakesTheServerFailHangOrWriteFilesItsToolsReject() throws Exception {
    long seed = Long.getLong("lui.fuzz.seed", System.nanoTime() ^ 0x5DEECE66DL);
    int requests = Integer.getInteger("lui.fuzz.requests", DEFAULT_REQUESTS);
    System.out.println(
        "ApiFuzzTest: seed "
            + seed
            + " (replay: -Dlui.fuzz.seed="
            + seed
            + "), "
            + requests
            + " requests");
    rnd = new Random(seed);
    long started = System.nanoTime();
    lui = new LiveServer(tmp.resolve("state")).withSystem();
    try {
      client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      admin = lui.adminToken();
      fixtures();
      for (int i = 0; i < requests && findings.size() < 20; i++) {
        if (rnd.nextInt(100) < 2) {
          raw(i);
        } else {
          one(i, weighted());
        }
        if (i % 200 == 199) {
          alive(i);
        }
      }
      alive(requests);
      validateFiles();
    } finally {
      lui.close();
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    System.out.println(
        "ApiFuzzTest: seed "
            + seed
            + ", "
            + sent
            + " requests to "
            + ENDPOINTS.size()
            + " endpoints (+ raw HTTP) in "
            + seconds
            + " s; statuses per endpoint:");
    statuses.forEach((e, s) -> System.out.println("  " + e + " " + s));
    findings.forEach(x -> System.out.println("FINDING " + x));
    assertThat(findings)
        .as("seed " + seed + " (replay with -Dlui.fuzz.seed=" + seed + ")")
        .isEmpty();
  }

  private Endpoint weighted() {
    int total = ENDPOINTS.stream().mapToInt(Endpoint::weight).sum();
    int at = rnd.nextInt(total);
    for (Endpoint e : ENDPOINTS) {
      at -= e.weight();
      if (at < 0) {
        return e;
      }
    }
    throw new IllegalStateException("weights");
  }

  // ------------------------------------------------------------------ state the requests work on

  private Path motd;
  private Path script;
  private Path tarball;
  private Path table;
  private Path list;

  private void fixtures() throws IOException, InterruptedException {
    motd = Files.writeString(tmp.resolve("motd"), "hello\n");
    script = Files.writeString(tmp.resolve("post.sh"), "#!/bin/sh\necho hi\n");
    tarball = Files.write(tmp.resolve("base.tar.gz"), new byte[] {31, -117, 8, 0});
    table =
        Files.writeString(
            tmp.resolve("table"), "label gpt\n1 1M none - bios_grub\n2 rest ext4 / label=root\n");
    Files.writeString(tmp.resolve("a.rpm"), "rpm");
    list = Files.writeString(tmp.resolve("rpms.list"), "a.rpm\n");
    expectCreated(post("/api/v1/groups", "{\"name\":\"g1\"}"));
    expectCreated(post("/api/v1/groups", "{\"name\":\"g2\",\"disk\":\"size=1G..4T\"}"));
    // Resource files are uploaded content (the CLI uploads them); specs refer to them by digest.
    for (String[] r :
        new String[][] {
          {"motd", "--type", "file", "--source", motd.toString(), "--target", "/etc/motd"},
          {"script", "--type", "script", "--source", script.toString()},
          {"rpms", "--type", "rpm-list", "--source", list.toString()},
          {"table", "--type", "partition-table", "--source", table.toString()}
        }) {
      List<String> args = new java.util.ArrayList<>(List.of("define-resource"));
      args.addAll(List.of(r));
      LiveServer.Result d = lui.lui(args.toArray(String[]::new));
      assertThat(d.code()).as(d.err()).isZero();
    }
    for (Path p : List.of(motd, script, tarball, table, list, tmp.resolve("a.rpm"))) {
      byte[] bytes = Files.readAllBytes(p);
      contents.add(
          f.objectNode()
              .put("name", p.getFileName().toString())
              .put("sha256", sha256(bytes))
              .put("size", bytes.length));
    }
    StringBuilder nodes = new StringBuilder("[");
    for (int i = 1; i <= 6; i++) {
      nodes
          .append(i > 1 ? "," : "")
          .append(
              String.format(
                  "{\"name\":\"n%02d\",\"mac\":\"52:54:00:00:00:%02x\",\"ip\":\"10.77.0.%d\",\"netmask\":\"255.255.255.0\",\"gateway\":\"10.77.0.1\","
                      + "\"groups\":[\"g%d\"],\"resources\":[\"motd\",\"system\"]}",
                  i, i, 10 + i, 1 + i % 2));
    }
    expectCreated(post("/api/v1/nodes", nodes.append("]").toString()));
    // Runs the nodes' events can belong to: each opened by a plan fetch, as an agent does.
    for (int i = 1; i <= 6; i++) {
      String node = String.format("n%02d", i);
      HttpResponse<String> plan =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          lui.server.nodeUrl()
                              + "/api/v1/agent/"
                              + node
                              + "/plan"
                              + (i % 2 == 0 ? "?rehearsal=true" : "")))
                  .header("Authorization", "Bearer " + lui.nodeToken(node))
                  .timeout(TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
      runs.add(plan.headers().firstValue("Lui-Run").orElseThrow());
    }
  }

  private final List<ObjectNode> contents = new java.util.ArrayList<>();
  private final List<String> runs = new java.util.ArrayList<>();

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(String path, String json) {
    try {
      return client.send(
          HttpRequest.newBuilder(URI.create(dev.lui.tests.Http.url(lui.server, path)))
              .timeout(TIMEOUT)
              .header("Authorization", "Bearer " + admin)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void expectCreated(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private List<String> names(String path) {
    List<String> out = new ArrayList<>();
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(dev.lui.tests.Http.url(lui.server, path)))
                  .timeout(TIMEOUT)
                  .header("Authorization", "Bearer " + admin)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Json.json().readTree(r.body()).forEach(n -> out.add(n.path("name").asText()));
    } catch (IOException | InterruptedException e) {
      findings.add("listing " + path + " failed: " + e);
    }
    return out;
  }

  // ------------------------------------------------------------------ one request

  private void one(int index, Endpoint e) {
    String path = fill(e.path());
    String method = e.method();
    Optional<String> token = token(e.auth(), path);
    byte[] body = new byte[0];
    Optional<String> type = Optional.empty();
    boolean chunked = false;
    Supplier<InputStream> huge = null;
    if (e.body() != Body.NONE) {
      type =
          rnd.nextInt(100) < 85
              ? Optional.of("application/json")
              : rnd.nextInt(4) == 0 ? Optional.empty() : Optional.of(pick(CONTENT_TYPES));
      chunked = rnd.nextInt(100) < 30;
      int dice = rnd.nextInt(1000);
      long limit = e.body() == Body.NODES ? NODES_LIMIT : ADMIN_LIMIT;
      if (dice < 15 && (limit == ADMIN_LIMIT || dice < 2)) {
        // Just over the route's limit: a 413, however it is framed.
        long size = limit + 1 + rnd.nextInt(4096);
        huge =
            () ->
                new SequenceInputStream(
                    new ByteArrayInputStream("[\"".getBytes(StandardCharsets.UTF_8)),
                    generated(size));
      } else {
        body = mutate(valid(e.body()));
      }
    } else if (rnd.nextInt(100) < 5) {
      // A body where none is expected, sometimes with a type.
      body = mutate(valid(Body.values()[1 + rnd.nextInt(Body.values().length - 1)]));
      type = rnd.nextBoolean() ? Optional.of("application/json") : Optional.empty();
    }
    HttpRequest.BodyPublisher publisher;
    if (huge != null) {
      publisher = HttpRequest.BodyPublishers.ofInputStream(huge);
    } else if (chunked) {
      byte[] b = body;
      publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(b));
    } else {
      publisher =
          body.length == 0
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body);
    }
    URI uri;
    try {
      uri = URI.create(dev.lui.tests.Http.url(lui.server, path));
    } catch (IllegalArgumentException ex) {
      throw new IllegalStateException("the fuzzer made a bad URI: " + path, ex);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).method(method, publisher);
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    type.ifPresent(t -> b.header("Content-Type", t));
    String what =
        "#"
            + index
            + " "
            + method
            + " "
            + abbreviate(path, 120)
            + (huge != null
                ? " [huge body]"
                : " body " + abbreviate(new String(body, StandardCharsets.UTF_8), 200))
            + (chunked ? " chunked" : "")
            + " type "
            + type.orElse("-");
    sent++;
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      record(e.toString(), r.statusCode());
      if (VERBOSE) {
        System.out.println(what + " -> " + r.statusCode() + " " + abbreviate(r.body(), 300));
      }
      if (r.statusCode() >= 500) {
        findings.add(what + " -> " + r.statusCode() + " " + abbreviate(r.body(), 300));
      }
      if (r.body().contains(":secret@")) {
        findings.add(what + " -> a BMC password in the answer: " + abbreviate(r.body(), 300));
      }
    } catch (HttpTimeoutException ex) {
      findings.add(what + " -> no answer within " + TIMEOUT.toSeconds() + " s");
      record(e.toString(), -1);
    } catch (IOException ex) {
      // A server may close the connection on a body it refuses early; it must still be alive.
      record(e.toString(), 0);
      alive(index);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  private void record(String endpoint, int status) {
    statuses.computeIfAbsent(endpoint, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
  }

  private void alive(int index) {
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(lui.server.adminUrl() + "/api/v1/status"))
                  .timeout(TIMEOUT)
                  .header("Authorization", "Bearer " + admin)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        findings.add(
            "after #"
                + index
                + ": GET /api/v1/status -> "
                + r.statusCode()
                + " "
                + abbreviate(r.body(), 300));
      }
    } catch (IOException ex) {
      findings.add("after #" + index + ": the server stopped answering: " + ex);
      throw new AssertionError(
          "the server stopped answering after request #" + index + "; findings: " + findings, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  /** Tokens: mostly the right one, sometimes a wrong, missing or other kind of token. */
  private Optional<String> token(Auth auth, String path) {
    int dice = rnd.nextInt(100);
    if (dice < 4) {
      return Optional.empty();
    }
    if (dice < 8) {
      return Optional.of(randomToken());
    }
    if (dice < 11) {
      return auth == Auth.ADMIN
          ? nodeToken(pick(List.of("n01", "n02", "n03")))
          : Optional.of(admin);
    }
    return switch (auth) {
      case ADMIN -> Optional.of(admin);
      case AGENT -> {
        String node = path.split("/").length > 4 ? path.split("/")[4] : "n01";
        // Now and then another node's token: it must open nothing of this one.
        yield nodeToken(dice < 14 ? pick(List.of("n01", "n02", "n03", "n04")) : decode(node))
            .or(() -> Optional.of(randomToken()));
      }
      case NONE -> dice < 50 ? Optional.empty() : Optional.of(admin);
    };
  }

  private Optional<String> nodeToken(String node) {
    try {
      Path file = lui.nodeRoot(node.replace("/", "_")).resolve("lui/token");
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file).trim())
          : Optional.empty();
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
  }

  private String randomToken() {
    byte[] b = new byte[1 + rnd.nextInt(40)];
    rnd.nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  // ------------------------------------------------------------------ paths

  private List<String> nodeNames = List.of();
  private List<String> groupNames = List.of();
  private int namesAt = -1000;

  private String fill(String template) {
    if (sent - namesAt >= 25) { // what exists changes as requests succeed
      nodeNames = names("/api/v1/nodes");
      groupNames = names("/api/v1/groups");
      namesAt = sent;
    }
    String out = template;
    if (out.contains("{node}")) {
      out = out.replace("{node}", segment(pickOr(nodeNames, "n01")));
    }
    if (out.contains("{group}")) {
      out = out.replace("{group}", segment(pickOr(groupNames, "g1")));
    }
    if (out.contains("{resource}")) {
      out = out.replace("{resource}", segment(pickOr(List.of("motd", "script", "nope"), "motd")));
    }
    if (out.contains("{format}")) {
      out =
          out.replace(
              "{format}",
              segment(
                  rnd.nextInt(10) < 8
                      ? pick(List.of("isc", "bootptab", "kea", "kea-include", "dnsmasq"))
                      : pick(HOSTILE)));
    }
    if (out.contains("{index}")) {
      out =
          out.replace(
              "{index}",
              segment(
                  pick(
                      List.of(
                          "0", "1", "2", "-1", "99999999999", "\u0661", "abc", "0x1", "+0", ""))));
    }
    if (out.contains("{query}")) {
      out = out.replace("{query}", pick(QUERIES));
    }
    if (out.contains("{powerquery}")) {
      out = out.replace("{powerquery}", rnd.nextInt(10) == 0 ? pick(QUERIES) : pick(POWER_QUERIES));
    }
    if (out.contains("{bootfile}")) {
      out =
          out.replace(
              "{bootfile}",
              pick(
                  List.of(
                      "pxelinux.cfg/01-52-54-00-00-00-01",
                      "ipxe/52-54-00-00-00-02.ipxe",
                      "boot/grub/grub.cfg-01-52-54-00-00-00-03",
                      "pxelinux.0",
                      "../admin.token",
                      "%2e%2e/admin.token",
                      "lui/vmlinuz",
                      "api",
                      "api/v1/nope",
                      "pxelinux.cfg/" + segment(pick(HOSTILE)),
                      segment(pick(HOSTILE)))));
    }
    return out;
  }

  /** A name, a hostile string or a known one, percent-encoded as one path segment. */
  private String pickOr(List<String> known, String fallback) {
    int dice = rnd.nextInt(100);
    if (dice < 70) {
      return known.isEmpty() ? fallback : pick(known);
    }
    if (dice < 85) {
      return pick(HOSTILE);
    }
    return "f" + rnd.nextInt(100);
  }

  private static String segment(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~:".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private static String decode(String segment) {
    try {
      return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }

  // ------------------------------------------------------------------ bodies

  /** A plausible body for the route, often one the server accepts. */
  private JsonNode valid(Body kind) {
    return switch (kind) {
      case NODES -> {
        ArrayNode a = f.arrayNode();
        int n = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(3) : 1;
        for (int i = 0; i < n; i++) {
          a.add(nodeSpec());
        }
        yield a;
      }
      case TARGETS -> {
        ArrayNode a = f.arrayNode();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
          a.add(
              pick(
                  List.of(
                      "n01",
                      "n02",
                      "n03",
                      "g1",
                      "g2",
                      "node:n04",
                      "group:g1",
                      "f" + rnd.nextInt(50))));
        }
        yield a;
      }
      case GROUP -> {
        ObjectNode o = f.objectNode().put("name", "g" + rnd.nextInt(40));
        if (rnd.nextBoolean()) {
          o.put("disk", selector());
        }
        yield o;
      }
      case GROUP_DISK ->
          rnd.nextInt(4) == 0 ? f.objectNode() : f.objectNode().put("disk", selector());
      case RESOURCE -> resourceSpec();
      case ALLOCATION -> {
        ObjectNode o = f.objectNode();
        ArrayNode r = o.putArray("resources");
        r.add(pick(List.of("motd", "script", "r" + rnd.nextInt(20))));
        ArrayNode t = o.putArray("targets");
        t.add(
            pick(
                List.of(
                    "n01",
                    "n02",
                    "n05",
                    "g1",
                    "g2",
                    "group:g2",
                    "node:n06",
                    "f" + rnd.nextInt(50))));
        yield o;
      }
      case EVENTS -> {
        ObjectNode o = f.objectNode();
        ArrayNode a = o.putArray("events");
        int n = rnd.nextInt(10) == 0 ? rnd.nextInt(1100) : 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
          a.add(event());
        }
        yield o;
      }
      case POWER -> {
        ObjectNode o = f.objectNode();
        o.put(
            "action",
            rnd.nextInt(5) == 0
                ? pick(HOSTILE)
                : pick(List.of("on", "off", "cycle", "status", "reboot", "ON", "start")));
        ArrayNode nodes = o.putArray("nodes");
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          nodes.add(
              rnd.nextInt(5) == 0
                  ? pick(HOSTILE)
                  : pick(List.of("n01", "n[01-06]", "@g1", "g2", "f" + rnd.nextInt(50))));
        }
        yield o;
      }
      case NONE -> f.objectNode();
    };
  }

  private ObjectNode nodeSpec() {
    int k = rnd.nextInt(400);
    ObjectNode o = f.objectNode();
    o.put(
        "name",
        rnd.nextInt(10) == 0
            ? pick(List.of("n01", "n02"))
            : rnd.nextInt(8) == 0 ? nameish() : "f" + k);
    o.put(
        "mac",
        String.format(
            "52:54:00:%02x:%02x:%02x", rnd.nextInt(4), rnd.nextInt(256), rnd.nextInt(256)));
    int net = rnd.nextInt(10);
    if (net < 7) {
      o.put("ip", "10.77.0." + (2 + rnd.nextInt(252))).put("netmask", "255.255.255.0");
      if (rnd.nextBoolean()) {
        o.put("gateway", "10.77.0.1");
      }
    } else if (net < 9) {
      o.put("ip", "10.78." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254)))
          .put("netmask", "255.255.0.0");
    } else {
      o.put(
              "ip",
              rnd.nextInt(256)
                  + "."
                  + rnd.nextInt(256)
                  + "."
                  + rnd.nextInt(256)
                  + "."
                  + rnd.nextInt(256))
          .put(
              "netmask",
              pick(List.of("255.255.255.0", "255.0.0.0", "255.255.255.252", "255.255.128.0")));
    }
    if (rnd.nextInt(3) == 0) {
      o.put(
          "hostname",
          rnd.nextInt(6) == 0
              ? nameish()
              : rnd.nextInt(6) == 0
                  ? pick(HOSTILE)
                  : pick(List.of("h" + k, "h" + k + ".rack1.example", "web-" + k)));
    }
    ArrayNode groups = o.putArray("groups");
    if (rnd.nextBoolean() && !groupNames.isEmpty()) {
      groups.add(pick(groupNames));
    }
    ArrayNode resources = o.putArray("resources");
    if (rnd.nextInt(3) == 0) {
      resources.add(pick(List.of("motd", "script")));
    }
    if (rnd.nextInt(3) == 0) {
      o.put("disk", selector());
    }
    if (rnd.nextInt(4) == 0) {
      o.put("afterInstall", pick(List.of("remove", "local-boot")));
    }
    if (rnd.nextInt(5) == 0) {
      o.put("bmc", rnd.nextInt(5) == 0 ? pick(HOSTILE) : pick(BMCS));
    }
    return o;
  }

  /**
   * Almost a name: the characters names are made of, in any order, of any length near the limits.
   */
  private String nameish() {
    String chars = "abz09.-_";
    int length = pick(List.of(1, 2, 3, 5, 62, 63, 64, 70, 253, 254));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(chars.charAt(rnd.nextInt(chars.length())));
    }
    return out.toString();
  }

  private String selector() {
    return pick(
        List.of(
            "path=/dev/sda",
            "path=/dev/nvme0n1",
            "size=200G..300G",
            "serial=S3Z1",
            "wwn=0x5000c500a1b2c3d4",
            "path=/dev/vdb,size=1G..2T"));
  }

  private ObjectNode resourceSpec() {
    ObjectNode o = f.objectNode().put("name", "r" + rnd.nextInt(30));
    String type =
        pick(
            List.of(
                "file",
                "script",
                "tarball",
                "kernel",
                "rpm-list",
                "partition-table",
                "deb-list",
                "bogus"));
    o.put("type", type);
    // Mostly content the server has (by digest); now and then a server path (refused since #11).
    if (rnd.nextInt(8) == 0) {
      o.put(
          "source",
          pick(List.of(motd.toString(), "/etc/shadow", "/nonexistent/" + rnd.nextInt(10))));
    } else {
      o.set("source", pick(contents).deepCopy());
    }
    switch (type) {
      case "file" -> o.put("target", pick(List.of("/etc/motd", "/etc/issue", "/root/x")));
      case "tarball" -> o.put("directory", "/opt");
      case "kernel" -> o.put("version", "6.1.0-13-amd64");
      case "rpm-list", "deb-list" ->
          o.set("packages", f.arrayNode().add(pick(contents).deepCopy()));
      default -> {}
    }
    return o;
  }

  private ObjectNode event() {
    ObjectNode o = f.objectNode();
    o.put("runId", rnd.nextInt(5) == 0 || runs.isEmpty() ? "fz-" + rnd.nextInt(1000) : pick(runs));
    if (rnd.nextInt(30) == 0) {
      o.set(
          "seq",
          pick(
              List.of(
                  f.numberNode(-1),
                  f.numberNode(Long.MAX_VALUE),
                  f.numberNode(0),
                  f.textNode("7"),
                  f.numberNode(1.5))));
    } else {
      o.put("seq", eventSeq++);
    }
    if (rnd.nextInt(30) == 0) {
      o.set(
          "time",
          pick(
              List.of(
                  f.textNode(" "),
                  f.textNode(""),
                  f.textNode("2026-13-01T00:00:00Z"),
                  f.numberNode(1700000000),
                  f.numberNode(-1e18),
                  f.textNode("-1000000000-01-01T00:00:00Z"),
                  f.textNode("2026-12-01T10:00:00+02:00"),
                  f.textNode("now"))));
    } else {
      o.put(
          "time",
          pick(
              List.of(
                  "2026-12-01T10:00:00Z",
                  "2026-12-01T10:00:00.123456789Z",
                  "1970-01-01T00:00:00Z",
                  "+10000-01-01T00:00:00Z")));
    }
    String kind =
        pick(
            List.of(
                "log",
                "log",
                "log",
                "step-started",
                "step-finished",
                "install-finished",
                "future-kind"));
    o.put("kind", kind);
    if (!kind.equals("install-finished")) {
      o.put("step", pick(List.of("partition", "payloads", "select-disk", "finish")));
    }
    if (kind.equals("log")) {
      o.put("stream", pick(List.of("stdout", "stderr", "agent")));
    }
    int size = rnd.nextInt(20) == 0 ? 8000 + rnd.nextInt(30_000) : rnd.nextInt(80);
    StringBuilder text = new StringBuilder();
    while (text.length() < size) {
      text.append(rnd.nextInt(8) == 0 ? pick(HOSTILE) : "line of output ");
    }
    o.put("text", text.length() > 200_000 ? text.substring(0, 200_000) : text.toString());
    if (kind.endsWith("finished")) {
      // Mostly failures: a good install ends the token's use, and the fuzzer wants it to keep
      // working.
      o.put("ok", rnd.nextInt(10) == 0);
    }
    return o;
  }

  /** Zero or more mutations of the tree, then maybe of the text. */
  private byte[] mutate(JsonNode tree) {
    JsonNode t = tree.deepCopy();
    int treeMutations = rnd.nextInt(100) < 40 ? 0 : 1 + rnd.nextInt(3);
    for (int i = 0; i < treeMutations; i++) {
      t = mutateTree(t);
    }
    String text = t.toString();
    if (rnd.nextInt(100) < 20) {
      return mutateText(text);
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private JsonNode mutateTree(JsonNode root) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    if (containers.isEmpty() || rnd.nextInt(20) == 0) {
      return randomValue(2);
    }
    JsonNode c = pick(containers);
    if (c instanceof ObjectNode o) {
      List<String> fields = new ArrayList<>();
      o.fieldNames().forEachRemaining(fields::add);
      String field =
          fields.isEmpty() || rnd.nextInt(6) == 0
              ? pick(List.of("extra", "name", "kind", "time", "events"))
              : pick(fields);
      switch (rnd.nextInt(5)) {
        case 0 -> o.remove(field);
        case 1 -> o.putNull(field);
        case 2 -> o.set(field, randomValue(2));
        default -> o.put(field, pick(HOSTILE));
      }
    } else if (c instanceof ArrayNode a) {
      switch (rnd.nextInt(4)) {
        case 0 -> a.addNull();
        case 1 -> a.add(randomValue(2));
        case 2 -> {
          if (!a.isEmpty()) {
            a.remove(rnd.nextInt(a.size()));
          }
        }
        default -> a.add(pick(HOSTILE));
      }
    }
    return root;
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        collect(it.next(), out);
      }
    }
  }

  private JsonNode randomValue(int depth) {
    int dice = rnd.nextInt(depth <= 0 ? 6 : 8);
    return switch (dice) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(rnd.nextBoolean());
      case 2 -> f.numberNode(rnd.nextLong());
      case 3 -> f.numberNode(rnd.nextDouble() * 1e300);
      case 4, 5 -> f.textNode(pick(HOSTILE));
      case 6 -> {
        ArrayNode a = f.arrayNode();
        for (int i = rnd.nextInt(3); i > 0; i--) {
          a.add(randomValue(depth - 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = f.objectNode();
        for (int i = rnd.nextInt(3); i > 0; i--) {
          o.set(pick(List.of("name", "a", "disk", "events", "")), randomValue(depth - 1));
        }
        yield o;
      }
    };
  }

  private byte[] mutateText(String json) {
    switch (rnd.nextInt(9)) {
      case 0 -> {
        // A key given twice: the first key of the first object, again, with another value.
        int brace = json.indexOf('{');
        int colon = json.indexOf(':', Math.max(brace, 0));
        if (brace >= 0 && colon > brace && json.charAt(brace + 1) == '"') {
          String key = json.substring(brace + 1, colon);
          return (json.substring(0, brace + 1)
                  + key
                  + ":"
                  + randomValue(1)
                  + ","
                  + json.substring(brace + 1))
              .getBytes(StandardCharsets.UTF_8);
        }
        return json.getBytes(StandardCharsets.UTF_8);
      }
      case 1 -> {
        return json.substring(0, rnd.nextInt(json.length() + 1)).getBytes(StandardCharsets.UTF_8);
      }
      case 2 -> {
        return (json + pick(List.of("}", ",", "]", " {}", "\u0000", "garbage", "\n[]")))
            .getBytes(StandardCharsets.UTF_8);
      }
      case 3 -> {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0) {
          b[rnd.nextInt(b.length)] =
              (byte) (0x80 + rnd.nextInt(0x80)); // invalid UTF-8, most likely
        }
        return b;
      }
      case 4 -> {
        int depth = 500 + rnd.nextInt(2000);
        return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
      }
      case 5 -> {
        return pick(List.of("", " ", "null", "0", "\"x\"", "[]", "{}", "true", "\ufeff" + json))
            .getBytes(StandardCharsets.UTF_8);
      }
      case 6 -> {
        byte[] b = new byte[rnd.nextInt(300)];
        rnd.nextBytes(b);
        return b;
      }
      case 7 -> {
        return json.replace("\"", "'").getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        return json.getBytes(StandardCharsets.UTF_16);
      }
    }
  }

  private static InputStream generated(long size) {
    return new InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 'x' : -1;
      }

      @Override
      public int read(byte[] buf, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(buf, off, off + n, (byte) 'x');
        left -= n;
        return n;
      }
    };
  }

  // ------------------------------------------------------------------ malformed HTTP

  /**
   * Requests no client library sends: each must get an answer (or a close), never a 5xx or a hang.
   */
  private void raw(int index) {
    String path =
        "/api/v1/" + pick(List.of("nodes", "install", "groups", "agent/n01/events", "status"));
    String auth = "Authorization: Bearer " + (rnd.nextBoolean() ? admin : randomToken()) + "\r\n";
    String host = "Host: 127.0.0.1\r\n";
    String body = "{\"name\":\"g" + rnd.nextInt(40) + "\"}";
    int kind = rnd.nextInt(9);
    String request =
        switch (kind) {
          case 0 ->
              "POST "
                  + path
                  + " HTTP/1.1\r\n"
                  + host
                  + auth
                  + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                  + body;
          case 1 ->
              "POST "
                  + path
                  + " HTTP/1.1\r\n"
                  + host
                  + auth
                  + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
                  + body;
          case 2 ->
              "POST "
                  + path
                  + " HTTP/1.1\r\n"
                  + host
                  + auth
                  + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + Integer.toHexString(body.length())
                  + ";ext=1\r\n"
                  + body
                  + "\r\n0\r\nX-Trailer: 1\r\n\r\n";
          case 3 ->
              "POST "
                  + path
                  + " HTTP/1.1\r\n"
                  + host
                  + auth
                  + "Content-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + Integer.toHexString(body.length())
                  + "\r\n"
                  + body
                  + "\r\n0\r\n\r\n";
          case 4 ->
              "GET "
                  + path
                  + " HTTP/1.1\r\n"
                  + host
                  + auth
                  + "X-Long: "
                  + "a".repeat(20_000)
                  + "\r\n\r\n";
          case 5 -> "GET " + path + "/\u00ff\u0001%%zz HTTP/1.1\r\n" + host + auth + "\r\n";
          case 6 -> "GET http://127.0.0.1" + path + " HTTP/1.1\r\n" + host + auth + "\r\n";
          case 7 -> "GET " + path + " HTTP/1.1\r\n" + auth + "\r\n";
          default ->
              "POST "
                  + path
                  + " HTTP/1.1\r\n"
                  + host
                  + auth
                  + "Content-Type: application/json\r\nContent-Length: -5\r\n\r\n"
                  + body;
        };
    sent++;
    String what =
        "#" + index + " raw " + kind + " " + abbreviate(request.replace("\r\n", "\\r\\n"), 200);
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress("127.0.0.1", URI.create(lui.server.nodeUrl()).getPort()), 5000);
      s.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.shutdownOutput();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0 && got.size() < 1 << 20) {
        got.write(buf, 0, n);
      }
      String response = got.toString(StandardCharsets.ISO_8859_1);
      int status =
          response.startsWith("HTTP/1.1 ") && response.length() >= 12
              ? Integer.parseInt(response.substring(9, 12))
              : 0;
      record("raw " + kind, status);
      if (status >= 500) {
        findings.add(what + " -> " + abbreviate(response, 300));
      }
    } catch (SocketTimeoutException e) {
      findings.add(what + " -> no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      record("raw " + kind, 0);
    }
    alive(index);
  }

  // ------------------------------------------------------------------ the files afterwards

  private void validateFiles() throws Exception {
    Path dhcpd = RealTools.program("dhcpd");
    check(dhcpd.toString(), "-t", "-4", "-cf", lui.dhcpdConf().toString());
    Path kea = RealTools.program("kea-dhcp4");
    Path keaConf = Files.writeString(tmp.resolve("kea.conf"), text("/api/v1/dhcp/kea"));
    check(kea.toString(), "-t", keaConf.toString());
    Path dnsmasq = RealTools.program("dnsmasq");
    Path dnsmasqConf = Files.writeString(tmp.resolve("dnsmasq.conf"), text("/api/v1/dhcp/dnsmasq"));
    check(dnsmasq.toString(), "--test", "--conf-file=" + dnsmasqConf);
    Path checkzone = RealTools.program("named-checkzone");
    String zones = text("/api/v1/dns");
    int i = 0;
    for (String part : zones.split("(?m)^; zone ")) {
      if (part.isBlank()) {
        continue;
      }
      String origin = part.substring(0, part.indexOf('\n')).trim();
      Path zone =
          Files.writeString(tmp.resolve("zone" + i++), part.substring(part.indexOf('\n') + 1));
      check(checkzone.toString(), origin, zone.toString());
    }
    System.out.println(
        "ApiFuzzTest: "
            + names("/api/v1/nodes").size()
            + " nodes at the end; dhcpd, kea-dhcp4, dnsmasq and "
            + i
            + " zones checked");
  }

  private String text(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(dev.lui.tests.Http.url(lui.server, path)))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + admin)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      findings.add(
          "GET " + path + " after the run -> " + r.statusCode() + " " + abbreviate(r.body(), 300));
    }
    return r.body();
  }

  private void check(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      findings.add(String.join(" ", cmd) + " rejected the file: " + abbreviate(out, 600));
    }
  }

  // ------------------------------------------------------------------ helpers

  private <T> T pick(List<T> from) {
    return from.get(rnd.nextInt(from.size()));
  }

  private static String abbreviate(String s, int max) {
    String shown = s.length() > max ? s.substring(0, max) + "...(" + s.length() + " chars)" : s;
    StringBuilder out = new StringBuilder();
    shown
        .codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
