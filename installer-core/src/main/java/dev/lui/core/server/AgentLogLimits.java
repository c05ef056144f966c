package dev.lui.core.server;

import dev.lui.contract.event.AgentEvent;
import dev.lui.contract.event.EventLimits;
import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server keeps of the events a node posts ({@code AgentService.events} passes each request
 * through {@link #admit}), so one install token cannot fill the server's disk:
 *
 * <ul>
 *   <li>at most {@link EventLimits#MAX_EVENTS_PER_REQUEST} events per request, else 413;
 *   <li>{@code runId}, {@code kind}, {@code step} and {@code stream} are short identifiers without
 *       control characters, else 400 naming the field (the text is free: it is escaped when shown);
 *   <li>a text over {@link EventLimits#MAX_TEXT_BYTES} is stored cut, with a marker saying how much
 *       was cut ({@link EventLimits#truncate}); it is not refused;
 *   <li>a quota per install (every agent run under the node's current install token): at most
 *       {@code maxEvents} events or {@code maxTextBytes} of text. The event that crosses it is
 *       stored as one {@code log quota reached} line instead; later events are counted, not stored,
 *       except each run's {@code install-finished} (at most {@link #FINISHES_PAST_QUOTA} of them),
 *       so the install still ends and its result still shows.
 * </ul>
 *
 * <p>Usage is counted in memory. A run this process has not seen yet is first counted from the
 * store, so a server restart during an install does not reset that run's share.
 */
final class AgentLogLimits {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLogLimits.class);

  static final int DEFAULT_MAX_EVENTS = 50_000;
  static final long DEFAULT_MAX_TEXT_BYTES = 64L << 20;
  static final int MAX_ID_LENGTH = 128;
  static final int FINISHES_PAST_QUOTA = 16;
  private static final int SCAN_PAGE = 1000;

  private final int maxEvents;
  private final long maxTextBytes;

  /** By node name: the usage of its current install (a new token starts a new one). */
  private final Map<String, Usage> usage = new HashMap<>();

  AgentLogLimits() {
    this(DEFAULT_MAX_EVENTS, DEFAULT_MAX_TEXT_BYTES);
  }

  AgentLogLimits(int maxEvents, long maxTextBytes) {
    this.maxEvents = maxEvents;
    this.maxTextBytes = maxTextBytes;
  }

  private static final class Usage {
    final String tokenHash;
    final Set<String> runs = new HashSet<>();
    long events;
    long textBytes;
    boolean reached;
    long notStored;
    int finishesPastQuota;

    Usage(String tokenHash) {
      this.tokenHash = tokenHash;
    }
  }

  /**
   * The events to store for this request, in order: checked, texts cut, the quota applied.
   *
   * @throws LuiException 413 for too many events, 400 for a bad identifier; nothing is counted then
   */
  synchronized List<AgentEvent> admit(Store store, Node node, List<AgentEvent> events) {
    if (events.size() > EventLimits.MAX_EVENTS_PER_REQUEST) {
      throw new LuiException(
          ErrorKind.TOO_LARGE,
          "events: "
              + events.size()
              + " in one request; at most "
              + EventLimits.MAX_EVENTS_PER_REQUEST
              + " per request (send them in batches)");
    }
    for (int i = 0; i < events.size(); i++) {
      AgentEvent e = events.get(i);
      identifier("events[" + i + "].runId", e.runId(), true);
      identifier("events[" + i + "].kind", e.kindName(), true);
      identifier("events[" + i + "].step", e.step().orElse(""), false);
      identifier("events[" + i + "].stream", e.stream().orElse(""), false);
    }
    Usage u = usage.get(node.name());
    if (u == null || !u.tokenHash.equals(node.status().tokenHash())) {
      u = new Usage(node.status().tokenHash());
      usage.put(node.name(), u);
    }
    countStoredRuns(store, node.name(), u, events);
    List<AgentEvent> admitted = new ArrayList<>(events.size());
    for (AgentEvent e : events) {
      AgentEvent cut = e.text().isEmpty() ? e : e.withText(e.text().map(EventLimits::truncate));
      long bytes = cut.text().map(EventLimits::utf8Length).orElse(0L);
      boolean finish = e.kind() == AgentEvent.Kind.INSTALL_FINISHED;
      if (!u.reached && u.events + 1 <= maxEvents && u.textBytes + bytes <= maxTextBytes) {
        u.events++;
        u.textBytes += bytes;
        admitted.add(cut);
      } else if (!u.reached) {
        u.reached = true;
        u.events++;
        LOG.warn(
            "node {} reached its log quota ({} events or {} of text per install); later events are counted, not stored",
            node.name(),
            maxEvents,
            RequestBodies.size(maxTextBytes));
        admitted.add(finish ? cut : quotaMarker(e));
      } else if (finish && u.finishesPastQuota < FINISHES_PAST_QUOTA) {
        u.finishesPastQuota++;
        admitted.add(cut);
        LOG.warn("node {}: {} events over its log quota were not stored", node.name(), u.notStored);
      } else {
        u.notStored++;
      }
    }
    return admitted;
  }

  /** Events over the quota not stored for the node's current install (for tests and logs). */
  synchronized long notStored(String node) {
    Usage u = usage.get(node);
    return u == null ? 0 : u.notStored;
  }

  /** Runs of this request not seen before start from what the store already holds of them. */
  private static void countStoredRuns(Store store, String node, Usage u, List<AgentEvent> events) {
    Set<String> fresh = new HashSet<>();
    for (AgentEvent e : events) {
      if (!u.runs.contains(e.runId())) {
        fresh.add(e.runId());
      }
    }
    if (fresh.isEmpty() || u.reached) {
      return; // past the quota nothing more is stored, so there is nothing to count
    }
    u.runs.addAll(fresh);
    long after = 0;
    while (true) {
      List<LogEntry> page = store.log(node, after, SCAN_PAGE);
      for (LogEntry entry : page) {
        after = entry.id();
        if (fresh.contains(entry.runId())) {
          u.events++;
          u.textBytes += entry.text().map(EventLimits::utf8Length).orElse(0L);
        }
      }
      if (page.size() < SCAN_PAGE) {
        return;
      }
    }
  }

  private AgentEvent quotaMarker(AgentEvent e) {
    String text =
        "log quota reached: an install stores at most "
            + maxEvents
            + " events or "
            + RequestBodies.size(maxTextBytes)
            + " of text; later lines of this install are counted, not stored";
    return new AgentEvent(
        e.runId(),
        e.seq(),
        e.time(),
        AgentEvent.Kind.LOG.json(),
        e.step(),
        Optional.of("server"),
        Optional.of(text),
        Optional.empty());
  }

  private static void identifier(String field, String value, boolean required) {
    if (required && value.isBlank()) {
      throw LuiException.invalid(field, value, "required, not empty");
    }
    if (value.length() > MAX_ID_LENGTH) {
      throw LuiException.invalid(
          field
              + " '"
              + LuiException.printable(value.substring(0, 40))
              + "...': at most "
              + MAX_ID_LENGTH
              + " characters");
    }
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))) {
      throw LuiException.invalid(field, value, "control characters are not allowed");
    }
  }
}
