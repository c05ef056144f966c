package dev.lui.core.report;

import dev.lui.core.store.LogEntry;
import dev.lui.core.store.Store;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines of a failed node's log that {@code GET /api/v1/report} shows: at most {@link
 * #MAX_LINES}, each cut to {@link #MAX_CHARS} characters, so a node that logged huge lines cannot
 * make the report huge. The log is read a page at a time, so memory stays small too.
 */
public final class ReportLines {
  private ReportLines() {}

  public static final int MAX_LINES = 8;
  public static final int MAX_CHARS = 240;
  private static final int PAGE = 500;

  public static List<String> last(Store store, String node) {
    ArrayDeque<String> last = new ArrayDeque<>(MAX_LINES + 1);
    long after = 0;
    while (true) {
      List<LogEntry> page = store.log(node, after, PAGE);
      for (LogEntry e : page) {
        after = e.id();
        if (e.text().isPresent()) {
          last.addLast(cut(e.text().get()));
          if (last.size() > MAX_LINES) {
            last.removeFirst();
          }
        }
      }
      if (page.size() < PAGE) {
        return List.copyOf(last);
      }
    }
  }

  /** The line itself, or its first {@link #MAX_CHARS} characters and how many more there were. */
  static String cut(String line) {
    if (line.length() <= MAX_CHARS) {
      return line;
    }
    int end = Character.isHighSurrogate(line.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
    return line.substring(0, end) + "\u2026 [" + (line.length() - end) + " more characters]";
  }
}
