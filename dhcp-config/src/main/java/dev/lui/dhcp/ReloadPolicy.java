package dev.lui.dhcp;

import dev.lui.contract.value.InvalidValueException;
import java.time.Duration;
import java.util.Objects;

/**
 * When {@link DhcpPublisher} runs reload commands. Reloading dhcpd on every edit is what makes
 * other installers slow and trips systemd's start rate limit; so changes are collected for {@code
 * coalesce} after the first one, then reloaded once, and never sooner than {@code minInterval}
 * after the previous reload.
 *
 * @param coalesce how long after a change more changes are awaited before reloading
 * @param minInterval shortest time between the starts of two reloads
 */
public record ReloadPolicy(Duration coalesce, Duration minInterval) {
  public ReloadPolicy {
    Objects.requireNonNull(coalesce, "coalesce");
    Objects.requireNonNull(minInterval, "minInterval");
    if (coalesce.isNegative() || minInterval.isNegative()) {
      throw new InvalidValueException(
          "reload policy",
          coalesce + ", " + minInterval,
          "durations must be >= 0",
          "reload policy '"
              + coalesce
              + ", "
              + minInterval
              + "' is invalid: durations must be >= 0");
    }
  }

  /** Reload inside {@code publish}, after each change (failures are thrown from publish). */
  public static ReloadPolicy immediate() {
    return new ReloadPolicy(Duration.ZERO, Duration.ZERO);
  }

  /** A sensible deferred policy: 2 s to collect a batch, at most one reload per 10 s. */
  public static ReloadPolicy coalescing() {
    return new ReloadPolicy(Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  public boolean isImmediate() {
    return coalesce.isZero() && minInterval.isZero();
  }
}
