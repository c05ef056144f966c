package dev.lui.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lui.agent.exec.CommandRunner;
import dev.lui.agent.fetch.Fetcher;
import dev.lui.agent.report.EventLog;
import dev.lui.agent.report.RecordingReporter;
import dev.lui.contract.plan.FirstBoot;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.TestPlans;
import dev.lui.testkit.RealTools;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first-boot unit as installed, and its script run for real with bash against a server. */
class FirstBootReportTest {
  static final String TOKEN = "tok-3a9f.SECRET_value~42";

  @TempDir Path root;
  private final RecordingReporter rec = new RecordingReporter();
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 204;
  private final java.util.Queue<Integer> firstStatuses =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          requests.add(
              ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI()
                  + " auth="
                  + ex.getRequestHeaders().getFirst("Authorization")
                  + " length="
                  + ex.getRequestHeaders().getFirst("Content-Length")
                  + " body="
                  + body.length);
          Integer first = firstStatuses.poll();
          ex.sendResponseHeaders(first != null ? first : status, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.stop(0);
    // Our links to /usr/bin, removed here so JUnit's temp-dir cleanup has nothing to warn about.
    Path bin = root.resolve("test-bin");
    if (Files.isDirectory(bin)) {
      try (var s = Files.list(bin)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/agent/node01/first-boot";
  }

  private void install(String url, boolean dryRun) throws Exception {
    Files.createDirectories(root.resolve("etc/systemd/system"));
    InstallPlan plan = TestPlans.sample().withFirstBoot(Optional.of(new FirstBoot(url, TOKEN)));
    EventLog events = new EventLog("r", rec, Clock.systemUTC());
    new FirstBootReport()
        .run(
            new StepContext(
                plan,
                new CommandRunner(events, dryRun),
                events,
                new Fetcher(HttpClient.newHttpClient(), Optional.empty(), Optional.empty()),
                root,
                StepContext.Environment.defaults()));
  }

  private Path inRoot(String abs) {
    return root.resolve(abs.substring(1));
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Runs the installed script with bash; PATH is {@code path}. Returns exit code and output. */
  private Map.Entry<Integer, String> runScript(String path) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("/bin/bash", inRoot(FirstBootReport.SCRIPT).toString())
            .redirectErrorStream(true);
    pb.environment().put("PATH", path);
    pb.environment().put("LUI_FIRST_BOOT_ROOT", root.toString());
    pb.environment().put("LUI_FIRST_BOOT_ATTEMPTS", "2");
    pb.environment().put("LUI_FIRST_BOOT_DELAY", "0");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("script hung: " + out);
    }
    return Map.entry(p.exitValue(), out);
  }

  /** A PATH directory with the few programs the script needs besides bash, minus the clients. */
  private String pathWithout(String... clients) throws Exception {
    Path bin = Files.createDirectories(root.resolve("test-bin"));
    for (String tool : List.of("rm", "sleep", "grep", "mktemp", "chmod", "curl", "wget")) {
      if (List.of(clients).contains(tool)) {
        continue;
      }
      for (String dir : List.of("/usr/bin", "/bin")) {
        Path real = Path.of(dir, tool);
        if (Files.isExecutable(real) && !Files.exists(bin.resolve(tool))) {
          Files.createSymbolicLink(bin.resolve(tool), real);
        }
      }
    }
    return bin.toString();
  }

  @Test
  void installsAnEnabledOneShotUnitAfterTheNetworkWithTheTokenOnlyInA0600File() throws Exception {
    install(url(), false);
    Path unit = inRoot(FirstBootReport.UNIT);
    assertThat(unit)
        .content()
        .contains(
            "After=network-online.target",
            "Wants=network-online.target",
            "Type=oneshot",
            "ExecStart=/usr/local/sbin/lui-first-boot",
            "WantedBy=multi-user.target")
        .doesNotContain(TOKEN);
    assertThat(mode(unit)).isEqualTo("rw-r--r--");
    Path wants = inRoot(FirstBootReport.WANTS);
    assertThat(Files.isSymbolicLink(wants)).isTrue();
    assertThat(Files.readSymbolicLink(wants)).isEqualTo(Path.of(FirstBootReport.UNIT));
    Path token = inRoot(FirstBootReport.TOKEN_FILE);
    assertThat(token).hasContent(TOKEN);
    assertThat(mode(token)).isEqualTo("rw-------");
    assertThat(Files.getAttribute(token, "unix:uid")).isEqualTo(0);
    assertThat(inRoot(FirstBootReport.URL_FILE)).hasContent(url());
    Path script = inRoot(FirstBootReport.SCRIPT);
    assertThat(mode(script)).isEqualTo("rwxr-xr-x");
    assertThat(script).content().startsWith("#!/bin/bash\n").doesNotContain(TOKEN);
    assertThat(rec.events()).noneMatch(e -> e.text().orElse("").contains(TOKEN));
    assertThat(rec.lines("agent")).anyMatch(l -> l.contains("installed lui-first-boot.service"));
  }

  @Test
  void aDryRunShowsWhatItWouldWriteButNotTheToken() throws Exception {
    install(url(), true);
    assertThat(inRoot(FirstBootReport.UNIT)).doesNotExist();
    assertThat(rec.lines("dry-run"))
        .anyMatch(l -> l.contains("lui-first-boot.service"))
        .noneMatch(l -> l.contains(TOKEN));
  }

  @Test
  void withCurlTheScriptPostsOnceWithTheBearerTokenAndThenDisablesItself() throws Exception {
    RealTools.rootAnd("bash", "curl");
    install(url(), false);
    Map.Entry<Integer, String> r = runScript(pathWithout());
    assertThat(r.getKey()).as(r.getValue()).isZero();
    assertThat(r.getValue()).contains("HTTP 204, via curl").doesNotContain(TOKEN);
    assertThat(requests)
        .containsExactly(
            "POST /api/v1/agent/node01/first-boot auth=Bearer " + TOKEN + " length=0 body=0");
    assertThat(inRoot(FirstBootReport.WANTS)).doesNotExist();
    assertThat(Files.exists(inRoot(FirstBootReport.WANTS), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(inRoot(FirstBootReport.TOKEN_FILE)).doesNotExist();
  }

  @Test
  void withWgetButNoCurlTheScriptStillReports() throws Exception {
    RealTools.rootAnd("bash", "wget");
    install(url(), false);
    Map.Entry<Integer, String> r = runScript(pathWithout("curl"));
    assertThat(r.getKey()).as(r.getValue()).isZero();
    assertThat(r.getValue()).contains("via wget").doesNotContain(TOKEN);
    assertThat(requests)
        .hasSize(1)
        .first()
        .asString()
        .startsWith("POST /api/v1/agent/node01/first-boot auth=Bearer " + TOKEN + " length=0");
    assertThat(inRoot(FirstBootReport.TOKEN_FILE)).doesNotExist();
  }

  @Test
  void withNeitherCurlNorWgetBashAloneSendsACorrectHttp11Request() throws Exception {
    RealTools.rootAnd("bash");
    install(url(), false);
    Map.Entry<Integer, String> r = runScript(pathWithout("curl", "wget"));
    assertThat(r.getKey()).as(r.getValue()).isZero();
    assertThat(r.getValue()).contains("HTTP 204, via bash").doesNotContain(TOKEN);
    assertThat(requests)
        .containsExactly(
            "POST /api/v1/agent/node01/first-boot auth=Bearer " + TOKEN + " length=0 body=0");
    assertThat(inRoot(FirstBootReport.WANTS)).doesNotExist();
  }

  @Test
  void aRefusedReportGivesUpAtOnceAndStaysEnabled() throws Exception {
    RealTools.rootAnd("bash");
    status = 401;
    install(url(), false);
    for (String path : List.of(pathWithout("curl", "wget"), pathWithout())) {
      requests.clear();
      Map.Entry<Integer, String> r = runScript(path);
      assertThat(r.getKey()).as(r.getValue()).isEqualTo(1);
      assertThat(r.getValue()).contains("refused", "HTTP 401");
      assertThat(requests).hasSize(1);
    }
    assertThat(Files.isSymbolicLink(inRoot(FirstBootReport.WANTS))).isTrue();
    assertThat(inRoot(FirstBootReport.TOKEN_FILE)).exists();
  }

  @Test
  void aConflictWhileTheServerHasNotSeenTheInstallEndIsRetried() throws Exception {
    RealTools.rootAnd("bash");
    firstStatuses.add(409);
    install(url(), false);
    Map.Entry<Integer, String> r = runScript(pathWithout("curl", "wget"));
    assertThat(r.getKey()).as(r.getValue()).isZero();
    assertThat(r.getValue()).contains("(HTTP 409), attempt 1 of 2", "HTTP 204, via bash");
    assertThat(requests).hasSize(2);
  }

  @Test
  void anUnreachableServerIsRetriedThenReportedAsAFailure() throws Exception {
    RealTools.rootAnd("bash");
    int port = server.getAddress().getPort();
    server.stop(0);
    install("http://127.0.0.1:" + port + "/api/v1/agent/node01/first-boot", false);
    Map.Entry<Integer, String> r = runScript(pathWithout("curl", "wget"));
    assertThat(r.getKey()).as(r.getValue()).isEqualTo(1);
    assertThat(r.getValue())
        .contains("attempt 1 of 2", "attempt 2 of 2", "could not report the first boot");
    assertThat(Files.isSymbolicLink(inRoot(FirstBootReport.WANTS))).isTrue();
  }

  @Test
  void httpsWithoutCurlOrWgetSaysWhatIsMissing() throws Exception {
    RealTools.rootAnd("bash");
    install("https://127.0.0.1:1/x", false);
    Map.Entry<Integer, String> r = runScript(pathWithout("curl", "wget"));
    assertThat(r.getKey()).isEqualTo(1);
    assertThat(r.getValue()).contains("needs curl or wget");
  }

  @Test
  void aTargetWithoutSystemdGetsNoUnitAndANote() throws Exception {
    InstallPlan plan = TestPlans.sample().withFirstBoot(Optional.of(new FirstBoot(url(), TOKEN)));
    EventLog events = new EventLog("r", rec, Clock.systemUTC());
    new FirstBootReport()
        .run(
            new StepContext(
                plan,
                new CommandRunner(events, false),
                events,
                new Fetcher(HttpClient.newHttpClient(), Optional.empty(), Optional.empty()),
                root,
                StepContext.Environment.defaults()));
    assertThat(inRoot(FirstBootReport.TOKEN_FILE)).doesNotExist();
    assertThat(rec.lines("agent")).anyMatch(l -> l.contains("no systemd"));
  }
}
