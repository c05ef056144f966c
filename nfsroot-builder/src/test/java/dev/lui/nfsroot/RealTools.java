package dev.lui.nfsroot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Finds real programs for tests: skip when missing, fail when LUI_REQUIRE_REAL_TOOLS=1. */
public final class RealTools {
  private RealTools() {}

  public static Optional<Path> find(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, program);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  public static Path require(String program) {
    Optional<Path> p = find(program);
    if (p.isEmpty() && "1".equals(System.getenv("LUI_REQUIRE_REAL_TOOLS"))) {
      throw new AssertionError(program + " is required (LUI_REQUIRE_REAL_TOOLS=1) but not found");
    }
    Assumptions.assumeTrue(p.isPresent(), program + " not installed");
    return p.get();
  }
}
