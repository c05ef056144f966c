package dev.lui.core.power;

import dev.lui.core.LuiException;
import dev.lui.core.config.WaveWatch;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Wave;
import dev.lui.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boot-storm admission (#14): powers on the nodes waiting in each {@link Wave}, at most {@code
 * maxActive} of a wave booting at once (powered on by lui, their agent's plan fetch not yet seen:
 * {@code InstallStatus#booting}) and at most {@code size} started in any {@code interval}. Driven
 * by the store alone, one {@link #tick} at a time from one thread: a restarted server goes on where
 * the store says, and a node's status says where it is (waiting, powered on at T, installing). A
 * node whose BMC fails keeps the reason in its status, stays armed and frees its place at once. A
 * wave whose booting nodes' boot-file transfers fail or stall is paused ({@link BootWatch}) until
 * that clears or an admin resumes it; a node whose agent never calls fails at the boot timeout.
 */
public final class WaveScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(WaveScheduler.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The window of {@code --wave} when no {@code --wave-interval} is given. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  private final Store store;
  private final PowerService power;
  private final Clock clock;
  private final BootWatch watch;

  public WaveScheduler(Store store, PowerService power, Clock clock) {
    this(store, power, clock, WaveWatch.defaults());
  }

  public WaveScheduler(Store store, PowerService power, Clock clock, WaveWatch watch) {
    this.store = store;
    this.power = power;
    this.clock = clock;
    this.watch = new BootWatch(store, watch);
  }

  /**
   * Resumes the waves named (every wave, for none): paused ones go on at the next tick, and the
   * failures and stalls seen until {@code now} no longer count. Returns the waves resumed.
   */
  public static List<Wave> resume(Store store, Optional<java.util.Set<String>> ids, Instant now) {
    return store.transaction(
        () -> {
          List<Wave> out = new ArrayList<>();
          for (Wave w : store.waves()) {
            if (ids.map(s -> s.contains(w.id())).orElse(true)) {
              Wave resumed = w.resumedAt(now);
              store.putWave(resumed);
              out.add(resumed);
            }
          }
          return out;
        });
  }

  /**
   * A new wave from the install's options (each named as its flag in errors); at least one limit.
   */
  public static Wave newWave(
      Optional<Long> maxActive, Optional<Long> size, Optional<Long> intervalSeconds, Instant now) {
    if (maxActive.isEmpty() && size.isEmpty()) {
      throw LuiException.invalid("a wave needs --max-active N or --wave N (or both)");
    }
    if (intervalSeconds.isPresent() && size.isEmpty()) {
      throw LuiException.invalid(
          "--wave-interval",
          intervalSeconds.get().toString(),
          "spaces waves of --wave N nodes: give --wave too");
    }
    long interval = intervalSeconds.orElse(DEFAULT_INTERVAL.toSeconds());
    if (interval < 1 || interval > 86_400) {
      throw LuiException.invalid("--wave-interval", Long.toString(interval), "1-86400 seconds");
    }
    byte[] id = new byte[4];
    RANDOM.nextBytes(id);
    return new Wave(
        "w-" + HexFormat.of().formatHex(id),
        maxActive.map(m -> limit("--max-active", m)),
        size.map(s -> limit("--wave", s)),
        Duration.ofSeconds(interval),
        now);
  }

  private static int limit(String flag, long n) {
    if (n < 1 || n > Wave.MAX) {
      throw LuiException.invalid(flag, Long.toString(n), "1-" + Wave.MAX + " nodes");
    }
    return (int) n;
  }

  /**
   * Fails the boots past the boot timeout, then starts what every wave admits now; a wave with no
   * node waiting or booting any more is deleted. Returns the power results of the nodes it started
   * (or tried to).
   */
  public List<NodePower> tick() {
    List<NodePower> out = new ArrayList<>();
    List<Wave> waves = store.waves();
    if (waves.isEmpty()) {
      return out;
    }
    List<Node> nodes = store.nodes();
    if (!watch.failLateBoots(nodes, clock.instant()).isEmpty()) {
      nodes = store.nodes();
    }
    for (Wave w : waves) {
      out.addAll(tick(w, nodes));
    }
    return out;
  }

  private List<NodePower> tick(Wave wave, List<Node> all) {
    List<NodePower> out = new ArrayList<>();
    List<Node> nodes = all;
    boolean looked = false;
    while (true) {
      Instant now = clock.instant();
      List<Node> members =
          nodes.stream().filter(n -> n.status().wave().equals(Optional.of(wave.id()))).toList();
      List<Node> waiting = members.stream().filter(n -> n.status().waiting()).toList();
      List<Node> bootingNodes = members.stream().filter(n -> n.status().booting()).toList();
      if (waiting.isEmpty()) {
        if (bootingNodes.isEmpty()) {
          store.deleteWave(wave.id());
          LOG.info("wave {}: every node started and booted (or failed)", wave.id());
        } else {
          markPaused(wave, Optional.empty()); // nothing left to hold back
        }
        return out;
      }
      if (!looked) {
        looked = true;
        Optional<String> why = watch.trouble(wave, bootingNodes, now);
        markPaused(wave, why);
        if (why.isPresent()) {
          return out;
        }
      }
      long booting = bootingNodes.size();
      Instant windowStart = now.minus(wave.interval());
      long recent =
          members.stream()
              .filter(n -> n.status().poweredOn().filter(t -> t.isAfter(windowStart)).isPresent())
              .count();
      long free =
          Math.min(
              waiting.size(),
              Math.min(
                  wave.maxActive().map(m -> m - booting).orElse((long) Wave.MAX),
                  wave.size().map(s -> s - recent).orElse((long) Wave.MAX)));
      if (free <= 0) {
        return out;
      }
      List<Node> batch = waiting.subList(0, (int) free);
      List<NodePower> results = power.start(batch);
      record(wave, batch, results, clock.instant());
      out.addAll(results);
      LOG.info(
          "wave {}: started {} ({} booting, {} waiting before)",
          wave.id(),
          dev.lui.core.domain.NodeSet.compress(batch.stream().map(Node::name).toList()),
          booting,
          waiting.size());
      if (results.stream().allMatch(NodePower::ok)) {
        return out;
      }
      nodes = store.nodes(); // failed ones freed their places: fill them now
    }
  }

  /** Stores the wave's pause (or its end), unless it was resumed meanwhile. */
  private void markPaused(Wave wave, Optional<String> why) {
    if (wave.paused().equals(why)) {
      return;
    }
    boolean stored =
        store.transaction(
            () -> {
              Optional<Wave> current =
                  store.waves().stream().filter(w -> w.id().equals(wave.id())).findFirst();
              if (current.isEmpty() || !current.get().resumed().equals(wave.resumed())) {
                return false;
              }
              store.putWave(current.get().pausedFor(why));
              return true;
            });
    if (stored && wave.paused().isEmpty()) {
      LOG.warn("wave {} paused: {}", wave.id(), why.get());
    } else if (stored && why.isEmpty()) {
      LOG.info("wave {} goes on: {} cleared", wave.id(), wave.paused().get());
    }
  }

  /** Each result into its node's status, if the node is still this arming's, waiting. */
  private void record(Wave wave, List<Node> batch, List<NodePower> results, Instant now) {
    store.transaction(
        () -> {
          for (NodePower r : results) {
            Node started = batch.stream().filter(n -> n.name().equals(r.node())).findFirst().get();
            Optional<Node> current = store.node(r.node());
            if (current.isEmpty()
                || !current.get().status().armId().equals(started.status().armId())
                || !current.get().status().waiting()) {
              continue; // re-armed or removed meanwhile: its new arming decides
            }
            Node n = current.get();
            store.putNode(
                n.withStatus(
                    r.ok()
                        ? n.status().poweredOnAt(now)
                        : n.status().powerFailed("wave " + wave.id() + ": " + r.line())));
          }
        });
  }
}
