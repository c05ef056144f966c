package dev.lui.nfsroot.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real programs for tests (skip when missing, fail when LUI_REQUIRE_REAL_TOOLS=1), and a runner.
 */
final class Tools {
  private Tools() {}

  static Optional<Path> find(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }

  static Path require(String program) {
    Optional<Path> p = find(program);
    if (p.isEmpty() && "1".equals(System.getenv("LUI_REQUIRE_REAL_TOOLS"))) {
      throw new AssertionError(program + " is required (LUI_REQUIRE_REAL_TOOLS=1) but not found");
    }
    Assumptions.assumeTrue(p.isPresent(), program + " not installed");
    return p.get();
  }

  static void requireRoot() {
    boolean root = ImageBuilder.isRoot();
    if (!root && "1".equals(System.getenv("LUI_REQUIRE_REAL_TOOLS"))) {
      throw new AssertionError("root is required (LUI_REQUIRE_REAL_TOOLS=1)");
    }
    Assumptions.assumeTrue(root, "needs root");
  }

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
