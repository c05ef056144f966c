package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.tftp.TftpServerConfig.RefusalLimit;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-source refusal buckets, driven by a scripted clock (nanoseconds passed in). */
class RefusalLimiterTest {
  private static final long MS = 1_000_000L;
  private static final InetAddress A = addr("10.0.0.1");
  private static final InetAddress B = addr("10.0.0.2");

  private static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static int answered(RefusalLimiter l, InetAddress src, int requests, long now) {
    int n = 0;
    for (int i = 0; i < requests; i++) {
      if (l.tryRefuse(src, now)) {
        n++;
      }
    }
    return n;
  }

  @Test
  void aFloodingSourceGetsAtMostTheBurstAnsweredWithinOneRefillInterval() {
    RefusalLimiter l = new RefusalLimiter(new RefusalLimit(10, Duration.ofMillis(100)));
    // 1000 refused requests, all within the same 99 ms: only the burst is answered.
    int n = 0;
    for (int i = 0; i < 1000; i++) {
      if (l.tryRefuse(A, i * 99 * MS / 1000)) {
        n++;
      }
    }
    assertThat(n).isEqualTo(10);
    assertThat(l.exhausted(A, 99 * MS)).isTrue();
  }

  @Test
  void tokensComeBackOnePerIntervalUpToTheBurst() {
    RefusalLimiter l = new RefusalLimiter(new RefusalLimit(5, Duration.ofMillis(100)));
    assertThat(answered(l, A, 50, 0)).isEqualTo(5);
    assertThat(answered(l, A, 50, 250 * MS)).isEqualTo(2); // two intervals passed
    assertThat(answered(l, A, 50, 299 * MS)).isZero(); // the third is not complete yet
    assertThat(answered(l, A, 50, 300 * MS)).isEqualTo(1); // remainder kept: on schedule
    assertThat(answered(l, A, 50, 3_600_000 * MS)).isEqualTo(5); // never more than the burst
  }

  @Test
  void sourcesAreLimitedIndependently() {
    RefusalLimiter l = new RefusalLimiter(new RefusalLimit(3, Duration.ofSeconds(60)));
    assertThat(answered(l, A, 100, 0)).isEqualTo(3);
    assertThat(l.exhausted(A, 0)).isTrue();
    assertThat(l.exhausted(B, 0)).isFalse();
    assertThat(answered(l, B, 100, 0)).isEqualTo(3);
  }

  @Test
  void aSourceNeverRefusedIsNotExhaustedAndNotTracked() {
    RefusalLimiter l = new RefusalLimiter(new RefusalLimit(1, Duration.ofSeconds(60)));
    assertThat(l.exhausted(A, 0)).isFalse();
    assertThat(l.trackedSources()).isZero();
  }

  @Test
  void memoryIsBoundedByForgettingTheLeastRecentlySeenSource() {
    RefusalLimiter l = new RefusalLimiter(new RefusalLimit(1, Duration.ofSeconds(60)), 2);
    l.tryRefuse(A, 0);
    l.tryRefuse(B, 0);
    l.tryRefuse(addr("10.0.0.3"), 0);
    assertThat(l.trackedSources()).isEqualTo(2);
    assertThat(l.exhausted(A, 0)).isFalse(); // forgotten: starts again with a full bucket
    assertThat(l.exhausted(B, 0)).isTrue();
  }

  @Test
  void clockWrapDoesNotBreakRefills() {
    RefusalLimiter l = new RefusalLimiter(new RefusalLimit(2, Duration.ofMillis(1)));
    long start = Long.MAX_VALUE - MS / 2; // nanoTime may be anywhere, even near overflow
    assertThat(answered(l, A, 10, start)).isEqualTo(2);
    assertThat(answered(l, A, 10, start + 2 * MS)).isEqualTo(2);
  }

  @Test
  void badLimitsAreRefusedWithTheFieldAndRule() {
    assertThatThrownBy(() -> new RefusalLimit(0, Duration.ofSeconds(1)))
        .hasMessage("refusal burst 0 must be >= 1");
    assertThatThrownBy(() -> new RefusalLimit(5, Duration.ZERO))
        .hasMessage("refusal refillEvery PT0S must be positive");
  }
}
