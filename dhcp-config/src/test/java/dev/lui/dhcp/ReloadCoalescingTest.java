package dev.lui.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.dhcp.formats.DhcpFormats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deferred reloads: a burst of changes gives one reload, and reloads are rate limited. */
class ReloadCoalescingTest {
  private static final Duration HOUR = Duration.ofHours(1);

  @TempDir Path dir;
  private DhcpPublisher publisher;

  @AfterEach
  void close() {
    if (publisher != null) {
      publisher.close();
    }
  }

  /** A reload command that appends a line to {@code reloads.log} per run. */
  private DhcpTarget countingTarget() {
    return DhcpFormats.iscTarget(dir.resolve("dhcpd.conf"), false)
        .withReload(
            List.of(
                "/bin/sh",
                "-c",
                "echo reload >> \"$1\"",
                "sh",
                dir.resolve("reloads.log").toString()));
  }

  private long reloads() throws Exception {
    Path log = dir.resolve("reloads.log");
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  @Test
  void fiftyPublishesInABurstReloadOnce() throws Exception {
    publisher =
        new DhcpPublisher(
            List.of(countingTarget()),
            Duration.ofSeconds(30),
            new ReloadPolicy(HOUR, Duration.ZERO));
    for (int i = 1; i <= 50; i++) {
      publisher.publish(TestHosts.many(i));
    }
    assertThat(reloads()).isZero();
    assertThat(publisher.flushReloads()).isTrue();
    assertThat(reloads()).isEqualTo(1);
  }

  @Test
  @Tag("slow")
  void thousandPublishesInABurstReloadOnce() throws Exception {
    publisher =
        new DhcpPublisher(
            List.of(countingTarget()),
            Duration.ofSeconds(30),
            new ReloadPolicy(HOUR, Duration.ZERO));
    List<DhcpHost> hosts = new ArrayList<>();
    for (DhcpHost h : TestHosts.cluster(1000)) {
      hosts.add(h);
      publisher.publish(hosts);
    }
    assertThat(reloads()).isZero();
    assertThat(publisher.reloadStatus().scheduled()).isTrue();
    assertThat(publisher.reloadStatus().pending()).containsExactly(dir.resolve("dhcpd.conf"));

    assertThat(publisher.flushReloads()).isTrue();

    assertThat(reloads()).isEqualTo(1);
    assertThat(publisher.reloadStatus().reloadsRun()).isEqualTo(1);
    assertThat(publisher.reloadStatus().pending()).isEmpty();
    assertThat(Files.readString(dir.resolve("dhcpd.conf"))).contains("host n00999 {");
  }

  @Test
  void backgroundReloadRunsThenTheRateLimitDefersTheNext() throws Exception {
    publisher =
        new DhcpPublisher(
            List.of(countingTarget()),
            Duration.ofSeconds(30),
            new ReloadPolicy(Duration.ZERO, HOUR));
    publisher.publish(TestHosts.many(1));
    // The first reload is not limited: it runs on the background thread right away.
    for (int i = 0; i < 600 && reloads() < 1; i++) {
      Thread.sleep(100);
    }
    assertThat(reloads()).isEqualTo(1);

    publisher.publish(TestHosts.many(2));

    assertThat(publisher.flushReloads()).isFalse();
    assertThat(reloads()).isEqualTo(1);
    assertThat(publisher.reloadStatus().scheduled()).isTrue();
    assertThat(publisher.reloadStatus().pending()).hasSize(1);
  }

  @Test
  void unchangedContentSchedulesNoReload() throws Exception {
    publisher =
        new DhcpPublisher(
            List.of(countingTarget()),
            Duration.ofSeconds(30),
            new ReloadPolicy(HOUR, Duration.ZERO));
    publisher.publish(TestHosts.many(3));
    publisher.flushReloads();
    publisher.publish(TestHosts.many(3));
    assertThat(publisher.reloadStatus().scheduled()).isFalse();
    assertThat(publisher.flushReloads()).isTrue();
    assertThat(reloads()).isEqualTo(1);
  }

  @Test
  void failedDeferredReloadIsKeptPendingAndReported() throws Exception {
    DhcpTarget failing =
        DhcpFormats.iscTarget(dir.resolve("dhcpd.conf"), false).withReload(List.of("/bin/false"));
    publisher =
        new DhcpPublisher(
            List.of(failing), Duration.ofSeconds(30), new ReloadPolicy(HOUR, Duration.ZERO));
    publisher.publish(TestHosts.many(2));

    assertThatThrownBy(publisher::flushReloads)
        .isInstanceOf(DhcpPublishException.class)
        .hasMessageContaining("reloading failed");

    DhcpPublisher.ReloadStatus status = publisher.reloadStatus();
    assertThat(status.pending()).hasSize(1);
    assertThat(status.lastFailure()).hasValueSatisfying(m -> assertThat(m).contains("/bin/false"));
    assertThat(status.reloadsFailed()).as("failed rounds, for /metrics").isEqualTo(1);
    // The new file stays: it validated.
    assertThat(Files.readString(dir.resolve("dhcpd.conf"))).contains("host node001 {");
  }

  @Test
  void refusesNegativeDurationsNamingThem() {
    assertThatThrownBy(() -> new ReloadPolicy(Duration.ofSeconds(-1), Duration.ZERO))
        .hasMessage("reload policy 'PT-1S, PT0S' is invalid: durations must be >= 0");
  }
}
