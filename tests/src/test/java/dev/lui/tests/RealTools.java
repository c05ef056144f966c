package dev.lui.tests;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests that need a real program or root skip on a developer's machine without it, and fail in CI
 * (LUI_REQUIRE_REAL_TOOLS=1), where .ci/run installs everything.
 */
public final class RealTools {
  private RealTools() {}

  public static boolean required() {
    return "1".equals(System.getenv("LUI_REQUIRE_REAL_TOOLS"));
  }

  public static Path require(String program) {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    if (required()) {
      fail(program + " is not installed, and LUI_REQUIRE_REAL_TOOLS=1 (.ci/run installs it)");
    }
    assumeTrue(false, program + " is not installed");
    return null;
  }

  public static void requireRoot() {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root && required()) {
      fail("this test needs root, and LUI_REQUIRE_REAL_TOOLS=1");
    }
    assumeTrue(root, "needs root");
  }
}
