package dev.lui.tftp.transport;

import dev.lui.tftp.TftpServerConfig.Admission;

/**
 * The bandwidth limit as a byte budget: it earns {@code bytesPerSecond}, may bank at most a tenth
 * of a second's worth (so an idle spell does not buy a burst), and goes into debt when a step sends
 * more than it holds. While in debt the transport handles no packets, so the average rate stays at
 * the limit and every ready transfer still gets its turn each round. The clock is passed in
 * (monotonic nanoseconds). Not thread-safe: the transport thread owns it.
 */
final class ByteBudget {
  private static final long NANOS = 1_000_000_000L;

  /** Largest limit accepted: keeps the arithmetic below in a long. */
  static final long MAX_BYTES_PER_SECOND = Admission.MAX_BYTES_PER_SECOND;

  private final long bytesPerSecond;
  private final long maxBank;
  private long balance;
  private long at;

  ByteBudget(long bytesPerSecond, long now) {
    if (bytesPerSecond < 1 || bytesPerSecond > MAX_BYTES_PER_SECOND) {
      throw new IllegalArgumentException(
          "bytesPerSecond " + bytesPerSecond + " is not in 1.." + MAX_BYTES_PER_SECOND);
    }
    this.bytesPerSecond = bytesPerSecond;
    this.maxBank = Math.max(1, bytesPerSecond / 10);
    this.balance = maxBank;
    this.at = now;
  }

  /** Records {@code bytes} as sent at {@code now} (the balance may go negative). */
  void spend(long bytes, long now) {
    update(now);
    balance -= bytes;
  }

  /** How long from {@code now} until the debt is paid off; 0 when there is none. */
  long waitNanos(long now) {
    update(now);
    if (balance >= 0) {
      return 0;
    }
    // Debt is bounded by what one round can send, far below Long.MAX_VALUE / NANOS.
    return (-balance * NANOS + bytesPerSecond - 1) / bytesPerSecond;
  }

  private void update(long now) {
    long elapsed = now - at;
    if (elapsed <= 0) {
      return;
    }
    // Split so that elapsed * rate stays in a long (rates are capped at 2^33 bytes/s); ten
    // seconds pay off any debt one round can run up.
    long earned =
        elapsed >= 10 * NANOS
            ? Long.MAX_VALUE / 2
            : (elapsed / NANOS) * bytesPerSecond + (elapsed % NANOS) * bytesPerSecond / NANOS;
    if (earned == 0) {
      return; // less than a byte so far: keep the time, earn it later
    }
    balance = Math.min(maxBank, balance + earned);
    at = now;
  }
}
