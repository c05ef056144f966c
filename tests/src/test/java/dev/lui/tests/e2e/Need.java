package dev.lui.tests.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the lab needs from the machine. Missing pieces skip the test on a developer's machine and
 * fail it in CI (LUI_REQUIRE_REAL_TOOLS=1), like {@code dev.lui.tests.RealTools}.
 */
final class Need {
  private Need() {}

  static boolean required() {
    return "1".equals(System.getenv("LUI_REQUIRE_REAL_TOOLS"));
  }

  static Path program(String program) {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    missing(program + " is not installed");
    return null;
  }

  static Path file(Path file, String packageName) {
    if (!Files.isRegularFile(file)) {
      missing(file + " is missing (package " + packageName + ")");
    }
    return file;
  }

  static void root() {
    if (!"root".equals(System.getProperty("user.name"))) {
      missing("the e2e lab needs root (network namespaces, tap devices)");
    }
  }

  static void missing(String what) {
    if (required()) {
      fail(what + ", and LUI_REQUIRE_REAL_TOOLS=1 (.ci/run installs it)");
    }
    assumeTrue(false, what);
  }
}
