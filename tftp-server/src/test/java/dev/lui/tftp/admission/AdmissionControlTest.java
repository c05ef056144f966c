package dev.lui.tftp.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tftp.TftpServerConfig.Admission;
import dev.lui.tftp.admission.AdmissionControl.Cause;
import dev.lui.tftp.admission.AdmissionControl.Decision;
import dev.lui.tftp.admission.AdmissionControl.Eviction;
import dev.lui.tftp.admission.AdmissionControl.Refusal;
import dev.lui.tftp.admission.AdmissionControl.Refuse;
import dev.lui.tftp.admission.AdmissionControl.Slot;
import dev.lui.tftp.admission.AdmissionControl.Start;
import dev.lui.tftp.admission.AdmissionControl.Wait;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Admission decisions on a scripted clock (nanoseconds), without sockets. Sessions and requests are
 * plain names; {@link #carryOut} does what the transport does with a decision.
 */
class AdmissionControlTest {
  private static final long MS = 1_000_000L;
  private static final long SEC = 1_000 * MS;

  private AdmissionControl<String, String> control;
  private final Map<String, Slot<String>> slots = new HashMap<>();
  private final List<String> evicted = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private final List<String> started = new ArrayList<>();

  private static InetAddress ip(int n) {
    try {
      return InetAddress.getByAddress(new byte[] {10, 0, (byte) (n >> 8), (byte) n});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private void use(int maxTransfers, int maxQueued, int maxPerClient, long graceMs) {
    control =
        new AdmissionControl<>(
            new Admission(
                maxTransfers,
                maxQueued,
                Duration.ofSeconds(5),
                maxPerClient,
                0,
                Duration.ofMillis(graceMs)));
  }

  /** Does what the transport does: evict, then start (occupy a slot named after the request). */
  private void carryOut(Decision<String, String> d, InetAddress source, long now) {
    if (d instanceof Start<String, String> s) {
      s.evict().ifPresent(e -> evicted.add(e.session()));
      s.evict().ifPresent(e -> control.release(slots.get(e.session()))); // a no-op: already free
      slots.put(s.request(), control.occupy(source, s.request(), now));
      started.add(s.request());
    } else if (d instanceof Refuse<String, String> r) {
      refused.add(r.request());
    }
  }

  /**
   * A request from {@code source} named {@code name}; returns the decision after carrying it out.
   */
  private Decision<String, String> request(int source, String name, long now) {
    Decision<String, String> d = control.offer(ip(source), name, now);
    carryOut(d, ip(source), now);
    return d;
  }

  /** Lets the queue move as the transport does after every turn; returns the decisions made. */
  private List<Decision<String, String>> turn(long now) {
    List<Decision<String, String>> made = new ArrayList<>();
    for (Optional<Decision<String, String>> d = control.nextWaiting(now);
        d.isPresent();
        d = control.nextWaiting(now)) {
      made.add(d.get());
      carryOut(d.get(), sourceOf(d.get().request()), now);
    }
    return made;
  }

  /** Requests are named "<source>/<anything>" so a queued one can be started for its source. */
  private static InetAddress sourceOf(String request) {
    return ip(Integer.parseInt(request.substring(0, request.indexOf('/'))));
  }

  private void answer(String session) {
    control.answered(slots.get(session));
  }

  private void end(String session) {
    control.release(slots.get(session));
  }

  @Test
  void startsRequestsWhileSlotsAreFree() {
    use(2, 10, 16, 1000);
    assertThat(request(1, "1/a", 0)).isEqualTo(new Start<>("1/a", Optional.empty()));
    assertThat(request(2, "2/a", 0)).isEqualTo(new Start<>("2/a", Optional.empty()));
    assertThat(control.running()).isEqualTo(2);
  }

  @Test
  void leavesNeverAcknowledgedTransfersAloneWithoutPressure() {
    use(4, 10, 16, 1000);
    request(1, "1/a", 0);
    request(2, "2/a", 0);
    // An hour later nobody has answered, but a slot is free: nothing is evicted, the
    // transfers keep their normal timeouts.
    assertThat(request(3, "3/a", 3600 * SEC)).isEqualTo(new Start<>("3/a", Optional.empty()));
    assertThat(turn(3600 * SEC)).isEmpty();
    assertThat(evicted).isEmpty();
  }

  @Test
  void evictsNeverAcknowledgedTransfersWhenFull() {
    use(2, 10, 16, 1000);
    request(1, "1/a", 0);
    request(2, "2/a", 10 * MS);
    Decision<String, String> d = request(3, "3/a", 2 * SEC);
    assertThat(d).isInstanceOf(Start.class);
    Eviction<String> e = ((Start<String, String>) d).evict().orElseThrow();
    assertThat(e.session()).isEqualTo("1/a"); // oldest first
    assertThat(e.cause()).isEqualTo(Cause.RECLAIMED);
    assertThat(e.detail()).contains("never acknowledged", "10.0.0.3", "2000 ms");
    assertThat(slots.get("1/a").released()).isTrue();
    assertThat(control.running()).isEqualTo(2);
  }

  @Test
  void requestWaitsUntilTheOldestNeverAcknowledgedTransferOutlivesTheGrace() {
    use(2, 10, 16, 1000);
    request(1, "1/a", 0);
    request(2, "2/a", 100 * MS);
    assertThat(request(3, "3/a", 500 * MS)).isEqualTo(new Wait<>("3/a"));
    assertThat(turn(500 * MS)).isEmpty();
    assertThat(control.nextDeadline(500 * MS)).hasValue(1000 * MS); // when 1/a stalls
    assertThat(turn(999 * MS)).isEmpty();
    List<Decision<String, String>> made = turn(1000 * MS);
    assertThat(made).hasSize(1);
    assertThat(evicted).containsExactly("1/a");
    assertThat(started).endsWith("3/a");
    assertThat(control.waiting()).isZero();
  }

  @Test
  void neverEvictsAnsweredTransfers() {
    use(2, 10, 16, 0);
    request(1, "1/a", 0);
    request(2, "2/a", 0);
    answer("1/a");
    answer("2/a");
    assertThat(request(3, "3/a", 60 * SEC)).isEqualTo(new Wait<>("3/a"));
    assertThat(turn(60 * SEC)).isEmpty();
    assertThat(turn(65 * SEC)).singleElement().isInstanceOf(Refuse.class);
    assertThat(evicted).isEmpty();
    assertThat(refused).containsExactly("3/a");
  }

  @Test
  void reclaimsFromTheSourceWithTheMostNeverAcknowledgedTransfersNotTheOldestOne() {
    use(4, 10, 16, 1000);
    request(1, "1/slow-firmware", 0); // the oldest, but its source has only this one
    request(2, "2/a", 1 * MS);
    request(2, "2/b", 2 * MS);
    request(2, "2/c", 3 * MS);
    request(3, "3/a", 5 * SEC);
    request(4, "4/a", 5 * SEC);
    assertThat(evicted).containsExactly("2/a", "2/b");
    assertThat(slots.get("1/slow-firmware").released()).isFalse();
  }

  @Test
  void aSourceWithOneLiveTransferKeepsItWhileAFloodingSourceLosesItsStalledOnes() {
    use(4, 100, 16, 1000);
    request(1, "1/live", 0);
    answer("1/live");
    request(2, "2/a", 0);
    request(2, "2/b", 0);
    request(2, "2/c", 0);
    for (int i = 0; i < 20; i++) {
      long now = (2 + i) * SEC;
      request(2, "2/flood-" + i, now); // the flooder asks again and again
      String other = (3 + i) + "/a";
      request(3 + i, other, now); // while others come and go
      turn(now);
      if (slots.containsKey(other)) {
        answer(other);
        end(other);
      }
    }
    assertThat(slots.get("1/live").released()).isFalse();
    assertThat(evicted).allMatch(s -> s.startsWith("2/"));
  }

  @Test
  void neverTakesASlotFromASourceHoldingNoMoreThanTheRequester() {
    use(2, 10, 16, 1000);
    request(1, "1/stalled", 0);
    request(2, "2/live", 0);
    answer("2/live");
    // 2 holds one slot, 1 holds one: 2 may not take 1's, however long it has stalled.
    assertThat(request(2, "2/more", 5 * SEC)).isEqualTo(new Wait<>("2/more"));
    assertThat(turn(5 * SEC)).isEmpty();
    // A source that holds nothing may.
    assertThat(request(3, "3/a", 5 * SEC)).isEqualTo(new Wait<>("3/a"));
    assertThat(turn(5 * SEC)).singleElement().isInstanceOf(Start.class);
    assertThat(evicted).containsExactly("1/stalled");
    assertThat(started).endsWith("3/a");
  }

  @Test
  void aSourceMayReplaceItsOwnStalledTransfer() {
    use(2, 10, 16, 1000);
    request(1, "1/a", 0);
    request(1, "1/b", 0);
    // A loader that gave up on its first transfer and asks again from a new port.
    Decision<String, String> d = request(1, "1/c", 3 * SEC);
    assertThat(d).isInstanceOf(Start.class);
    assertThat(evicted).containsExactly("1/a");
  }

  @Test
  void perClientCapEvictsTheClientsOwnOldestNeverAcknowledgedTransferAtOnce() {
    use(100, 10, 2, 1000);
    request(1, "1/a", 0);
    request(1, "1/b", 0);
    Decision<String, String> d = request(1, "1/c", 1 * MS); // well within the grace, no pressure
    Eviction<String> e = ((Start<String, String>) d).evict().orElseThrow();
    assertThat(e.session()).isEqualTo("1/a");
    assertThat(e.cause()).isEqualTo(Cause.CLIENT_CAP);
    assertThat(e.detail()).contains("never acknowledged", "per-client cap 2");
  }

  @Test
  void perClientCapRefusesWhenAllTheClientsTransfersAreAnsweredButSparesOthers() {
    use(100, 10, 1, 1000);
    request(1, "1/a", 0);
    answer("1/a");
    Decision<String, String> d = request(1, "1/b", 0);
    assertThat(d)
        .isEqualTo(
            new Refuse<>(
                "1/b", Refusal.CLIENT_CAP, "per-client cap of 1 running transfers reached"));
    assertThat(request(2, "2/a", 0)).isInstanceOf(Start.class);
  }

  @Test
  void waitingRequestOfTheSourceHoldingFewestSlotsStartsFirst() {
    use(3, 10, 16, 1000);
    request(1, "1/a", 0);
    request(1, "1/b", 0);
    request(2, "2/a", 0);
    for (String s : List.of("1/a", "1/b", "2/a")) {
      answer(s);
    }
    request(1, "1/c", 1 * MS); // first to arrive; its source holds two
    request(2, "2/b", 2 * MS); // holds one
    request(3, "3/a", 3 * MS); // holds none
    end("1/a");
    assertThat(turn(4 * MS)).extracting(Decision::request).containsExactly("3/a");
    end("1/b");
    // Now source 1 holds none and source 2 one: 1/c goes next.
    assertThat(turn(5 * MS)).extracting(Decision::request).containsExactly("1/c");
    end("3/a");
    assertThat(turn(6 * MS)).extracting(Decision::request).containsExactly("2/b");
  }

  @Test
  void waitingRequestIsRefusedOnceItsWaitRunsOut() {
    use(1, 10, 16, 1000);
    request(1, "1/a", 0);
    answer("1/a");
    request(2, "2/a", 1 * SEC);
    assertThat(turn(1 * SEC)).isEmpty();
    assertThat(control.nextDeadline(1 * SEC)).hasValue(6 * SEC);
    assertThat(turn(6 * SEC - 1)).isEmpty();
    List<Decision<String, String>> made = turn(6 * SEC);
    assertThat(made).singleElement().isInstanceOf(Refuse.class);
    Refuse<String, String> r = (Refuse<String, String>) made.get(0);
    assertThat(r.reason()).isEqualTo(Refusal.BUSY);
    assertThat(r.detail()).contains("waited 5000 ms");
    assertThat(control.waiting()).isZero();
  }

  @Test
  void fullQueueGivesWayToASourceHoldingFewer() {
    use(1, 2, 16, 1000);
    request(1, "1/a", 0);
    answer("1/a");
    request(1, "1/b", 1 * MS);
    request(1, "1/c", 2 * MS);
    // Queue full; source 1 holds one slot and two waiting requests, source 2 nothing.
    assertThat(request(2, "2/a", 3 * MS)).isEqualTo(new Wait<>("2/a"));
    List<Decision<String, String>> made = turn(3 * MS);
    assertThat(made).singleElement().isInstanceOf(Refuse.class);
    assertThat(made.get(0).request()).isEqualTo("1/c"); // its newest gives way
    assertThat(control.waiting()).isEqualTo(2);
  }

  @Test
  void fullQueueRefusesTheNewcomerWhenNoSourceHoldsTwoMore() {
    use(1, 1, 16, 1000);
    request(1, "1/a", 0);
    answer("1/a");
    request(2, "2/a", 1 * MS); // source 2: one waiting
    Decision<String, String> d = request(3, "3/a", 2 * MS); // source 3 would hold one: no gain
    assertThat(d).isInstanceOf(Refuse.class);
    assertThat(((Refuse<String, String>) d).detail())
        .isEqualTo("server busy: 1 transfers running, 1 waiting");
    assertThat(control.waiting()).isEqualTo(1);
  }

  @Test
  void whileTheQueueCannotMoveItsNextDeadlineIsTheNextStallOrExpiryNotNow() {
    use(2, 10, 16, 1000);
    request(1, "1/a", 0);
    request(2, "2/a", 50 * MS);
    request(3, "3/a", 100 * MS);
    assertThat(turn(100 * MS)).isEmpty();
    assertThat(control.nextDeadline(100 * MS)).hasValue(1000 * MS);
    answer("1/a");
    answer("2/a");
    // Nothing left that can stall: only the wait runs out.
    assertThat(turn(1000 * MS)).isEmpty();
    assertThat(control.nextDeadline(1000 * MS)).hasValue(5100 * MS);
  }

  @Test
  void forgetsSourcesThatHoldAndAwaitNothing() {
    use(1, 10, 16, 1000);
    request(1, "1/a", 0);
    request(2, "2/a", 0);
    assertThat(control.trackedSources()).isEqualTo(2);
    end("1/a");
    end("1/a"); // twice: idempotent
    turn(1 * MS);
    end("2/a");
    control.answered(slots.get("2/a")); // after the end: ignored
    assertThat(control.trackedSources()).isZero();
    assertThat(control.running()).isZero();
  }

  @Test
  void repeatedRequestIsFoundAmongTheWaitingOnes() {
    use(1, 10, 16, 1000);
    request(1, "1/a", 0);
    answer("1/a");
    request(2, "2/a", 0);
    assertThat(control.isWaiting(ip(2), "2/a"::equals)).isTrue();
    assertThat(control.isWaiting(ip(3), "2/a"::equals)).isFalse();
    assertThat(control.drainWaiting()).containsExactly("2/a");
    assertThat(control.waiting()).isZero();
  }

  /**
   * Issue #12 on the scripted clock, with the default admission: 128 sources send 16 requests each
   * that are never acknowledged (1024 run, 1024 wait), then a new client asks. It starts within the
   * grace of the flood's oldest transfer, ahead of the flood's waiting requests, and only the
   * flood's transfers lose their slots.
   */
  @Test
  void aFloodOfNeverAcknowledgedRequestsKeepsANewClientWaitingNoLongerThanTheGrace() {
    control = new AdmissionControl<>(Admission.DEFAULTS);
    long t = 0;
    request(999, "999/live", t);
    answer("999/live");
    for (int i = 0; i < 16; i++) {
      for (int s = 1; s <= 128; s++) {
        t += 10_000; // 10 us apart: the whole flood in 20 ms
        request(s, s + "/" + i, t);
        turn(t);
      }
    }
    assertThat(control.running()).isEqualTo(1024);
    assertThat(control.waiting()).isEqualTo(1025);
    long arrived = t + 100 * MS;
    assertThat(request(1000, "1000/curl", arrived)).isEqualTo(new Wait<>("1000/curl"));
    long now = arrived;
    while (!started.contains("1000/curl")) {
      turn(now);
      if (started.contains("1000/curl")) {
        break;
      }
      now = control.nextDeadline(now).orElseThrow();
    }
    assertThat(now - arrived).isLessThanOrEqualTo(Admission.DEFAULT_STALL_GRACE.toNanos());
    assertThat(slots.get("999/live").released()).isFalse();
    assertThat(evicted).isNotEmpty().noneMatch(s -> s.startsWith("999/"));
  }
}
