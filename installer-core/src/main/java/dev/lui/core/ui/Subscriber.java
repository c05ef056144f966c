package dev.lui.core.ui;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One open event stream of a dashboard page. Events are queued and written on a shared pool, one
 * writer at a time per stream, so a slow browser delays only itself: when more than {@link
 * #MAX_QUEUED} events wait, the stream is closed (the browser reconnects and gets a snapshot).
 */
final class Subscriber {
  static final int MAX_QUEUED = 256;

  /** Where a stream's events go: Javalin's SSE client, or a list in tests. */
  interface Sink {
    void send(String event, String data);

    void comment();

    void close();
  }

  /** What the stream follows: the cluster's nodes, one node (its state and log), or transfers. */
  sealed interface Topic permits Cluster, NodeTopic, TransfersTopic {
    /** Sends this round's news for the topic; returns the topic to follow next (its cursor). */
    Topic deliver(LiveUpdates.Round round, Subscriber s);
  }

  /** Every node's state; {@code snapshot}: send all states first (the page is older than now). */
  record Cluster(boolean snapshot) implements Topic {
    @Override
    public Topic deliver(LiveUpdates.Round round, Subscriber s) {
      return round.cluster(s, this);
    }
  }

  /** One node: its state changes and its log after {@code after}, of run {@code run} if given. */
  record NodeTopic(String node, long after, Optional<String> run) implements Topic {
    @Override
    public Topic deliver(LiveUpdates.Round round, Subscriber s) {
      return round.node(s, this);
    }
  }

  /** The latest transfers. */
  record TransfersTopic() implements Topic {
    @Override
    public Topic deliver(LiveUpdates.Round round, Subscriber s) {
      return round.transfers(s, this);
    }
  }

  private record Event(String name, String data) {}

  private final Sink sink;
  private final Executor writers;
  private final ArrayDeque<Event> queue = new ArrayDeque<>();
  private boolean writing;
  private boolean closed;
  Topic topic;

  Subscriber(Sink sink, Executor writers, Topic topic) {
    this.sink = sink;
    this.writers = writers;
    this.topic = topic;
  }

  /** Queues an event; a stream too far behind is closed instead. */
  void send(String event, String data) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (queue.size() >= MAX_QUEUED) {
        closed = true;
        queue.clear();
        writers.execute(sink::close);
        return;
      }
      queue.add(new Event(event, data));
      if (writing) {
        return;
      }
      writing = true;
    }
    writers.execute(this::drain);
  }

  void comment() {
    send("", "");
  }

  synchronized boolean closed() {
    return closed;
  }

  /** Closes the stream once (the sink's own close may call back here). */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
    }
    sink.close();
  }

  private void drain() {
    while (true) {
      Event e;
      synchronized (this) {
        e = queue.poll();
        if (e == null || closed) {
          writing = false;
          return;
        }
      }
      try {
        if (e.name().isEmpty()) {
          sink.comment();
        } else {
          sink.send(e.name(), e.data());
        }
      } catch (RuntimeException failed) {
        close();
      }
    }
  }
}
