package dev.lui.tests.e2e;

import java.time.Duration;
import java.util.List;

/** Small text helpers of the e2e tests' output: elapsed time, indented blocks, a log's tail. */
final class E2eText {
  private E2eText() {}

  static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  static String indent(String s) {
    return s.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
  }

  static String tail(String s, int lines) {
    List<String> all = s.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
