package dev.lui.core.timeline;

import dev.lui.core.WireNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that happened to a node on its way from armed to its first disk boot (#16).
 *
 * @param title one short line for people: {@code power start}, {@code pxelinux.0}, {@code step
 *     partition}
 * @param detail more for people (sizes, the BMC's answer, the error); empty string when none
 * @param duration how long it took, when known (a step, a timed transfer)
 * @param failure it went wrong: a refused or failed transfer, a failed power action or step, the
 *     install's failure
 */
public record TimelineEvent(
    Instant at,
    Kind kind,
    String title,
    String detail,
    Optional<Duration> duration,
    boolean failure) {

  public TimelineEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(duration, "duration");
  }

  /** What the event is; wire names are lower-case kebab ({@code boot-file}). */
  public enum Kind {
    ARMED,
    POWER,
    BOOT_FILE,
    PLAN_FETCH,
    STEP,
    INSTALLED,
    FIRST_BOOT,
    FAILED;

    public String wireName() {
      return WireNames.of(this);
    }
  }
}
