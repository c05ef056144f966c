package dev.lui.core.config;

import dev.lui.core.LuiException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the wave scheduler calls a boot in trouble (#14).
 *
 * @param bootTimeout a node lui powered on whose agent has not called this long after is failed,
 *     which frees its place in the wave
 * @param stallAfter a booting node served no boot file this long after its power-on pauses its wave
 * @param failures this many failed boot-file transfers (error, refusal, timeout) of a wave's
 *     booting nodes pause the wave
 */
public record WaveWatch(Duration bootTimeout, Duration stallAfter, int failures) {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})([smh])");
  private static final Duration MAX = Duration.ofHours(24);

  public WaveWatch {
    Objects.requireNonNull(bootTimeout, "bootTimeout");
    Objects.requireNonNull(stallAfter, "stallAfter");
  }

  public static WaveWatch defaults() {
    return new WaveWatch(Duration.ofMinutes(20), Duration.ofMinutes(5), 3);
  }

  /** Checked settings, each error naming its flag. */
  public static WaveWatch of(String bootTimeout, String stallAfter, int failures) {
    Duration boot = duration("--boot-timeout", bootTimeout);
    Duration stall = duration("--wave-stall-after", stallAfter);
    if (stall.compareTo(boot) >= 0) {
      throw LuiException.invalid(
          "--wave-stall-after",
          stallAfter,
          "must be shorter than --boot-timeout ("
              + words(boot)
              + "), or a stalled node would be failed before its wave paused");
    }
    if (failures < 1 || failures > 10_000) {
      throw LuiException.invalid("--wave-pause-failures", Integer.toString(failures), "1-10000");
    }
    return new WaveWatch(boot, stall, failures);
  }

  /** {@code 90s}, {@code 5m} or {@code 1h}: 1 s to 24 h. */
  static Duration duration(String flag, String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw LuiException.invalid(flag, text, "a duration like 90s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (d.isZero() || d.compareTo(MAX) > 0) {
      throw LuiException.invalid(flag, text, "between 1s and 24h");
    }
    return d;
  }

  /** As the settings write it: {@code 20m}, {@code 90s}, {@code 2h}. */
  public static String words(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
