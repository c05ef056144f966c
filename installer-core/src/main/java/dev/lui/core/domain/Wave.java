package dev.lui.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A boot-storm admission of one {@code lui install NODES --power-cycle --max-active N [--wave W
 * --wave-interval S]} (#14): its nodes (those whose {@link InstallStatus#wave} names it) are
 * powered on by the server's wave scheduler, at most {@code maxActive} between power-on and their
 * agent's first call, and at most {@code size} in any {@code interval}.
 *
 * @param id random, named by the nodes
 * @param maxActive nodes booting at once (powered on, no plan fetched yet); empty: no limit
 * @param size nodes started per {@code interval}; empty: no limit
 * @param interval the window {@code size} counts in
 * @param created when the wave was made
 * @param paused why the scheduler powers on none of its nodes now (boot-file transfers of its
 *     booting nodes failed or stalled); empty while it runs
 * @param resumed when an admin resumed it ({@code lui install --resume}): problems seen before do
 *     not count any more
 */
public record Wave(
    String id,
    Optional<Integer> maxActive,
    Optional<Integer> size,
    Duration interval,
    Instant created,
    Optional<String> paused,
    Optional<Instant> resumed) {
  /** The most any limit may be: a bound, not a real cluster's size. */
  public static final int MAX = 100_000;

  public Wave {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(maxActive, "maxActive");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(paused, "paused");
    Objects.requireNonNull(resumed, "resumed");
  }

  /** A new wave: running, never resumed. */
  public Wave(
      String id,
      Optional<Integer> maxActive,
      Optional<Integer> size,
      Duration interval,
      Instant created) {
    this(id, maxActive, size, interval, created, Optional.empty(), Optional.empty());
  }

  /** The same wave paused for {@code why}, or running again (empty). */
  public Wave pausedFor(Optional<String> why) {
    return new Wave(id, maxActive, size, interval, created, why, resumed);
  }

  /** Resumed by an admin at {@code now}: running, problems before {@code now} forgotten. */
  public Wave resumedAt(Instant now) {
    return new Wave(id, maxActive, size, interval, created, Optional.empty(), Optional.of(now));
  }
}
