package dev.lui.tests.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** A long-running process of the lab, its output in a log file, stopped by its own PID. */
final class Daemon implements AutoCloseable {
  final String name;
  final Path log;
  private final Process process;

  private Daemon(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  static Daemon start(String name, Path log, List<String> cmd) {
    try {
      Files.createDirectories(log.getParent());
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      return new Daemon(name, log, p);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start " + name + " (" + String.join(" ", cmd) + "): " + e.getMessage(), e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** The last {@code lines} lines of its output, for failure messages. */
  String tail(int lines) {
    List<String> all = output().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** Waits until the output matches, failing early with the output when the process ends first. */
  void await(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (pattern.matcher(output()).find()) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited "
                + process.exitValue()
                + " before printing /"
                + pattern
                + "/:\n"
                + tail(40));
      }
      sleep(200);
    }
    throw new IllegalStateException(
        name + " printed no /" + pattern + "/ within " + timeout + ":\n" + tail(40));
  }

  /** Waits for the process to exit by itself; false on timeout (it is left running). */
  boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  int exitCode() {
    return process.exitValue();
  }

  /** SIGTERM, then SIGKILL if it has not gone after 15 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitFor(Duration.ofSeconds(15))) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(10));
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
