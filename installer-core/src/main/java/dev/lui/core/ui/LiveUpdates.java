package dev.lui.core.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lui.core.DaemonThreads;
import dev.lui.core.Json;
import dev.lui.core.TerminalText;
import dev.lui.core.domain.Node;
import dev.lui.core.store.LogEntry;
import dev.lui.core.store.NodeEvent;
import dev.lui.core.store.Run;
import dev.lui.core.store.Store;
import dev.lui.core.store.TransferEntry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's change hub: what changed in the store, pushed to the open pages' event streams.
 *
 * <p>It is fed by the store itself ({@link #observe}): every write of a node, a run, a log entry or
 * a transfer marks that node (or the transfers) changed, whoever wrote it (agents, the inventory,
 * the wave scheduler). Only names are marked; every {@link #PERIOD} one thread reads the changed
 * nodes from the store and sends them. So a burst of changes to one node is one update, 1,000
 * changes a second are a few hundred names per tick, and what is sent is always committed state: a
 * read waits for a transaction in progress, and a rolled-back change reads as it was before.
 */
public final class LiveUpdates implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);
  static final Duration PERIOD = Duration.ofMillis(200);
  private static final long KEEP_ALIVE_TICKS = 75; // 15 s: dead connections are found and closed
  private static final int LOG_PAGE = 500;
  static final int TRANSFERS_SHOWN = 200;

  private final Store store;
  private final Set<String> changedNodes = ConcurrentHashMap.newKeySet();
  private final Set<String> loggedNodes = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean transfersChanged = new AtomicBoolean();
  private final AtomicLong version = new AtomicLong();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final ExecutorService writers =
      Executors.newCachedThreadPool(DaemonThreads.named("lui-ui-writer"));
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lui-ui-updates"));
  private long ticks;

  private LiveUpdates(Store store) {
    this.store = store;
  }

  /** A hub over {@code store}; {@link #observe()} is the store to write through. */
  public static LiveUpdates over(Store store) {
    return new LiveUpdates(store);
  }

  /** Starts the ticker (the server does; tests may call {@link #tick} themselves). */
  public LiveUpdates start() {
    ticker.scheduleWithFixedDelay(
        this::safeTick, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * {@code store} with its writes reported to this hub. A proxy rather than a forwarding class: the
   * store has dozens of methods and only these few writes matter here.
   */
  public Store observe() {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          switch (method.getName()) {
            // addNode is the store's own insert (a unique violation decides races), not a putNode
            // through this proxy: both mark the node.
            case "putNode", "addNode" -> nodeChanged(((Node) args[0]).name());
            case "deleteNode" -> nodeChanged((String) args[0]);
            case "putRun" -> nodeChanged(((Run) args[0]).node());
            case "deleteRuns" -> nodeChanged((String) args[0]);
            case "appendLog" -> {
              if (Boolean.TRUE.equals(result)) {
                loggedNodes.add(((LogEntry) args[0]).node());
              }
            }
            case "recordNodeEvent" -> nodeChanged(((NodeEvent) args[0]).node());
            case "recordTransfer" -> {
              transfersChanged.set(true);
              ((TransferEntry) args[0]).node().ifPresent(this::nodeChanged);
            }
            default -> {}
          }
          return result;
        };
    return (Store)
        Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, handler);
  }

  void nodeChanged(String node) {
    changedNodes.add(node);
    version.incrementAndGet();
  }

  /** Raised by every node change: a page rendered at one version needs what came after. */
  public long version() {
    return version.get();
  }

  /** Opens a stream following {@code topic}. */
  Subscriber subscribe(Subscriber.Sink sink, Subscriber.Topic topic) {
    Subscriber s = new Subscriber(sink, writers, topic);
    subscribers.add(s);
    return s;
  }

  /**
   * Opens a stream of node states for a page rendered at version {@code seen}: all states first if
   * anything changed since (checked after subscribing, so no change falls between).
   */
  Subscriber subscribeCluster(Subscriber.Sink sink, long seen) {
    Subscriber s = subscribe(sink, new Subscriber.Cluster(false));
    synchronized (this) {
      if (version.get() != seen) {
        s.topic = new Subscriber.Cluster(true);
      }
    }
    return s;
  }

  void unsubscribe(Subscriber s) {
    subscribers.remove(s);
  }

  int subscribers() {
    return subscribers.size();
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("dashboard updates: {}", e.getMessage(), e);
    }
  }

  /** One round: read what changed since the last and send it to the streams that follow it. */
  synchronized void tick() {
    subscribers.removeIf(Subscriber::closed);
    ticks++;
    Round round =
        new Round(
            Set.copyOf(drain(changedNodes)),
            Set.copyOf(drain(loggedNodes)),
            transfersChanged.getAndSet(false));
    boolean keepAlive = ticks % KEEP_ALIVE_TICKS == 0;
    for (Subscriber s : subscribers) {
      s.topic = s.topic.deliver(round, s);
      if (keepAlive) {
        s.comment();
      }
    }
  }

  /** What one tick found changed, and the payloads it built (each once, for every stream). */
  final class Round {
    private final Set<String> nodes;
    private final Set<String> logged;
    private final boolean transfers;
    private String changes;
    private String snapshot;
    private String latestTransfers;
    private final Map<String, String> nodeStates = new HashMap<>();

    Round(Set<String> nodes, Set<String> logged, boolean transfers) {
      this.nodes = nodes;
      this.logged = logged;
      this.transfers = transfers;
    }

    Subscriber.Topic cluster(Subscriber s, Subscriber.Cluster c) {
      if (c.snapshot()) {
        if (snapshot == null) {
          snapshot = json(states(store.nodes().stream().map(Node::name).toList()));
        }
        s.send("snapshot", snapshot);
      } else if (!nodes.isEmpty()) {
        if (changes == null) {
          changes = json(states(List.copyOf(nodes)));
        }
        s.send("nodes", changes);
      }
      return new Subscriber.Cluster(false);
    }

    Subscriber.Topic node(Subscriber s, Subscriber.NodeTopic n) {
      if (nodes.contains(n.node())) {
        s.send("node", nodeStates.computeIfAbsent(n.node(), k -> json(states(List.of(k)))));
      }
      return logged.contains(n.node()) ? followLog(s, n) : n;
    }

    Subscriber.Topic transfers(Subscriber s, Subscriber.TransfersTopic t) {
      if (transfers) {
        if (latestTransfers == null) {
          latestTransfers = json(LiveUpdates.transfers(store.transfers(TRANSFERS_SHOWN)));
        }
        s.send("transfers", latestTransfers);
      }
      return t;
    }
  }

  private Subscriber.Topic followLog(Subscriber s, Subscriber.NodeTopic n) {
    long after = n.after();
    List<List<Object>> lines = new ArrayList<>();
    while (true) {
      List<LogEntry> page = store.log(n.node(), after, LOG_PAGE);
      for (LogEntry e : page) {
        after = e.id();
        if (n.run().map(r -> r.equals(e.runId())).orElse(true)) {
          lines.add(logLine(e));
        }
      }
      if (page.size() < LOG_PAGE) {
        break;
      }
    }
    if (!lines.isEmpty()) {
      s.send("log", json(lines));
    }
    return new Subscriber.NodeTopic(n.node(), after, n.run());
  }

  /** A log line as the node page shows it: id, time, stream or kind, text made printable. */
  static List<Object> logLine(LogEntry e) {
    String text = e.text().map(TerminalText::escape).orElse("");
    String what = e.stream().orElse(e.kind()) + e.step().map(s -> " " + s).orElse("");
    return List.of(e.id(), NodePage.TIME.format(e.time()), TerminalText.escape(what), text);
  }

  /** Per node: name, state ("removed" for a deleted one), and its step or error. */
  private List<List<String>> states(List<String> names) {
    Map<String, Node> found = new HashMap<>();
    if (names.size() > 1000) {
      store.nodes().forEach(n -> found.put(n.name(), n));
    } else {
      names.forEach(n -> store.node(n).ifPresent(node -> found.put(n, node)));
    }
    List<List<String>> out = new ArrayList<>(names.size());
    for (String name : names) {
      Optional<Node> n = Optional.ofNullable(found.get(name));
      out.add(
          List.of(
              name,
              n.map(ClusterPage::state).orElse("removed"),
              n.map(ClusterPage::detail).orElse("")));
    }
    return out;
  }

  static List<List<Object>> transfers(List<TransferEntry> entries) {
    List<List<Object>> out = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0; i--) {
      TransferEntry t = entries.get(i);
      out.add(
          List.of(
              NodePage.TIME.format(t.time()),
              TerminalText.escape(t.client()),
              t.node().orElse(""),
              TerminalText.escape(t.path()),
              t.bytes(),
              t.outcome(),
              TerminalText.escape(t.detail().orElse(""))));
    }
    return out;
  }

  private static List<String> drain(Set<String> set) {
    List<String> out = new ArrayList<>(set);
    out.forEach(set::remove);
    return out;
  }

  static String json(Object value) {
    try {
      return Json.json().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("lists of strings and numbers always map", e);
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    subscribers.forEach(Subscriber::close);
    subscribers.clear();
    writers.shutdownNow();
  }
}
