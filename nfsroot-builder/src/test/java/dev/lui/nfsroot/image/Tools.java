package dev.lui.nfsroot.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A runner for the image tests' commands (their gate is {@code dev.lui.testkit.RealTools}). */
final class Tools {
  private Tools() {}

  record Run(int exit, String output) {}

  /** Runs a command (stdout+stderr together), with extra environment, a generous timeout. */
  static Run run(List<String> cmd, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  static Run run(String... cmd) throws IOException, InterruptedException {
    return run(List.of(cmd), Map.of());
  }
}
