package dev.lui.tests.load;

import dev.lui.agent.report.EventLog;
import dev.lui.agent.report.HttpReporter;
import dev.lui.contract.AgentApi;
import dev.lui.contract.event.DiskSelected;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.Payload;
import dev.lui.contract.plan.PlanCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One node's agent over the real API, with the agent's own reporter: fetch the plan (which opens
 * the run), download every payload checking its SHA-256 (into no file: the disk is not under test),
 * stream {@code lines} log lines through {@link EventLog} and {@link HttpReporter} with the agent's
 * default batching, report {@code install-finished}, then the installed system's first-boot call
 * with the same token.
 */
final class SimulatedAgent {
  /** The stream of the generated lines, which the check counts. */
  static final String STREAM = "load";

  private final URI server;
  private final String node;
  private final String token;
  private final HttpClient http;
  private final Figures figures;
  private final int lines;
  private final Duration lineInterval;

  SimulatedAgent(
      URI server,
      String node,
      String token,
      HttpClient http,
      Figures figures,
      int lines,
      Duration lineInterval) {
    this.server = server;
    this.node = node;
    this.token = token;
    this.http = http;
    this.figures = figures;
    this.lines = lines;
    this.lineInterval = lineInterval;
  }

  /** The text of line {@code i} (from 1) of {@code node}: what the check looks for. */
  static String line(String node, int i) {
    return node + " line " + i + " of the simulated install, about as long as a tar or mkfs line";
  }

  /** Runs the install; false (and an error in the figures) if any part of it failed. */
  boolean run() throws InterruptedException {
    HttpResponse<String> planResponse;
    try {
      planResponse = fetchPlan();
    } catch (IOException e) {
      figures.error(node + ": no plan: " + e.getMessage());
      return false;
    }
    Optional<String> runId = planResponse.headers().firstValue(AgentApi.RUN_HEADER);
    if (runId.isEmpty()) {
      figures.error(node + ": the plan came without a " + AgentApi.RUN_HEADER + " header");
      return false;
    }
    InstallPlan plan;
    try {
      plan = PlanCodec.fromJson(planResponse.body());
    } catch (Exception e) {
      figures.error(node + ": bad plan: " + e.getMessage());
      return false;
    }
    HttpReporter reporter =
        new HttpReporter(
            http, HttpReporter.eventsUri(server, node), token, HttpReporter.Options.defaults());
    EventLog events = new EventLog(runId.get(), reporter, Clock.systemUTC());
    boolean ok = true;
    try {
      events.log("agent", "installing node " + node + " (run " + runId.get() + ")");
      events.stepStarted("select-disk");
      events.diskSelected(
          new DiskSelected("/dev/vda", Optional.of("LOAD-" + node), Optional.empty(), 64L << 30));
      events.stepFinished("select-disk", true, Optional.empty());
      events.stepStarted("payloads");
      for (Payload p : plan.payloads()) {
        for (Payload.Source s : p.accept(SOURCES)) {
          ok &= download(s, events);
        }
      }
      events.stepFinished("payloads", ok, Optional.empty());
      events.stepStarted("scripts");
      for (int i = 1; i <= lines; i++) {
        events.log(STREAM, line(node, i));
        if (!lineInterval.isZero()) {
          Thread.sleep(lineInterval.toMillis());
        }
      }
      events.stepFinished("scripts", true, Optional.empty());
      events.installFinished(ok, ok ? Optional.empty() : Optional.of("a payload failed"));
    } finally {
      reporter.close();
    }
    if (reporter.pendingCount() > 0) {
      figures.error(node + ": " + reporter.pendingCount() + " events never delivered");
      return false;
    }
    return ok && firstBoot();
  }

  private HttpResponse<String> fetchPlan() throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(server + AgentApi.planPath(node)))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    IOException last = null;
    for (int attempt = 1; attempt <= 5; attempt++) { // as AgentMain: 5xx and I/O are retried
      try {
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 200) {
          return resp;
        }
        last = new IOException("HTTP " + resp.statusCode() + " " + resp.body());
        if (resp.statusCode() / 100 == 4) {
          throw last;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(1000L << (attempt - 1));
    }
    throw last;
  }

  /** GET with the token, through SHA-256, into nothing: what the agent's Fetcher does. */
  private boolean download(Payload.Source s, EventLog events) throws InterruptedException {
    long t0 = System.nanoTime();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(s.source()))
            .timeout(Duration.ofMinutes(30))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    try {
      HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        if (resp.statusCode() != 200) {
          return false; // counted by the client
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[256 * 1024];
        long bytes = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
          bytes += n;
        }
        String got = HexFormat.of().formatHex(md.digest());
        if (!got.equals(s.sha256())) {
          figures.error(node + ": " + s.source() + " has sha256 " + got + ", not " + s.sha256());
          return false;
        }
        figures.download(t0, System.nanoTime(), bytes);
        events.log("agent", "fetched " + s.source() + " (" + bytes + " bytes, sha256 ok)");
        return true;
      }
    } catch (IOException e) {
      figures.error(node + ": download of " + s.source() + ": " + e);
      return false;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean firstBoot() throws InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(server + AgentApi.firstBootPath(node)))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
    } catch (IOException e) {
      return false; // counted by the client
    }
  }

  /** Every fetchable source of a payload. */
  private static final Payload.Visitor<List<Payload.Source>, RuntimeException> SOURCES =
      new Payload.Visitor<>() {
        @Override
        public List<Payload.Source> tarball(Payload.Tarball p) {
          return List.of(new Payload.Source(p.source(), p.sha256()));
        }

        @Override
        public List<Payload.Source> file(Payload.FileCopy p) {
          return List.of(new Payload.Source(p.source(), p.sha256()));
        }

        @Override
        public List<Payload.Source> rpmList(Payload.RpmList p) {
          return p.packages();
        }

        @Override
        public List<Payload.Source> debList(Payload.DebList p) {
          return p.packages();
        }

        @Override
        public List<Payload.Source> kernel(Payload.Kernel p) {
          return p.initrd().isEmpty() ? List.of(p.image()) : List.of(p.image(), p.initrd().get());
        }
      };
}
