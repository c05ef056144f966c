package dev.lui.core.timeline;

import dev.lui.contract.event.AgentEvent;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.Run;
import dev.lui.core.store.TransferEntry;
import dev.lui.core.timeline.TimelineEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Timeline events made from what the store keeps: one factory per source. */
final class Events {
  private Events() {}

  /** Transfer outcomes that went wrong (TFTP's and HTTP's); a client's abort is its own choice. */
  static final Set<String> FAILED = Set.of("failed", "denied", "timed_out", "not_found");

  static TimelineEvent simple(Instant at, Kind kind, String title, String detail, boolean failure) {
    return new TimelineEvent(at, kind, title, detail, Optional.empty(), failure);
  }

  /**
   * A boot file at the start of its transfer (a timed one is recorded when it ends): {@code tftp
   * completed, 42.3 KiB, client 10.0.0.13:2070}, {@code tftp not found: REASON, client ...}.
   */
  static TimelineEvent bootFile(TransferEntry t) {
    boolean http = t.client().startsWith("http:");
    boolean failed = FAILED.contains(t.outcome());
    String detail =
        (http ? "http " : "tftp ")
            + t.outcome().replace('_', ' ')
            + (failed && t.bytes() == 0 ? "" : ", " + bytes(t.bytes()))
            + t.detail().filter(d -> !d.isBlank()).map(d -> ": " + d).orElse("")
            + ", client "
            + (http ? t.client().substring("http:".length()) : t.client());
    Instant start = t.elapsed().map(t.time()::minus).orElse(t.time());
    return new TimelineEvent(start, Kind.BOOT_FILE, t.path(), detail, t.elapsed(), failed);
  }

  static TimelineEvent planFetch(Run r) {
    return simple(
        r.opened(), Kind.PLAN_FETCH, "plan fetched", r.kind().wireName() + " run " + r.id(), false);
  }

  /**
   * Steps (each {@code step-started} paired with the next {@code step-finished} of that step: one
   * event at its start, with its duration), the install's end and the first disk boot.
   *
   * @param failure the reason to give a failed end instead of the agent's summary
   */
  static List<TimelineEvent> ofRun(List<LogEntry> log, Optional<String> failure) {
    List<TimelineEvent> out = new ArrayList<>();
    Map<String, Integer> open = new HashMap<>();
    // As the server records it: the first failed step's error wins over the agent's summary.
    Optional<String> firstError = Optional.empty();
    for (LogEntry e : log) {
      String step = e.step().orElse("?");
      String kind = e.kind();
      if (kind.equals(AgentEvent.Kind.STEP_STARTED.json())) {
        open.put(step, out.size());
        out.add(simple(e.time(), Kind.STEP, step, "not finished", false));
      } else if (kind.equals(AgentEvent.Kind.STEP_FINISHED.json())) {
        Integer at = open.remove(step);
        boolean ok = e.ok().orElse(true);
        String detail = ok ? "" : e.text().orElse("failed");
        if (!ok && firstError.isEmpty()) {
          firstError = Optional.of(step + ": " + detail);
        }
        if (at == null) {
          out.add(simple(e.time(), Kind.STEP, step, detail, !ok));
        } else {
          TimelineEvent start = out.get(at);
          Duration took = Duration.between(start.at(), e.time());
          out.set(
              at,
              new TimelineEvent(
                  start.at(),
                  Kind.STEP,
                  step,
                  detail,
                  Optional.of(took.isNegative() ? Duration.ZERO : took),
                  !ok));
        }
      } else if (kind.equals(AgentEvent.Kind.INSTALL_FINISHED.json())) {
        Optional<String> stepError = firstError;
        out.add(
            e.ok().orElse(false)
                ? simple(e.time(), Kind.INSTALLED, "installed", e.text().orElse(""), false)
                : simple(
                    e.time(),
                    Kind.FAILED,
                    "failed",
                    failure.or(() -> stepError).or(e::text).orElse("the install failed"),
                    true));
      } else if (kind.equals("first-boot")) {
        out.add(
            simple(
                e.time(),
                Kind.FIRST_BOOT,
                "first disk boot",
                "verified: " + e.text().orElse("the installed system reported its first boot"),
                false));
      }
    }
    return out;
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 20.0 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String units = "KMGTPE";
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length() - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %siB", v, units.charAt(u));
  }
}
