package dev.lui.contract.plan;

import dev.lui.contract.value.InvalidValueException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@link PartitionSpec#size()}: fixed bytes, a percentage of the disk, or the rest. */
public sealed interface PartitionSize {
  Pattern FIXED = Pattern.compile("([1-9][0-9]{0,15})([MGT])");
  Pattern PERCENT = Pattern.compile("([1-9][0-9]?|100)%");

  /** Exactly {@code bytes} (a whole number of MiB). */
  record Fixed(long bytes, String text) implements PartitionSize {
    public long mebibytes() {
      return bytes / (1024L * 1024L);
    }
  }

  /** {@code percent} of the whole disk, 1..100. */
  record Percent(int percent) implements PartitionSize {}

  /** Whatever is left; only valid for the last partition. */
  record Rest() implements PartitionSize {}

  /**
   * Parses {@code 512M}, {@code 20G}, {@code 1T}, {@code 10%} or {@code rest}.
   *
   * @throws InvalidValueException naming the value and the accepted forms
   */
  static PartitionSize parse(String text) {
    if ("rest".equals(text)) {
      return new Rest();
    }
    Matcher m = FIXED.matcher(text);
    if (m.matches()) {
      int shift =
          switch (m.group(2)) {
            case "M" -> 20;
            case "G" -> 30;
            default -> 40;
          };
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        throw new InvalidValueException(
            "size",
            text,
            "at most " + Long.MAX_VALUE + " bytes",
            "size '" + text + "' is too large");
      }
      return new Fixed(n << shift, text);
    }
    Matcher p = PERCENT.matcher(text);
    if (p.matches()) {
      return new Percent(Integer.parseInt(p.group(1)));
    }
    throw new InvalidValueException(
        "size",
        text,
        "<n>M, <n>G, <n>T, <1-100>% or rest",
        "size '" + text + "' must be <n>M, <n>G, <n>T, <1-100>% or rest");
  }
}
