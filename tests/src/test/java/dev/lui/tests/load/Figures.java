package dev.lui.tests.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What a load run measured, from every agent thread at once. Thread-safe. */
final class Figures {
  /** The agent's calls, by what they are for. */
  enum Call {
    PLAN,
    CONTENT,
    EVENTS,
    FIRST_BOOT,
    OTHER;

    static Call of(String method, String path) {
      if (path.endsWith("/plan")) {
        return PLAN;
      }
      if (path.contains("/content/")) {
        return CONTENT;
      }
      if (path.endsWith("/events")) {
        return EVENTS;
      }
      if (path.endsWith("/first-boot")) {
        return FIRST_BOOT;
      }
      return OTHER;
    }
  }

  private final Map<Call, List<Long>> nanos = new EnumMap<>(Call.class);
  private final List<String> errors = new ArrayList<>();
  private final AtomicLong errorCount = new AtomicLong();
  final AtomicLong payloadBytes = new AtomicLong();
  final AtomicLong downloads = new AtomicLong();
  final AtomicLong downloadNanos = new AtomicLong(); // summed over downloads
  final AtomicLong maxDownloadNanos = new AtomicLong();
  final AtomicLong firstDownloadStart = new AtomicLong(Long.MAX_VALUE);
  final AtomicLong lastDownloadEnd = new AtomicLong();

  synchronized void record(Call call, long nanos, int status, String what) {
    this.nanos.computeIfAbsent(call, c -> new ArrayList<>()).add(nanos);
    if (status / 100 != 2) {
      error(call + " " + what + ": HTTP " + status);
    }
  }

  synchronized void failed(Call call, long nanos, String what) {
    this.nanos.computeIfAbsent(call, c -> new ArrayList<>()).add(nanos);
    error(call + " " + what);
  }

  /** Something an agent or the check found wrong; the first 20 are kept for the report. */
  synchronized void error(String what) {
    errorCount.incrementAndGet();
    if (errors.size() < 20) {
      errors.add(what);
    }
  }

  void download(long start, long end, long bytes) {
    payloadBytes.addAndGet(bytes);
    downloads.incrementAndGet();
    downloadNanos.addAndGet(end - start);
    maxDownloadNanos.accumulateAndGet(end - start, Math::max);
    firstDownloadStart.accumulateAndGet(start, Math::min);
    lastDownloadEnd.accumulateAndGet(end, Math::max);
  }

  long errorCount() {
    return errorCount.get();
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  /** Milliseconds at {@code quantile} (0..1) of one call's latencies, or -1 without any. */
  synchronized double millisAt(Call call, double quantile) {
    List<Long> l = nanos.get(call);
    if (l == null || l.isEmpty()) {
      return -1;
    }
    long[] a = l.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    int i = (int) Math.min(a.length - 1, Math.ceil(quantile * a.length) - 1);
    return a[Math.max(0, i)] / 1e6;
  }

  synchronized int count(Call call) {
    List<Long> l = nanos.get(call);
    return l == null ? 0 : l.size();
  }

  /** The slowest call of any kind, to its response headers, in milliseconds. */
  synchronized double maxMillis() {
    return nanos.values().stream().flatMap(List::stream).mapToLong(Long::longValue).max().orElse(0)
        / 1e6;
  }
}
