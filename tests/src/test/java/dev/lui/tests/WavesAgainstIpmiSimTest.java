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

  private String status(String node) {
    LiveServer.Result r = lui.lui("status", node);
    assertThat(r.code()).as(r.err()).isZero();
    return r.out();
  }

  private void awaitStatus(String node, String text) throws InterruptedException {
    String last = "";
    for (int i = 0; i < 100 && !last.contains(text); i++) {
      Thread.sleep(100);
      last = status(node);
    }
    assertThat(last).contains(text);
  }
}
