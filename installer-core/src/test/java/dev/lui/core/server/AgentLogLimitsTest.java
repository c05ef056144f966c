package dev.lui.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.event.AgentEvent;
import dev.lui.contract.event.EventLimits;
import dev.lui.core.ErrorKind;
import dev.lui.core.Fixtures;
import dev.lui.core.LuiException;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Node;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.MemoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AgentLogLimitsTest {
  final MemoryStore store = new MemoryStore();
  final Node n01 = Fixtures.node(1);

  static AgentEvent line(String run, long seq, String text) {
    return new AgentEvent(
        run,
        seq,
        Instant.parse("2026-12-01T10:00:00Z"),
        AgentEvent.Kind.LOG,
        Optional.of("payloads"),
        Optional.of("stdout"),
        Optional.of(text),
        Optional.empty());
  }

  static AgentEvent finished(String run, long seq) {
    return new AgentEvent(
        run,
        seq,
        Instant.parse("2026-12-01T10:00:00Z"),
        AgentEvent.Kind.INSTALL_FINISHED,
        Optional.empty(),
        Optional.empty(),
        Optional.of("step payloads failed"),
        Optional.of(false));
  }

  static List<AgentEvent> lines(String run, int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> line(run, i, "line " + i)).toList();
  }

  /** What AgentService does with the admitted events: store them. */
  List<AgentEvent> admitAndStore(AgentLogLimits limits, Node node, List<AgentEvent> events) {
    List<AgentEvent> admitted = limits.admit(store, node, events);
    for (AgentEvent e : admitted) {
      store.appendLog(
          new LogEntry(
              0,
              node.name(),
              e.runId(),
              e.seq(),
              e.time(),
              e.kindName(),
              e.step(),
              e.stream(),
              e.text(),
              e.ok()));
    }
    return admitted;
  }

  @Test
  void aLineOverTheCapIsStoredCutWithAMarkerNotRefused() {
    String tenMegabytes = "A".repeat(10 * 1024 * 1024);
    List<AgentEvent> admitted =
        new AgentLogLimits()
            .admit(store, n01, List.of(line("r1", 1, tenMegabytes), line("r1", 2, "short")));
    assertThat(admitted).hasSize(2);
    String text = admitted.get(0).text().orElseThrow();
    assertThat(EventLimits.utf8Length(text)).isLessThanOrEqualTo(EventLimits.MAX_TEXT_BYTES);
    assertThat(text).startsWith("AAAA").matches("(?s)A+\u2026 \\[truncated \\d+ bytes\\]");
    assertThat(admitted.get(1).text()).contains("short");
  }

  @Test
  void moreEventsThanOneRequestTakesIs413NamingTheLimit() {
    assertThatThrownBy(() -> new AgentLogLimits().admit(store, n01, lines("r1", 1, 1001)))
        .isInstanceOf(LuiException.class)
        .hasMessage("events: 1001 in one request; at most 1000 per request (send them in batches)")
        .satisfies(e -> assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.TOO_LARGE));
    assertThat(new AgentLogLimits().admit(store, n01, lines("r1", 1, 1000))).hasSize(1000);
  }

  @Test
  void identifiersWithControlCharactersOrTooLongAreRefusedNamingTheField() {
    AgentEvent e = line("r1", 1, "x");
    AgentEvent badStep =
        new AgentEvent(
            "r1",
            2,
            e.time(),
            "log",
            Optional.of("pay\u001b[2Jloads"),
            e.stream(),
            e.text(),
            e.ok());
    assertThatThrownBy(() -> new AgentLogLimits().admit(store, n01, List.of(e, badStep)))
        .hasMessage("events[1].step 'pay\\x1b[2Jloads': control characters are not allowed");
    AgentEvent longRun =
        new AgentEvent("r".repeat(129), 1, e.time(), "log", e.step(), e.stream(), e.text(), e.ok());
    assertThatThrownBy(() -> new AgentLogLimits().admit(store, n01, List.of(longRun)))
        .hasMessageContaining("events[0].runId")
        .hasMessageContaining("at most 128");
    AgentEvent blankRun =
        new AgentEvent(" ", 1, e.time(), "log", e.step(), e.stream(), e.text(), e.ok());
    assertThatThrownBy(() -> new AgentLogLimits().admit(store, n01, List.of(blankRun)))
        .hasMessageStartingWith("events[0].runId ' ': required");
  }

  @Test
  void theEventThatCrossesTheQuotaBecomesOneMarkerAndLaterOnesAreCountedNotStored() {
    AgentLogLimits limits = new AgentLogLimits(10, 1 << 20);
    assertThat(admitAndStore(limits, n01, lines("r1", 1, 8))).hasSize(8);
    List<AgentEvent> admitted = admitAndStore(limits, n01, lines("r1", 9, 5));
    assertThat(admitted).extracting(AgentEvent::seq).containsExactly(9L, 10L, 11L);
    assertThat(admitted.get(2).stream()).contains("server");
    assertThat(admitted.get(2).text().orElseThrow())
        .startsWith("log quota reached: an install stores at most 10 events or 1 MiB of text");
    assertThat(admitAndStore(limits, n01, lines("r1", 14, 100))).isEmpty();
    assertThat(limits.notStored("n01")).isEqualTo(102);
    assertThat(store.log("n01", 0, 1000)).hasSize(11);
  }

  @Test
  void pastTheQuotaTheInstallStillEnds() {
    AgentLogLimits limits = new AgentLogLimits(5, 1 << 20);
    admitAndStore(limits, n01, lines("r1", 1, 20));
    List<AgentEvent> admitted =
        admitAndStore(
            limits, n01, List.of(line("r1", 21, "x"), finished("r1", 22), line("r1", 23, "y")));
    assertThat(admitted)
        .extracting(AgentEvent::kind)
        .containsExactly(AgentEvent.Kind.INSTALL_FINISHED);
  }

  @Test
  void pastTheQuotaOnlyAFewFinishesAreStoredSoTheyCannotFloodEither() {
    AgentLogLimits limits = new AgentLogLimits(1, 1 << 20);
    admitAndStore(limits, n01, lines("r1", 1, 2));
    List<AgentEvent> finishes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      finishes.add(finished("run" + i, 1));
    }
    assertThat(admitAndStore(limits, n01, finishes)).hasSize(AgentLogLimits.FINISHES_PAST_QUOTA);
  }

  @Test
  void textBytesCountTowardsTheQuotaToo() {
    AgentLogLimits limits = new AgentLogLimits(1000, 20_000);
    List<AgentEvent> admitted =
        admitAndStore(
            limits,
            n01,
            IntStream.range(1, 6).mapToObj(i -> line("r1", i, "z".repeat(8000))).toList());
    assertThat(admitted).hasSize(3);
    assertThat(admitted.get(2).text().orElseThrow()).startsWith("log quota reached");
  }

  @Test
  void aNewInstallTokenStartsANewQuota() {
    AgentLogLimits limits = new AgentLogLimits(3, 1 << 20);
    admitAndStore(limits, n01, lines("r1", 1, 10));
    Node rearmed =
        n01.withStatus(InstallStatus.armed("another-arm", "another-token-hash", Instant.now()));
    assertThat(admitAndStore(limits, rearmed, lines("r2", 1, 3)))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.text().orElseThrow()).startsWith("line"));
  }

  @Test
  void aServerRestartedDuringAnInstallCountsWhatTheRunAlreadyStored() {
    admitAndStore(new AgentLogLimits(10, 1 << 20), n01, lines("r1", 1, 9));
    AgentLogLimits afterRestart = new AgentLogLimits(10, 1 << 20);
    List<AgentEvent> admitted = admitAndStore(afterRestart, n01, lines("r1", 10, 3));
    assertThat(admitted).extracting(AgentEvent::seq).containsExactly(10L, 11L);
    assertThat(admitted.get(1).text().orElseThrow()).startsWith("log quota reached");
  }
}
