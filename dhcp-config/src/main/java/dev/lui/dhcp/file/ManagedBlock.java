package dev.lui.dhcp.file;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of an administrator's file that lui owns, fenced by marker lines:
 *
 * <pre>
 * # BEGIN lui managed block
 * ...lui's lines...
 * # END lui managed block
 * </pre>
 *
 * {@link #replace} swaps only the lines between the markers; every other byte of the file (the
 * marker lines themselves, line endings, a missing final newline) stays as it was, so an admin's
 * edits outside the block survive and diffs stay small. A file without the block gets it appended.
 */
public final class ManagedBlock {
  public static final String DEFAULT_BEGIN = "# BEGIN lui managed block";
  public static final String DEFAULT_END = "# END lui managed block";

  private final String begin;
  private final String end;

  /** Markers for files whose comments start with '#' (dhcpd.conf, bootptab, exports...). */
  public static ManagedBlock standard() {
    return new ManagedBlock(DEFAULT_BEGIN, DEFAULT_END);
  }

  /** Custom marker lines, e.g. for a file whose comments are not '#'. */
  public ManagedBlock(String begin, String end) {
    this.begin = requireMarker("begin", begin);
    this.end = requireMarker("end", end);
    if (this.begin.equals(this.end)) {
      throw new IllegalArgumentException(
          "end marker '" + end + "' is invalid: must differ from the begin marker");
    }
  }

  /** The file text malformed: markers unpaired, out of order or repeated. */
  public static final class MalformedBlockException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int line;

    MalformedBlockException(int line, String message) {
      super("line " + line + ": " + message);
      this.line = line;
    }

    /** 1-based line of the offending marker. */
    public int line() {
      return line;
    }
  }

  /**
   * {@code text} with the block's content replaced by {@code body} (a final newline is added to
   * {@code body} if missing; an empty body leaves an empty block).
   *
   * @throws MalformedBlockException if the markers in {@code text} are unpaired, out of order or
   *     appear more than once
   * @throws IllegalArgumentException if {@code body} contains a marker line
   */
  public String replace(String text, String body) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(body, "body");
    String normalized = body.isEmpty() || body.endsWith("\n") ? body : body + "\n";
    for (String l : normalized.split("\n", -1)) {
      if (isMarker(l)) {
        throw new IllegalArgumentException(
            "body line '" + l.strip() + "' is invalid: must not be a managed-block marker");
      }
    }
    Optional<int[]> span = find(text);
    if (span.isEmpty()) {
      String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
      return text + sep + begin + "\n" + normalized + end + "\n";
    }
    int[] s = span.get();
    return text.substring(0, s[0]) + normalized + text.substring(s[1]);
  }

  /** The block's current content (between the marker lines), if the block is present. */
  public Optional<String> extract(String text) {
    Objects.requireNonNull(text, "text");
    return find(text).map(s -> text.substring(s[0], s[1]));
  }

  /**
   * Character offsets {start, end} of the block's content: start just after the begin line's
   * newline, end at the first character of the end line.
   */
  private Optional<int[]> find(String text) {
    List<int[]> lines = lines(text);
    int beginLine = -1;
    int endLine = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = text.substring(lines.get(i)[0], lines.get(i)[1]);
      if (isBegin(l)) {
        if (beginLine >= 0) {
          throw new MalformedBlockException(
              i + 1, "second '" + begin + "' (first on line " + (beginLine + 1) + ")");
        }
        beginLine = i;
      } else if (isEnd(l)) {
        if (beginLine < 0) {
          throw new MalformedBlockException(
              i + 1, "'" + end + "' without '" + begin + "' before it");
        }
        if (endLine >= 0) {
          throw new MalformedBlockException(
              i + 1, "second '" + end + "' (first on line " + (endLine + 1) + ")");
        }
        endLine = i;
      }
    }
    if (beginLine < 0) {
      return Optional.empty();
    }
    if (endLine < 0) {
      throw new MalformedBlockException(beginLine + 1, "'" + begin + "' without '" + end + "'");
    }
    // An end line after the begin line means the begin line ends in a newline.
    return Optional.of(new int[] {lines.get(beginLine)[2], lines.get(endLine)[0]});
  }

  /** Each line as {start, endOfContent, startOfNextLine}; "\r\n" counts as the line ending. */
  private static List<int[]> lines(String text) {
    List<int[]> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int next = nl < 0 ? text.length() : nl + 1;
      int contentEnd = nl < 0 ? text.length() : nl;
      if (contentEnd > start && text.charAt(contentEnd - 1) == '\r') {
        contentEnd--;
      }
      out.add(new int[] {start, contentEnd, next});
      start = next;
    }
    return out;
  }

  private boolean isMarker(String line) {
    return isBegin(line) || isEnd(line);
  }

  private boolean isBegin(String line) {
    return line.strip().equals(begin);
  }

  private boolean isEnd(String line) {
    return line.strip().equals(end);
  }

  private static String requireMarker(String field, String marker) {
    Objects.requireNonNull(marker, field);
    if (marker.isBlank()
        || !marker.equals(marker.strip())
        || marker.contains("\n")
        || marker.contains("\r")) {
      throw new IllegalArgumentException(
          field
              + " marker '"
              + marker
              + "' is invalid: must be one non-blank line without"
              + " surrounding whitespace");
    }
    return marker;
  }
}
