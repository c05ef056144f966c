package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.IpmiSim;
import dev.lui.testkit.RealTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lui install --power-cycle --max-active 1} through a live server and real ipmi_sim BMCs:
 * one node boots at a time; the next is powered on once the first one's agent fetched its plan.
 */
@Tag("slow")
class WavesAgainstIpmiSimTest {
  @TempDir Path dir;

  private final List<IpmiSim> sims = new ArrayList<>();
  private LiveServer lui;

  @AfterEach
  void stop() throws Exception {
    if (lui != null) {
      lui.close();
    }
    for (IpmiSim sim : sims) {
      sim.close();
    }
  }

  @Test
  void oneNodeBootsAtATimeAndTheNextStartsAtTheFirstOnesPlanFetch() throws Exception {
    RealTools.programs("ipmi_sim", "ipmitool");
    lui =
        new LiveServer(
                dir.resolve("state"),
                c ->
                    c.withPower(
                        p ->
                            p.withCipherSuite(3)
                                .withTimeouts(1, 1)
                                .withWaveTick(Duration.ofMillis(200))))
            .withSystem();
    Path pw = lui.state.resolve("bmc-secrets/default");
    Files.writeString(pw, IpmiSim.PASSWORD + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    for (int i = 1; i <= 2; i++) {
      IpmiSim sim = IpmiSim.builder().start(dir.resolve("bmc" + i));
      sims.add(sim);
      LiveServer.Result r =
          lui.lui(
              "define-node",
              "n0" + i,
              "--mac",
              "52:54:00:00:02:0" + i,
              "--ip",
              "10.0.0.2" + i,
              "--netmask",
              "255.255.255.0",
              "--resource",
              LiveServer.SYSTEM,
              "--bmc",
              "ipmi://" + IpmiSim.USER + "@127.0.0.1:" + sim.port());
      assertThat(r.code()).as(r.err()).isZero();
    }

    LiveServer.Result r = lui.lui("install", "n01,n02", "--power-cycle", "--max-active", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("nodes wait to be powered on, at most 1 booting at once");

    awaitStatus("n01", "powered on at");
    assertThat(status("n02")).contains("waiting in wave w-");
    Thread.sleep(1000);
    assertThat(sims.get(1).started()).as("n02 not powered while n01 boots").isEmpty();
    assertThat(sims.get(0).started()).hasSize(1);

    // n01's agent fetches its plan: its first event.
    HttpResponse<String> plan =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/api/v1/agent/n01/plan"))
                    .header("Authorization", "Bearer " + lui.nodeToken("n01"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(plan.statusCode()).isEqualTo(200);

    awaitStatus("n02", "powered on at");
    assertThat(status("n01")).contains("installing");
    assertThat(sims.get(1).started()).hasSize(1);
  }

  /** A live server with the given boot watch, and {@code count} nodes each behind an ipmi_sim. */
  private void start(dev.lui.core.config.WaveWatch watch, int count) throws Exception {
    RealTools.programs("ipmi_sim", "ipmitool");
    lui =
        new LiveServer(
                dir.resolve("state"),
                c ->
                    c.withPower(
                        p ->
                            p.withCipherSuite(3)
                                .withTimeouts(1, 1)
                                .withWaveTick(Duration.ofMillis(200))
                                .withWatch(watch)))
            .withSystem();
    Path pw = lui.state.resolve("bmc-secrets/default");
    Files.writeString(pw, IpmiSim.PASSWORD + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    for (int i = 1; i <= count; i++) {
      IpmiSim sim = IpmiSim.builder().start(dir.resolve("bmc" + i));
      sims.add(sim);
      LiveServer.Result r =
          lui.lui(
              "define-node",
              "n0" + i,
              "--mac",
              "52:54:00:00:02:0" + i,
              "--ip",
              "10.0.0.2" + i,
              "--netmask",
              "255.255.255.0",
              "--resource",
              LiveServer.SYSTEM,
              "--bmc",
              "ipmi://" + IpmiSim.USER + "@127.0.0.1:" + sim.port());
      assertThat(r.code()).as(r.err()).isZero();
    }
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + path));
    if (!token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aStalledBootPausesTheWaveUntilItIsResumedAndStatusSaysWhy() throws Exception {
    start(dev.lui.core.config.WaveWatch.of("1h", "6s", 3), 3);
    LiveServer.Result r = lui.lui("install", "n[01-03]", "--power-cycle", "--max-active", "2");
    assertThat(r.code()).as(r.err()).isZero();
    awaitStatus("n02", "powered on at");
    // n01's firmware fetches its boot entry over HTTP; n02 gets nothing.
    assertThat(get("/pxelinux.cfg/01-52-54-00-00-02-01", "").statusCode()).isEqualTo(200);
    awaitStatus("n01", "first boot file served at");

    String paused = awaitStatus("", "paused: no boot file served to n02 within 6s of power-on");
    assertThat(paused)
        .containsPattern("n03 +defined +\\S+ +waiting in wave w-[0-9a-f]{8} \\(paused\\)")
        .contains("or now with 'lui install --resume NODES'");
    assertThat(lui.lui("show-node", "n01").out()).containsPattern("boot file: 20\\d\\d-");
    assertThat(lui.lui("status", "--json").out()).contains("\"firstBootFile\"", "\"paused\"");

    // n01's agent calls: a place is free, but the wave stays paused.
    assertThat(get("/api/v1/agent/n01/plan", lui.nodeToken("n01")).statusCode()).isEqualTo(200);
    Thread.sleep(1000);
    assertThat(status("n03")).contains("(paused)");
    assertThat(sims.get(2).started()).isEmpty();

    LiveServer.Result resume = lui.lui("install", "--resume", "n03");
    assertThat(resume.code()).as(resume.err()).isZero();
    assertThat(resume.out()).matches("wave w-[0-9a-f]{8} resumed: 1 waiting, 1 booting\n");
    awaitStatus("n03", "powered on at");
    assertThat(sims.get(2).started()).hasSize(1);

    LiveServer.Result nothing = lui.lui("install", "--resume", "n01", "--power-cycle");
    assertThat(nothing.code()).isEqualTo(2);
    assertThat(nothing.err()).contains("--resume arms and powers nothing");
  }

  @Test
  void aNodeWhoseAgentNeverCallsFailsAtTheBootTimeoutAndTheNextStarts() throws Exception {
    start(dev.lui.core.config.WaveWatch.of("3s", "2s", 3), 2);
    LiveServer.Result r = lui.lui("install", "n01,n02", "--power-cycle", "--max-active", "1");
    assertThat(r.code()).as(r.err()).isZero();
    awaitStatus("n01", "no agent call within 3s of power-on");
    assertThat(status("n01")).contains("failed");
    awaitStatus("n02", "powered on at");
    assertThat(sims.get(1).started()).hasSize(1);
  }

  private String status(String node) {
    LiveServer.Result r = node.isEmpty() ? lui.lui("status") : lui.lui("status", node);
    assertThat(r.code()).as(r.err()).isZero();
    return r.out();
  }

  /** The status of {@code node} (every node, for "") once it contains {@code text}. */
  private String awaitStatus(String node, String text) throws InterruptedException {
    String last = "";
    for (int i = 0; i < 300 && !last.contains(text); i++) {
      Thread.sleep(100);
      last = status(node);
    }
    assertThat(last).contains(text);
    return last;
  }
}
