package dev.lui.core.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.Fixtures;
import dev.lui.core.domain.Node;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.MemoryStore;
import dev.lui.core.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The change hub: fed by the store's writes, ticked by the test, read through list sinks. */
class LiveUpdatesTest {
  static final Instant T0 = Instant.parse("2026-12-08T01:00:00Z");
  final LiveUpdates live = LiveUpdates.over(new MemoryStore());
  final Store store = live.observe();

  /** What a stream received, event by event ("name data"). */
  static class Recorder implements Subscriber.Sink {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void send(String event, String data) {
      events.add(event + " " + data);
    }

    @Override
    public void comment() {}

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Waits (without a time limit in the assertion) for the writer thread to deliver. */
  static void until(BooleanSupplier done) throws InterruptedException {
    for (int i = 0; i < 1000 && !done.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(done.getAsBoolean()).as("delivered").isTrue();
  }

  @AfterEach
  void close() {
    live.close();
  }

  Node installing(Node n, String step) {
    return n.withStatus(n.status().installing(T0).atStep(step));
  }

  @Test
  void manyChangesOfANodeBetweenTwoTicksAreOneUpdateWithItsLastState() throws Exception {
    Node n = Fixtures.node(1);
    store.putNode(n);
    live.tick();
    Recorder r = new Recorder();
    live.subscribeCluster(r, live.version());
    for (int i = 0; i < 100; i++) {
      store.putNode(installing(n, "step" + i));
    }
    live.tick();
    until(() -> !r.events.isEmpty());
    live.tick(); // nothing changed since: nothing more is sent
    Thread.sleep(50);
    assertThat(r.events).containsExactly("nodes [[\"n01\",\"installing\",\"step99\"]]");
  }

  @Test
  void aPageOlderThanTheLatestChangeGetsEveryStateFirst() throws Exception {
    long seen = live.version();
    store.putNode(Fixtures.node(1));
    store.putNode(Fixtures.node(2));
    Recorder r = new Recorder();
    live.subscribeCluster(r, seen);
    live.tick();
    until(() -> !r.events.isEmpty());
    live.tick();
    Thread.sleep(50);
    // The snapshot holds the changes of its round too: nothing else is sent.
    assertThat(r.events)
        .containsExactly("snapshot [[\"n01\",\"defined\",\"\"],[\"n02\",\"defined\",\"\"]]");
  }

  @Test
  void aDeletedNodeIsSentAsRemoved() throws Exception {
    store.putNode(Fixtures.node(1));
    live.tick();
    Recorder r = new Recorder();
    live.subscribeCluster(r, live.version());
    store.deleteNode("n01");
    live.tick();
    until(() -> !r.events.isEmpty());
    assertThat(r.events).containsExactly("nodes [[\"n01\",\"removed\",\"\"]]");
  }

  @Test
  void aChangeRolledBackIsSentAsTheCommittedState() throws Exception {
    Node n = Fixtures.node(1);
    store.putNode(n);
    live.tick();
    Recorder r = new Recorder();
    live.subscribeCluster(r, live.version());
    assertThatThrownBy(
            () ->
                store.transaction(
                    () -> {
                      store.putNode(installing(n, "partition"));
                      throw new IllegalStateException("rolled back");
                    }))
        .hasMessage("rolled back");
    live.tick();
    until(() -> !r.events.isEmpty());
    assertThat(r.events).containsExactly("nodes [[\"n01\",\"defined\",\"\"]]");
  }

  LogEntry line(String node, String run, long seq, String text) {
    return new LogEntry(
        0,
        node,
        run,
        seq,
        T0.plusSeconds(seq),
        "log",
        Optional.of("partition"),
        Optional.of("stdout"),
        Optional.of(text),
        Optional.empty());
  }

  @Test
  void aNodeStreamFollowsItsNodesLogOfItsRunOnlyEscaped() throws Exception {
    store.putNode(Fixtures.node(1));
    store.putNode(Fixtures.node(2));
    live.tick();
    Recorder r = new Recorder();
    live.subscribe(r, new Subscriber.NodeTopic("n01", 0, Optional.of("r1")));
    store.appendLog(line("n01", "r1", 1, "\u001b[31m<b>red</b>"));
    store.appendLog(line("n01", "r0", 2, "another run"));
    store.appendLog(line("n02", "r1", 1, "another node"));
    live.tick();
    until(() -> r.events.size() == 1);
    assertThat(r.events.get(0))
        .startsWith("log [[")
        .contains("\"stdout partition\",\"\\\\x1b[31m<b>red</b>\"")
        .doesNotContain("another");
    store.appendLog(line("n01", "r1", 3, "next"));
    live.tick();
    until(() -> r.events.size() == 2);
    assertThat(r.events.get(1)).contains("next").doesNotContain("red");
  }

  @Test
  void aStreamTooFarBehindIsClosedInsteadOfHoldingTheOthers() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    Recorder slow =
        new Recorder() {
          @Override
          public void send(String event, String data) {
            try {
              stuck.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    Recorder fast = new Recorder();
    Subscriber s = live.subscribeCluster(slow, live.version());
    live.subscribeCluster(fast, live.version());
    for (int i = 0; i <= Subscriber.MAX_QUEUED + 1; i++) {
      store.putNode(Fixtures.node(1 + i % 2).withDisk(Optional.of("path=/dev/sd" + i)));
      live.tick();
    }
    until(() -> slow.closed);
    assertThat(s.closed()).isTrue();
    until(() -> fast.events.size() == Subscriber.MAX_QUEUED + 2);
    stuck.countDown();
    live.tick();
    assertThat(live.subscribers()).isEqualTo(1);
  }
}
