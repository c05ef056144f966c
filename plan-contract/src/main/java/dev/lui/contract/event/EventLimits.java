package dev.lui.contract.event;

import java.nio.charset.StandardCharsets;

/**
 * The sizes both ends of {@code POST /api/v1/agent/NODE/events} agree on: the server refuses a
 * request over them (413) and stores a longer line cut short; the agent cuts lines and splits
 * batches to stay under them, so a chatty install never meets the refusal.
 */
public final class EventLimits {
  private EventLimits() {}

  /** One request's body, in bytes. */
  public static final int MAX_REQUEST_BYTES = 1 << 20;

  /** Events in one request. */
  public static final int MAX_EVENTS_PER_REQUEST = 1000;

  /** An event's text, in UTF-8 bytes, marker included: a longer one is cut and marked. */
  public static final int MAX_TEXT_BYTES = 8 * 1024;

  /**
   * The text itself when it fits in {@link #MAX_TEXT_BYTES}; otherwise its start (whole characters
   * only) and a marker saying how many bytes were cut, e.g. {@code … [truncated 10485760 bytes]},
   * together at most {@link #MAX_TEXT_BYTES}. Cutting a cut text again changes nothing, so agent
   * and server may both apply it.
   */
  public static String truncate(String text) {
    // Cheap exit: a UTF-8 character is at most 3 bytes per UTF-16 char.
    if ((long) text.length() * 3 <= MAX_TEXT_BYTES) {
      return text;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_TEXT_BYTES) {
      return text;
    }
    // The marker's length depends on the count it shows; the longest count is the whole text.
    int room = MAX_TEXT_BYTES - marker(utf8.length).getBytes(StandardCharsets.UTF_8).length;
    int keep = room;
    while (keep > 0 && (utf8[keep] & 0xC0) == 0x80) {
      keep--; // never split a character: back up to the start of the one at the cut
    }
    String head = new String(utf8, 0, keep, StandardCharsets.UTF_8);
    return head + marker(utf8.length - keep);
  }

  private static String marker(long cutBytes) {
    return "\u2026 [truncated " + cutBytes + " bytes]";
  }

  /**
   * The UTF-8 size of {@code text} as {@code getBytes(UTF_8)} gives it, counted without copying it.
   */
  public static long utf8Length(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n += 1; // a lone surrogate is encoded as '?'
      } else {
        n += 3;
      }
    }
    return n;
  }
}
