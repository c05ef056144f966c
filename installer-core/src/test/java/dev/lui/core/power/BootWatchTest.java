package dev.lui.core.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.Fixtures;
import dev.lui.core.config.WaveWatch;
import dev.lui.core.domain.Node;
import dev.lui.core.store.MemoryStore;
import dev.lui.core.store.Store;
import dev.lui.core.store.TransferEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A node's first boot file, and the boot watch's settings. */
class BootWatchTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  final Store store = new MemoryStore();

  private void transfer(String node, Instant at, String path, String outcome) {
    store.recordTransfer(
        new TransferEntry(at, "10.0.0.9:2000", path, 10, outcome, Optional.of(node)));
  }

  @Test
  void theFirstBootFileIsTheFirstServedAfterPowerOn() {
    Node n = Fixtures.node(1);
    Node armed = n.withStatus(n.status().inWave("w-1").poweredOnAt(T0.plusSeconds(60)));
    store.putNode(armed);
    transfer("n01", T0.plusSeconds(10), "pxelinux.0", "completed"); // an earlier boot
    transfer("n01", T0.plusSeconds(61), "pxelinux.cfg/01-52-54-00-00-00-01", "not_found");
    transfer("n01", T0.plusSeconds(62), "pxelinux.0", "timed_out");
    transfer("n02", T0.plusSeconds(63), "pxelinux.0", "completed"); // another node
    assertThat(BootWatch.firstBootFile(store, armed)).isEmpty();
    transfer("n01", T0.plusMillis(64_500), "pxelinux.0", "completed");
    transfer("n01", T0.plusSeconds(66), "lui/vmlinuz", "served");
    assertThat(BootWatch.firstBootFile(store, armed)).contains(T0.plusMillis(64_500));
  }

  @Test
  void aNodeLuiDidNotPowerCountsFromItsArmingThenFromBeforeItsAgentCalled() {
    Node n = Fixtures.node(1); // armed when defined, at its status's since
    Instant armed = n.status().since();
    transfer("n01", armed.minusSeconds(5), "pxelinux.0", "completed");
    transfer("n01", armed.plusSeconds(5), "pxelinux.0", "completed");
    assertThat(BootWatch.firstBootFile(store, n)).contains(armed.plusSeconds(5));
    Node installing = n.withStatus(n.status().installing(armed.plusSeconds(30)));
    assertThat(BootWatch.firstBootFile(store, installing))
        .as("within an hour before the agent's first call")
        .contains(armed.minusSeconds(5));
  }

  @Test
  void settingsAreCheckedNamingTheirFlag() {
    assertThat(WaveWatch.of("20m", "5m", 3)).isEqualTo(WaveWatch.defaults());
    assertThat(WaveWatch.of("2h", "90s", 1).stallAfter()).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> WaveWatch.of("20 minutes", "5m", 3))
        .hasMessage("--boot-timeout '20 minutes': a duration like 90s, 5m or 1h");
    assertThatThrownBy(() -> WaveWatch.of("25h", "5m", 3))
        .hasMessage("--boot-timeout '25h': between 1s and 24h");
    assertThatThrownBy(() -> WaveWatch.of("0s", "5m", 3)).hasMessageStartingWith("--boot-timeout");
    assertThatThrownBy(() -> WaveWatch.of("10m", "10m", 3))
        .hasMessageStartingWith(
            "--wave-stall-after '10m': must be shorter than --boot-timeout (10m)");
    assertThatThrownBy(() -> WaveWatch.of("20m", "5m", 0))
        .hasMessage("--wave-pause-failures '0': 1-10000");
    assertThat(WaveWatch.words(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(WaveWatch.words(Duration.ofHours(2))).isEqualTo("2h");
  }
}
