package dev.lui.tftp.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gate for tests that need an external program: skipped when it is missing, unless CI demands real
 * tools (LUI_REQUIRE_REAL_TOOLS=1), where a missing program is a failure.
 */
public final class RealTools {
  private RealTools() {}

  public static boolean required() {
    return "1".equals(System.getenv("LUI_REQUIRE_REAL_TOOLS"));
  }

  /** Returns the program's path, or aborts/fails the test when it is not on PATH. */
  public static Path require(String program, String debianPackage) {
    Path found = find(program);
    if (found == null) {
      String why = program + " not found on PATH (Debian package " + debianPackage + ")";
      if (required()) {
        fail(why + " but LUI_REQUIRE_REAL_TOOLS=1");
      }
      assumeTrue(false, why);
    }
    return found;
  }

  /** Same gate for a capability other than a program (e.g. IPv6 loopback). */
  public static void requireThat(boolean available, String what) {
    if (!available && required()) {
      fail(what + " is not available but LUI_REQUIRE_REAL_TOOLS=1");
    }
    assumeTrue(available, what + " is not available");
  }

  private static Path find(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
