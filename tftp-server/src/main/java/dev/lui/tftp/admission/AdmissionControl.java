package dev.lui.tftp.admission;

import dev.lui.tftp.TftpServerConfig.Admission;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Who holds the transfer slots, and who gets the next one. Knows no sockets: the transport reports
 * what happens (a request arrives, a transfer starts, its client answers for the first time, it
 * ends) and carries out the {@link Decision}s it gets back. The clock is passed in (monotonic
 * nanoseconds), so tests script it. Not thread-safe: the transport thread owns it.
 *
 * <p>A request is decided by these rules, in order:
 *
 * <ol>
 *   <li><b>Per client address</b> at most {@code maxPerClient} slots: past it the client's own
 *       oldest unanswered transfer is evicted for the request, or, if all of its transfers have
 *       been answered, the request is refused.
 *   <li>A <b>free slot</b> is taken at once.
 *   <li><b>Pressure</b>: every slot is taken and a request needs one. A transfer whose client has
 *       not answered once (no ACK of the first DATA or OACK, no first DATA of an upload) and that
 *       started at least {@code stallGrace} ago is <em>stalled</em>. A stalled slot is reclaimed
 *       for the request: the oldest one of the source holding the most unanswered transfers, and
 *       only from a source that holds more slots than the requester (or from the requester itself).
 *       Answered transfers are never evicted; without pressure nothing is, and a slow client's
 *       transfer runs its normal timeouts and retries.
 *   <li>Otherwise the request <b>waits</b>: at most {@code maxQueued} of them, each at most {@code
 *       maxWait}. Waiting requests are served fairly: the one whose source holds the fewest slots
 *       first, then in arrival order; each may reclaim a stalled slot by rule 3. When the queue is
 *       full, the newest waiting request of the source with the most slots and waiting requests
 *       together gives way (refused as busy) if that source has at least two more than the
 *       newcomer; else the newcomer is refused.
 * </ol>
 *
 * A source that floods never-acknowledged requests so competes with itself: its own slots are the
 * ones reclaimed, and its waiting requests come last.
 *
 * @param <S> what runs in a slot (the transport's session)
 * @param <R> what waits for a slot (the transport's request and client)
 */
public final class AdmissionControl<S, R> {
  /** Durations are capped here so that deadline arithmetic on nanoTime values cannot overflow. */
  private static final long MAX_NANOS = 1L << 61;

  /** What to do with a request; {@link #applyTo} calls the matching {@link Handler} method. */
  public sealed interface Decision<S, R> permits Start, Wait, Refuse {
    R request();

    void applyTo(Handler<S, R> handler);
  }

  /** Start the request now, after ending the evicted transfer (if any) silently. */
  public record Start<S, R>(R request, Optional<Eviction<S>> evict) implements Decision<S, R> {
    public Start {
      Objects.requireNonNull(evict, "evict");
    }

    @Override
    public void applyTo(Handler<S, R> handler) {
      handler.start(request, evict);
    }
  }

  /** The request waits for a slot; {@link #nextWaiting} decides it later. */
  public record Wait<S, R>(R request) implements Decision<S, R> {
    @Override
    public void applyTo(Handler<S, R> handler) {
      handler.waiting(request);
    }
  }

  /** Refuse the request; {@code detail} says why, for the record. */
  public record Refuse<S, R>(R request, Refusal reason, String detail) implements Decision<S, R> {
    public Refuse {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public void applyTo(Handler<S, R> handler) {
      handler.refuse(request, reason, detail);
    }
  }

  public enum Refusal {
    /** No slot and no room to wait, or the wait ran out. */
    BUSY,
    /** The client's address already runs {@code maxPerClient} transfers, all answered. */
    CLIENT_CAP
  }

  /**
   * A transfer to end silently to make room. Its slot is already free when the decision is made;
   * {@link #release} for it is then a no-op.
   */
  public record Eviction<S>(S session, Cause cause, String detail) {
    public Eviction {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(detail, "detail");
    }
  }

  public enum Cause {
    /** The client's own oldest unanswered transfer, for its new request past the per-client cap. */
    CLIENT_CAP,
    /** A stalled transfer, reclaimed under pressure for another request. */
    RECLAIMED
  }

  /** What the transport does for each kind of decision. */
  public interface Handler<S, R> {
    void start(R request, Optional<Eviction<S>> evict);

    void waiting(R request);

    void refuse(R request, Refusal reason, String detail);
  }

  /** A running transfer's hold on a slot, from {@link #occupy}. */
  public static final class Slot<S> {
    private final S session;
    private final InetAddress source;
    private final long startedNanos;
    private final long seq;
    private boolean answered;
    private boolean released;

    private Slot(S session, InetAddress source, long startedNanos, long seq) {
      this.session = session;
      this.source = source;
      this.startedNanos = startedNanos;
      this.seq = seq;
    }

    public S session() {
      return session;
    }

    /** True once the client has answered: the transfer is never evicted from then on. */
    public boolean answered() {
      return answered;
    }

    /** True once the slot is free again (ended, or evicted). */
    public boolean released() {
      return released;
    }

    private boolean olderThan(Slot<?> other) {
      return startedNanos - other.startedNanos < 0
          || (startedNanos == other.startedNanos && seq < other.seq);
    }
  }

  private static final class Waiting<R> {
    final R request;
    final InetAddress source;
    final long arrivedNanos;
    final long seq;

    Waiting(R request, InetAddress source, long arrivedNanos, long seq) {
      this.request = request;
      this.source = source;
      this.arrivedNanos = arrivedNanos;
      this.seq = seq;
    }
  }

  /** One client address: its slots and its waiting requests. Dropped when it has neither. */
  private static final class Source<S, R> {
    final InetAddress address;
    int held;
    final LinkedHashSet<Slot<S>> unanswered = new LinkedHashSet<>(); // start order
    final ArrayDeque<Waiting<R>> waiting = new ArrayDeque<>(); // arrival order

    Source(InetAddress address) {
      this.address = address;
    }

    int load() {
      return held + waiting.size();
    }
  }

  private final int maxTransfers;
  private final int maxQueued;
  private final int maxPerClient;
  private final long maxWaitNanos;
  private final long graceNanos;
  private final Map<InetAddress, Source<S, R>> sources = new HashMap<>();
  private final LinkedHashSet<Slot<S>> unanswered =
      new LinkedHashSet<>(); // every source's, by start
  private final LinkedHashSet<Waiting<R>> waiting =
      new LinkedHashSet<>(); // every source's, by arrival
  private final ArrayDeque<Waiting<R>> displaced = new ArrayDeque<>(); // to refuse as busy
  private int running;
  private long seq;
  // The queue could not move at `stuckAt` (a count of changes that could let it move: a slot
  // freed, a request came or went) and need not be looked at again before one more such change,
  // or before `stuckUntil`, when the next unanswered transfer becomes stalled.
  private long changes;
  private long stuckAt = -1;
  private boolean stuckHasEnd;
  private long stuckUntil;

  public AdmissionControl(Admission admission) {
    Objects.requireNonNull(admission, "admission");
    this.maxTransfers = admission.maxTransfers();
    this.maxQueued = admission.maxQueued();
    this.maxPerClient = admission.maxPerClient();
    this.maxWaitNanos = nanos(admission.maxWait());
    this.graceNanos = nanos(admission.stallGrace());
  }

  /** Decides a new request from {@code source}. */
  public Decision<S, R> offer(InetAddress source, R request, long now) {
    Objects.requireNonNull(source, "source");
    Source<S, R> src = sources.get(source);
    int held = src == null ? 0 : src.held;
    if (held >= maxPerClient) {
      return perClientCap(src, request);
    }
    if (running < maxTransfers) {
      return new Start<>(request, Optional.empty());
    }
    if (waiting.isEmpty()) {
      Optional<Eviction<S>> reclaimed = reclaimFor(source, held, now);
      if (reclaimed.isPresent()) {
        return new Start<>(request, reclaimed);
      }
    }
    if (waiting.size() >= maxQueued && !displaceFor(src)) {
      return new Refuse<>(
          request,
          Refusal.BUSY,
          "server busy: " + running + " transfers running, " + waiting.size() + " waiting");
    }
    Source<S, R> s = sources.computeIfAbsent(source, Source::new);
    Waiting<R> w = new Waiting<>(request, source, now, seq++);
    s.waiting.addLast(w);
    waiting.add(w);
    changes++;
    return new Wait<>(request);
  }

  /**
   * The next decision about a waiting request, if one can be made now: a request displaced from the
   * full queue or that waited {@code maxWait} is refused; else the fairest waiting request starts
   * if a slot is free or can be reclaimed. Call until empty after anything changed.
   */
  public Optional<Decision<S, R>> nextWaiting(long now) {
    Waiting<R> gone = displaced.pollFirst();
    if (gone != null) {
      return Optional.of(
          new Refuse<>(
              gone.request,
              Refusal.BUSY,
              "server busy: the wait queue was full and a source holding fewer slots took the"
                  + " place"));
    }
    Waiting<R> oldest = first(waiting);
    if (oldest == null) {
      return Optional.empty();
    }
    long waited = now - oldest.arrivedNanos;
    if (waited >= maxWaitNanos) {
      removeWaiting(oldest);
      return Optional.of(
          new Refuse<>(
              oldest.request,
              Refusal.BUSY,
              "server busy: waited " + Duration.ofNanos(waited).toMillis() + " ms for a slot"));
    }
    if (stuckAt == changes && (!stuckHasEnd || now - stuckUntil < 0)) {
      return Optional.empty(); // nothing that could let the queue move has happened
    }
    Waiting<R> next = fairest();
    Source<S, R> src = sources.get(next.source);
    if (src.held >= maxPerClient) {
      removeWaiting(next);
      return Optional.of(perClientCap(src, next.request));
    }
    if (running < maxTransfers) {
      removeWaiting(next);
      return Optional.of(new Start<>(next.request, Optional.empty()));
    }
    Optional<Eviction<S>> reclaimed = reclaimFor(next.source, src.held, now);
    if (reclaimed.isPresent()) {
      removeWaiting(next);
      return Optional.of(new Start<>(next.request, reclaimed));
    }
    stuckAt = changes;
    Slot<S> young = firstYoung(now);
    stuckHasEnd = young != null;
    stuckUntil = young == null ? 0 : young.startedNanos + graceNanos;
    return Optional.empty();
  }

  /**
   * When {@link #nextWaiting} next has something to do unless something changes before: the oldest
   * waiting request's wait runs out, or the next unanswered transfer becomes stalled.
   */
  public OptionalLong nextDeadline(long now) {
    if (!displaced.isEmpty()) {
      return OptionalLong.of(now);
    }
    Waiting<R> oldest = first(waiting);
    if (oldest == null) {
      return OptionalLong.empty();
    }
    long deadline = oldest.arrivedNanos + maxWaitNanos;
    if (stuckAt != changes) {
      return OptionalLong.of(now); // not looked at since the last change
    }
    if (stuckHasEnd && stuckUntil - deadline < 0) {
      deadline = stuckUntil;
    }
    return OptionalLong.of(deadline);
  }

  /** A transfer started for {@code source} (after a {@link Start}); holds a slot until released. */
  public Slot<S> occupy(InetAddress source, S session, long now) {
    Objects.requireNonNull(source, "source");
    Source<S, R> src = sources.computeIfAbsent(source, Source::new);
    Slot<S> slot = new Slot<>(session, source, now, seq++);
    src.held++;
    src.unanswered.add(slot);
    unanswered.add(slot);
    running++;
    return slot;
  }

  /** The client answered the transfer for the first time: it is never evicted from now on. */
  public void answered(Slot<S> slot) {
    if (slot.answered || slot.released) {
      return;
    }
    slot.answered = true;
    unanswered.remove(slot);
    Source<S, R> src = sources.get(slot.source);
    if (src != null) {
      src.unanswered.remove(slot);
    }
  }

  /** The transfer ended: its slot is free. Idempotent. */
  public void release(Slot<S> slot) {
    if (slot.released) {
      return;
    }
    slot.released = true;
    running--;
    unanswered.remove(slot);
    Source<S, R> src = sources.get(slot.source);
    if (src != null) {
      src.held--;
      src.unanswered.remove(slot);
      forgetIfIdle(src);
    }
    changes++;
  }

  /** Slots held now. */
  public int running() {
    return running;
  }

  /** Requests waiting now (not counting displaced ones not yet refused). */
  public int waiting() {
    return waiting.size();
  }

  /** Client addresses remembered now (each holds a slot or has a request waiting). */
  public int trackedSources() {
    return sources.size();
  }

  /** Whether a request from {@code source} that {@code match}es is waiting. */
  public boolean isWaiting(InetAddress source, Predicate<? super R> match) {
    Source<S, R> src = sources.get(source);
    if (src == null) {
      return false;
    }
    for (Waiting<R> w : src.waiting) {
      if (match.test(w.request)) {
        return true;
      }
    }
    for (Waiting<R> w : displaced) {
      if (w.source.equals(source) && match.test(w.request)) {
        return true;
      }
    }
    return false;
  }

  /** Removes and returns every request not yet decided (displaced ones first), for shutdown. */
  public List<R> drainWaiting() {
    List<R> all = new ArrayList<>();
    for (Waiting<R> w : displaced) {
      all.add(w.request);
    }
    displaced.clear();
    for (Waiting<R> w : List.copyOf(waiting)) {
      all.add(w.request);
      removeWaiting(w);
    }
    return all;
  }

  private Decision<S, R> perClientCap(Source<S, R> src, R request) {
    Slot<S> own = first(src.unanswered);
    if (own == null) {
      return new Refuse<>(
          request,
          Refusal.CLIENT_CAP,
          "per-client cap of " + maxPerClient + " running transfers reached");
    }
    release(own);
    return new Start<>(
        request,
        Optional.of(
            new Eviction<>(
                own.session,
                Cause.CLIENT_CAP,
                "never acknowledged; dropped for a new request (per-client cap "
                    + maxPerClient
                    + ")")));
  }

  /**
   * A stalled slot for a request from {@code requester}, which holds {@code requesterHeld} slots:
   * the oldest stalled one of the source with the most unanswered transfers, among sources that
   * hold more slots than the requester or are the requester. Frees it.
   */
  private Optional<Eviction<S>> reclaimFor(InetAddress requester, int requesterHeld, long now) {
    Slot<S> oldest = first(unanswered);
    if (oldest == null || now - oldest.startedNanos < graceNanos) {
      return Optional.empty(); // nothing has stalled yet
    }
    Source<S, R> from = null;
    Slot<S> victim = null;
    for (Source<S, R> s : sources.values()) {
      Slot<S> candidate = first(s.unanswered);
      if (candidate == null || now - candidate.startedNanos < graceNanos) {
        continue;
      }
      if (s.held <= requesterHeld && !s.address.equals(requester)) {
        continue; // never take from a source that holds no more than the requester
      }
      if (from == null
          || s.unanswered.size() > from.unanswered.size()
          || (s.unanswered.size() == from.unanswered.size() && candidate.olderThan(victim))) {
        from = s;
        victim = candidate;
      }
    }
    if (victim == null) {
      return Optional.empty();
    }
    release(victim);
    return Optional.of(
        new Eviction<>(
            victim.session,
            Cause.RECLAIMED,
            "never acknowledged; slot reclaimed after "
                + Duration.ofNanos(now - victim.startedNanos).toMillis()
                + " ms for a waiting request from "
                + requester.getHostAddress()
                + " (all "
                + maxTransfers
                + " slots taken)"));
  }

  /**
   * Makes room in the full queue by displacing the newest waiting request of the source with the
   * most slots and waiting requests, if it has at least two more than {@code requester}.
   */
  private boolean displaceFor(Source<S, R> requester) {
    int mine = requester == null ? 0 : requester.load();
    Source<S, R> greediest = null;
    for (Source<S, R> s : sources.values()) {
      if (s != requester && !s.waiting.isEmpty()) {
        if (greediest == null || s.load() > greediest.load()) {
          greediest = s;
        }
      }
    }
    if (greediest == null || greediest.load() < mine + 2) {
      return false;
    }
    Waiting<R> w = greediest.waiting.peekLast();
    removeWaiting(w);
    displaced.addLast(w);
    return true;
  }

  /** The waiting request whose source holds the fewest slots; the earliest among equals. */
  private Waiting<R> fairest() {
    Waiting<R> best = null;
    int bestHeld = Integer.MAX_VALUE;
    for (Source<S, R> s : sources.values()) {
      Waiting<R> head = s.waiting.peekFirst();
      if (head == null) {
        continue;
      }
      if (best == null || s.held < bestHeld || (s.held == bestHeld && head.seq < best.seq)) {
        best = head;
        bestHeld = s.held;
      }
    }
    return best;
  }

  /** The oldest unanswered transfer that is not stalled yet. */
  private Slot<S> firstYoung(long now) {
    for (Slot<S> s : unanswered) {
      if (now - s.startedNanos < graceNanos) {
        return s;
      }
    }
    return null;
  }

  private void removeWaiting(Waiting<R> w) {
    waiting.remove(w);
    Source<S, R> src = sources.get(w.source);
    if (src != null) {
      if (src.waiting.peekFirst() == w) {
        src.waiting.pollFirst();
      } else if (src.waiting.peekLast() == w) {
        src.waiting.pollLast();
      } else {
        src.waiting.remove(w);
      }
      forgetIfIdle(src);
    }
    changes++;
  }

  private void forgetIfIdle(Source<S, R> src) {
    if (src.held == 0 && src.waiting.isEmpty()) {
      sources.remove(src.address);
    }
  }

  private static <T> T first(LinkedHashSet<T> set) {
    Iterator<T> it = set.iterator();
    return it.hasNext() ? it.next() : null;
  }

  private static long nanos(Duration d) {
    if (d.compareTo(Duration.ofNanos(MAX_NANOS)) > 0) {
      return MAX_NANOS;
    }
    return d.toNanos();
  }
}
