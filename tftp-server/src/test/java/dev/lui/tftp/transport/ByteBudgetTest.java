package dev.lui.tftp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bandwidth budget, driven by a scripted clock (nanoseconds passed in). */
class ByteBudgetTest {
  private static final long SECOND = 1_000_000_000L;

  /** A greedy sender: sends a block whenever the budget allows, else waits as long as it says. */
  private static long greedyBytes(ByteBudget b, int block, long start, long seconds) {
    long now = start;
    long sent = 0;
    while (now - start < seconds * SECOND) {
      long wait = b.waitNanos(now);
      if (wait == 0) {
        b.spend(block, now);
        sent += block;
      } else {
        now += wait;
      }
    }
    return sent;
  }

  @Test
  void aGreedySenderGetsTheLimitAndNoMoreOverTenScriptedSeconds() {
    long rate = 1_000_000;
    long sent = greedyBytes(new ByteBudget(rate, 0), 1468, 0, 10);
    // The bank (a tenth of a second) and the last block are the only slack.
    assertThat(sent).isBetween(10 * rate - 1468, 10 * rate + rate / 10 + 1468);
  }

  @Test
  void largeBlocksAndSmallRatesStillAverageOut() {
    long sent = greedyBytes(new ByteBudget(10_000, 0), 65_468, 0, 100);
    assertThat(sent).isBetween(100 * 10_000L - 65_468, 100 * 10_000L + 1_000 + 65_468);
  }

  @Test
  void debtIsPaidOffInProportionToTheRate() {
    ByteBudget b = new ByteBudget(1_000_000, 0);
    b.spend(100_000 + 500_000, 0); // the bank of 100 000 and half a second of debt
    assertThat(b.waitNanos(0)).isEqualTo(SECOND / 2);
    assertThat(b.waitNanos(SECOND / 4)).isEqualTo(SECOND / 4);
    assertThat(b.waitNanos(SECOND / 2)).isZero();
  }

  @Test
  void anIdleSpellBanksAtMostATenthOfASecond() {
    ByteBudget b = new ByteBudget(1_000_000, 0);
    assertThat(b.waitNanos(3600 * SECOND)).isZero();
    b.spend(100_000, 3600 * SECOND);
    assertThat(b.waitNanos(3600 * SECOND)).isZero();
    b.spend(1, 3600 * SECOND);
    assertThat(b.waitNanos(3600 * SECOND)).isPositive();
  }

  @Test
  void worksAcrossAClockWrap() {
    long start = Long.MAX_VALUE - SECOND; // nanoTime may be anywhere, even near overflow
    long sent = greedyBytes(new ByteBudget(1_000_000, start), 1468, start, 3);
    assertThat(sent).isBetween(3_000_000L - 1468, 3_100_000L + 1468);
  }

  @Test
  void theLargestRateDoesNotOverflow() {
    ByteBudget b = new ByteBudget(ByteBudget.MAX_BYTES_PER_SECOND, 0);
    b.spend(ByteBudget.MAX_BYTES_PER_SECOND, 0);
    assertThat(b.waitNanos(0)).isBetween(SECOND * 9 / 10 - 1, SECOND * 9 / 10 + 1);
    assertThat(b.waitNanos(SECOND - 1)).isZero();
  }

  @Test
  void aRateOutsideTheRangeIsRefused() {
    assertThatThrownBy(() -> new ByteBudget(0, 0))
        .hasMessage("bytesPerSecond 0 is not in 1..8589934592");
  }
}
