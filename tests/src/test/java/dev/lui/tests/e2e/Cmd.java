package dev.lui.tests.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command (an argument array) to completion; a failure carries its output. */
final class Cmd {
  private Cmd() {}

  static String run(Duration timeout, String... cmd) {
    return run(timeout, List.of(cmd));
  }

  static String run(Duration timeout, List<String> cmd) {
    Result r = tryRun(timeout, cmd);
    if (r.code() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " exited " + r.code() + ": " + r.output().strip());
    }
    return r.output();
  }

  record Result(int code, String output) {}

  /** Output is collected through a file so a chatty command can never block on a full pipe. */
  static Result tryRun(Duration timeout, List<String> cmd) {
    Path out = null;
    Process p = null;
    try {
      out = Files.createTempFile("lui-e2e-cmd", ".out");
      p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            String.join(" ", cmd) + " did not finish within " + timeout);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (p != null) {
        p.destroyForcibly();
      }
      throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }
}
