package dev.lui.core.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Per-node staging on every core: rendering and file writes of a 10,000-node batch add up. */
final class Parallel {
  private Parallel() {}

  /** Work on one item that may fail with an {@link IOException}. */
  @FunctionalInterface
  interface Work<T> {
    void run(T item) throws IOException;
  }

  /** Runs {@code work} on every item (in parallel for many); the first failure is thrown. */
  static <T> void forEach(List<T> items, Work<T> work) throws IOException {
    if (items.size() < 64) {
      for (T item : items) {
        work.run(item);
      }
      return;
    }
    try {
      items.parallelStream()
          .forEach(
              item -> {
                try {
                  work.run(item);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
