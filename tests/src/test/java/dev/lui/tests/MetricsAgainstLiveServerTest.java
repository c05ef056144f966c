package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.config.AdminListener;
import dev.lui.io.Command;
import dev.lui.io.ProcessRunner;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring (#16) after a demo-like flow on a live server: a node defined and armed, its boot
 * entry and kernel fetched over TFTP by curl, the real agent's rehearsal posting its steps; then
 * {@code /metrics} is parsed and linted by Prometheus' own parser ({@code promtool check metrics})
 * and its series read back, and {@code /healthz} and {@code /readyz} answered.
 */
class MetricsAgainstLiveServerTest {
  static final String MAC = "52:54:00:00:00:01";
  static final ProcessRunner RUN = new ProcessRunner(Duration.ofMinutes(3)).withStderrMerged();

  @TempDir Path tmp;
  final List<LiveServer> servers = new ArrayList<>();

  @BeforeAll
  static void tools() {
    RealTools.programs("promtool", "curl");
  }

  @AfterEach
  void stop() {
    servers.forEach(LiveServer::close);
  }

  LiveServer start(String name, AdminListener admin) {
    LiveServer s = new LiveServer(tmp.resolve(name), UnaryOperator.identity(), admin);
    servers.add(s);
    return s;
  }

  @Test
  void metricsAfterABootAndARehearsalParseAndCarryTheExpectedSeries() throws Exception {
    LiveServer lui = start("state", AdminListener.loopback()).withSystem();
    LiveServer.Result defined =
        lui.lui(
            "define-node",
            "n01",
            "--mac",
            MAC,
            "--ip",
            "10.0.0.11",
            "--netmask",
            "255.255.255.0",
            "--resource",
            LiveServer.SYSTEM);
    assertThat(defined.code()).as(defined.err()).isZero();
    Path kernel = lui.state.resolve("tftp/lui/vmlinuz");
    Files.createDirectories(kernel.getParent());
    Files.write(kernel, new byte[256 * 1024]);

    tftp(lui, "pxelinux.cfg/01-52-54-00-00-00-01", 0);
    tftp(lui, "lui/vmlinuz", 0);
    tftp(lui, "no/such/file", 68); // curl: "file not found" from the server

    ProcessRunner.Result agent = rehearsal(lui);
    assertThat(agent.exitCode()).as(agent.output()).isZero();

    Http admin = new Http(lui.server.adminUrl());
    Http.Reply anonymous = anonymous(admin, "/metrics");
    assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
    Http.Reply wrong = admin.get("/metrics", "not-the-token");
    assertThat(wrong.status()).isEqualTo(401);
    Http.Reply scraped = admin.get("/metrics", lui.adminToken());
    assertThat(scraped.status()).as(scraped.toString()).isEqualTo(200);

    String text = scraped.body();
    Files.writeString(Path.of("target/metrics-after-rehearsal.txt"), text); // to read, for docs
    promtoolAccepts(text);
    Map<String, Double> series = samples(text);

    assertThat(series.get("lui_tftp_transfers_total{outcome=\"completed\"}")).isEqualTo(2);
    assertThat(series.get("lui_tftp_transfers_total{outcome=\"not_found\"}")).isEqualTo(1);
    assertThat(series.get("lui_tftp_transferred_bytes_total")).isGreaterThanOrEqualTo(256 * 1024);
    assertThat(series.get("lui_tftp_refusals_total{reason=\"busy\"}")).isZero();
    assertThat(series.get("lui_tftp_active")).isZero();
    assertThat(series.get("lui_nodes{state=\"defined\"}")).isEqualTo(1);
    assertThat(series.get("lui_nodes{state=\"installed\"}")).isZero();
    assertThat(
            series.get(
                "lui_http_requests_total{listener=\"node\",method=\"POST\","
                    + "route=\"/api/v1/agent/{node}/events\",status=\"200\"}"))
        .isPositive();
    assertThat(
            series.get(
                "lui_http_requests_total{listener=\"node\",method=\"GET\","
                    + "route=\"/api/v1/agent/{node}/plan\",status=\"200\"}"))
        .isEqualTo(1);
    assertThat(
            series.get(
                "lui_http_requests_total{listener=\"admin\",method=\"GET\","
                    + "route=\"/metrics\",status=\"401\"}"))
        .isEqualTo(2);
    assertThat(series.keySet())
        .as("no series names a node: routes are templates")
        .noneMatch(k -> k.startsWith("lui_http_requests_total") && k.contains("n01"));
    assertThat(series.get("lui_agent_events_received_total")).isPositive();
    assertThat(series.get("lui_agent_events_dropped_total{reason=\"over_quota\"}")).isZero();
    assertThat(series.get("lui_install_duration_seconds_count{kind=\"rehearsal\",result=\"ok\"}"))
        .isEqualTo(1);
    assertThat(series.keySet())
        .anyMatch(k -> k.startsWith("lui_install_step_duration_seconds_count{"))
        .anyMatch(k -> k.startsWith("lui_install_step_duration_seconds_bucket{"));
    assertThat(series.get("lui_publish_total{kind=\"reconcile\",result=\"ok\"}")).isEqualTo(1);
    assertThat(series.get("lui_publish_total{kind=\"change\",result=\"ok\"}")).isPositive();
    assertThat(series.get("lui_publish_total{kind=\"change\",result=\"failed\"}")).isZero();
    assertThat(series).containsKey("lui_dhcp_reloads_total");
    assertThat(series.keySet())
        .anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"))
        .anyMatch(k -> k.startsWith("jvm_gc_"))
        .contains("jvm_threads_live_threads", "process_uptime_seconds");

    theGrafanaDashboardsQueriesParseAndNameOnlyTheseSeries(series.keySet());

    Http.Reply health = anonymous(admin, "/healthz");
    assertThat(health.status()).as(health.toString()).isEqualTo(200);
    JsonNode report = health.json();
    assertThat(report.path("status").asText()).isEqualTo("ok");
    List<String> fields = new ArrayList<>();
    report.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("status", "checks");
    List<String> checks = new ArrayList<>();
    report.path("checks").forEach(c -> checks.add(c.path("name").asText() + "=" + c.path("ok")));
    assertThat(checks).containsExactly("store=true", "tftp=true", "publisher=true");
    Http.Reply ready = anonymous(admin, "/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("status").asText()).isEqualTo("ready");
  }

  @Test
  void metricsPublicServesMetricsWithoutTheToken() throws Exception {
    LiveServer lui = start("open", AdminListener.loopback().withMetricsPublic(true));
    Http.Reply scraped = anonymous(new Http(lui.server.adminUrl()), "/metrics");
    assertThat(scraped.status()).as(scraped.toString()).isEqualTo(200);
    promtoolAccepts(scraped.body());
  }

  @Test
  void theNodeListenerServesNoMonitoring() throws Exception {
    LiveServer lui = start("nodes", AdminListener.loopback());
    Http nodes = new Http(lui.server.nodeUrl());
    assertThat(nodes.get("/metrics", lui.adminToken()).status()).isEqualTo(404);
    assertThat(anonymous(nodes, "/healthz").status()).isEqualTo(404);
  }

  @Test
  void aClientCommandLoadsNoMetricsClasses() throws Exception {
    LiveServer lui = start("cli", AdminListener.loopback());
    Path loaded = tmp.resolve("classes.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessRunner.Result r =
        RUN.run(
            Command.of(
                List.of(
                    java,
                    "-Xshare:off",
                    "-Xlog:class+load=info:file=" + loaded,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.lui.core.cli.LuiMain",
                    "list-nodes",
                    "--server",
                    lui.server.adminUrl(),
                    "--token-file",
                    lui.state.resolve("admin.token").toString())));
    assertThat(r.exitCode()).as(r.output()).isZero();
    List<String> classes = Files.readAllLines(loaded);
    assertThat(classes).as("the log lists loaded classes").anyMatch(l -> l.contains("picocli."));
    assertThat(classes)
        .as("client commands stay fast: Micrometer loads in the server only")
        .noneMatch(l -> l.contains("io.micrometer.") || l.contains("io.prometheus."))
        .noneMatch(l -> l.contains("dev.lui.core.metrics."));
  }

  static final Path DASHBOARD = Path.of("../resources/grafana/lui-dashboard.json");

  /**
   * resources/grafana/lui-dashboard.json: each panel's query is PromQL that Prometheus parses (as a
   * recording rule, {@code promtool check rules}) and names only lui series that {@code series}
   * has.
   */
  static void theGrafanaDashboardsQueriesParseAndNameOnlyTheseSeries(java.util.Set<String> series)
      throws Exception {
    JsonNode dashboard = dev.lui.core.Json.json().readTree(DASHBOARD.toFile());
    List<String> exprs = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
    assertThat(exprs).as("panel queries").hasSizeGreaterThan(10);
    var rules = dev.lui.core.Json.json().createArrayNode();
    for (int i = 0; i < exprs.size(); i++) {
      String expr = exprs.get(i).replace("$__rate_interval", "5m").replace("$job", ".*");
      rules.addObject().put("record", "lui:dashboard_" + i).put("expr", expr);
      Matcher names = Pattern.compile("\\blui_[a-z_]+").matcher(expr);
      while (names.find()) {
        String name = names.group();
        assertThat(series)
            .as("the dashboard's %s names a series /metrics has", name)
            .anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
      }
    }
    var file = dev.lui.core.Json.json().createObjectNode();
    file.putArray("groups").addObject().put("name", "dashboard").set("rules", rules);
    Path rulesFile = Files.createTempFile("lui-dashboard-rules", ".yml");
    try {
      Files.writeString(rulesFile, file.toString()); // JSON is YAML
      ProcessRunner.Result r =
          RUN.run(
              Command.of(
                  List.of(
                      RealTools.program("promtool").toString(),
                      "check",
                      "rules",
                      rulesFile.toString())));
      assertThat(r.exitCode()).as("promtool check rules: " + r.output()).isZero();
    } finally {
      Files.deleteIfExists(rulesFile);
    }
  }

  static Http.Reply anonymous(Http http, String path) {
    return http.send("GET", path, Optional.empty(), Optional.empty(), new byte[0], false);
  }

  static void tftp(LiveServer lui, String path, int exit) throws Exception {
    ProcessRunner.Result r =
        RUN.run(
            Command.of(
                List.of(
                    RealTools.program("curl").toString(),
                    "-sS",
                    "-o",
                    "/dev/null",
                    "tftp://127.0.0.1:" + lui.server.tftpAddress().getPort() + "/" + path)));
    assertThat(r.exitCode()).as(path + ": " + r.output()).isEqualTo(exit);
  }

  /** The real agent, as its own process, rehearsing the node's plan ({@code --dry-run}). */
  static ProcessRunner.Result rehearsal(LiveServer lui) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return RUN.run(
        Command.of(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lui.agent.AgentMain",
                "--server",
                lui.server.nodeUrl(),
                "--node",
                "n01",
                "--token-file",
                lui.nodeRoot("n01").resolve("lui/token").toString(),
                "--no-finish",
                "--spool-dir",
                lui.state.resolveSibling("spool").toString(),
                "--dry-run")));
  }

  /** {@code promtool check metrics} reads the text from stdin: exit 0 means parsed, no lint. */
  static void promtoolAccepts(String text) throws Exception {
    Path file = Files.createTempFile("lui-metrics", ".txt");
    try {
      Files.writeString(file, text);
      ProcessRunner.Result r =
          RUN.run(
              Command.of(
                  List.of(
                      "sh",
                      "-c",
                      "exec \"$0\" check metrics < \"$1\"",
                      RealTools.program("promtool").toString(),
                      file.toString())));
      assertThat(r.exitCode()).as("promtool check metrics: " + r.output()).isZero();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][^ ]*(?:\\{.*\\})?) (\\S+)$");

  /** Each sample line's series (name and labels as written) and value. */
  static Map<String, Double> samples(String text) {
    Map<String, Double> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("a sample line: " + line).isTrue();
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return out;
  }
}
