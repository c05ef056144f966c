package dev.lui.tftp.transport;

import dev.lui.tftp.TftpServerConfig.RefusalLimit;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-source token buckets for refusals: every error answer to a request (malformed, busy, not
 * found, denied, ...) costs its source one token; a source with none left is not answered, and its
 * further requests are dropped before they cost a socket, until a token comes back (one per {@code
 * refillEvery}, up to {@code burst}). A flood of bad requests from one address then costs little,
 * and other sources are not affected. The clock is passed in (monotonic nanoseconds), so tests
 * script it. Not thread-safe: the transport thread owns it.
 */
final class RefusalLimiter {
  /** Sources remembered at most; beyond, the least recently seen one is forgotten (full bucket). */
  static final int MAX_SOURCES = 65_536;

  private final long burst;
  private final long refillNanos;
  private final Map<InetAddress, Bucket> buckets;

  private static final class Bucket {
    long tokens;
    long refilledAt;

    Bucket(long tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  RefusalLimiter(RefusalLimit limit) {
    this(limit, MAX_SOURCES);
  }

  RefusalLimiter(RefusalLimit limit, int maxSources) {
    Objects.requireNonNull(limit, "limit");
    this.burst = limit.burst();
    this.refillNanos = Math.max(1, limit.refillEvery().toNanos());
    this.buckets =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > maxSources;
          }
        };
  }

  /** True when {@code source} may be answered a refusal now; takes a token if so. */
  boolean tryRefuse(InetAddress source, long now) {
    Bucket b = buckets.get(source);
    if (b == null) {
      buckets.put(source, new Bucket(burst - 1, now));
      return true;
    }
    refill(b, now);
    if (b.tokens <= 0) {
      return false;
    }
    b.tokens--;
    return true;
  }

  /** True when {@code source} has no token left: its next refusal would not be answered. */
  boolean exhausted(InetAddress source, long now) {
    Bucket b = buckets.get(source);
    if (b == null) {
      return false;
    }
    refill(b, now);
    return b.tokens <= 0;
  }

  int trackedSources() {
    return buckets.size();
  }

  private void refill(Bucket b, long now) {
    long elapsed = now - b.refilledAt;
    if (elapsed < refillNanos) {
      return;
    }
    long add = elapsed / refillNanos;
    if (add >= burst - b.tokens) {
      b.tokens = burst;
      b.refilledAt = now;
    } else {
      b.tokens += add;
      b.refilledAt += add * refillNanos; // keep the remainder: refills stay on schedule
    }
  }
}
