package dev.lui.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How lui's enum constants are written on the wire (CLI, API, config, store): the constant's name
 * in lower case with '-' for '_' ({@code LOCAL_BOOT} is {@code local-boot}). The one spelling rule
 * and its one reader, so no enum keeps a second list of its names.
 */
public final class WireNames {
  private WireNames() {}

  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant of {@code type} written {@code text}, if there is one. */
  public static <E extends Enum<E>> Optional<E> find(Class<E> type, String text) {
    return Arrays.stream(type.getEnumConstants()).filter(c -> of(c).equals(text)).findFirst();
  }

  /** Every constant of {@code type} as written, in order, comma-separated (for messages). */
  public static String list(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(WireNames::of)
        .collect(Collectors.joining(", "));
  }
}
