package dev.lui.core.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of hashing or uploading one file, on stderr: only for a large file (over 64 MiB) or one
 * that takes over 2 s. On a terminal one line is rewritten (with {@code \r}) a few times a second;
 * otherwise (a log, a pipe) a line at most every 5 s. Ends with a line giving the time and rate.
 * Thread-safe: the HTTP client reports upload progress from its own threads.
 */
final class Progress {
  static final long BIG = 64L << 20;
  static final long SHOW_AFTER_NANOS = 2_000_000_000L;
  static final long TERMINAL_EVERY_NANOS = 250_000_000L;
  static final long LINE_EVERY_NANOS = 5_000_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier nanos;
  private final String doing;
  private final String done;
  private final String name;
  private final long total;
  private final long start;
  private long last = Long.MIN_VALUE;
  private long bytes;
  private int width;
  private boolean printed;

  /**
   * @param doing what is happening ("uploading"), {@code done} what happened ("uploaded")
   */
  Progress(
      PrintWriter err,
      boolean terminal,
      LongSupplier nanos,
      String doing,
      String done,
      String name,
      long total) {
    this.err = err;
    this.terminal = terminal;
    this.nanos = nanos;
    this.doing = doing;
    this.done = done;
    this.name = name;
    this.total = total;
    this.start = nanos.getAsLong();
  }

  /** {@code sent} bytes so far. */
  synchronized void update(long sent) {
    bytes = sent;
    long now = nanos.getAsLong();
    long elapsed = now - start;
    boolean show = total > BIG || elapsed >= SHOW_AFTER_NANOS;
    if (!show) {
      return;
    }
    String line =
        String.format(
            Locale.ROOT,
            "lui: %s %s: %s of %s MiB (%d%%), %s MiB/s",
            doing,
            name,
            Sizes.mib(sent),
            Sizes.mib(total),
            total == 0 ? 100 : sent * 100 / total,
            rate(sent, elapsed));
    if (terminal) {
      if (last == Long.MIN_VALUE || now - last >= TERMINAL_EVERY_NANOS) {
        rewrite(line);
        last = now;
      }
    } else if (elapsed >= SHOW_AFTER_NANOS
        && (last == Long.MIN_VALUE || now - last >= LINE_EVERY_NANOS)) {
      err.println(line);
      err.flush();
      printed = true;
      last = now;
    }
  }

  /** The closing line, if any progress was shown or the file is large. */
  synchronized void finish() {
    long elapsed = nanos.getAsLong() - start;
    if (!printed && total <= BIG && elapsed < SHOW_AFTER_NANOS) {
      return;
    }
    String line =
        String.format(
            Locale.ROOT,
            "lui: %s %s: %s MiB in %.1f s, %s MiB/s",
            done,
            name,
            Sizes.mib(bytes),
            elapsed / 1e9,
            rate(bytes, elapsed));
    if (terminal) {
      rewrite(line);
      err.println();
    } else {
      err.println(line);
    }
    err.flush();
  }

  private void rewrite(String line) {
    String padded = line.length() < width ? line + " ".repeat(width - line.length()) : line;
    width = line.length();
    err.print("\r" + padded);
    err.flush();
    printed = true;
  }

  private static String rate(long bytes, long elapsedNanos) {
    if (elapsedNanos <= 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f", bytes / (double) (1 << 20) / (elapsedNanos / 1e9));
  }

  /** Whether this process's stderr is a terminal (Linux: fd 2 is a tty or pty). */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }
}
