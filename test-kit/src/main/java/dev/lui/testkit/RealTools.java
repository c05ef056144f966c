package dev.lui.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The one gate for tests that need something of the machine: an installed program, a file a package
 * ships, root, or a capability such as IPv6 loopback. Where it is missing the test is skipped,
 * saying what is missing and which Debian package brings it; with {@code LUI_REQUIRE_REAL_TOOLS=1}
 * (CI, where {@code .ci/run} installs every such package) the test fails instead, so CI cannot pass
 * by skipping.
 *
 * <p>Programs are named without their package: {@link DebianPackages} is the one table of which
 * package brings which program, and a test of this module checks that {@code .ci/run} installs
 * every package in it.
 */
public final class RealTools {
  /** The environment variable that turns a skip into a failure. */
  public static final String REQUIRE_ENV = "LUI_REQUIRE_REAL_TOOLS";

  /** Searched after PATH: programs for root live in sbin, which a user's PATH may lack. */
  private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  private RealTools() {}

  /** Whether a missing program or capability fails the test ({@code LUI_REQUIRE_REAL_TOOLS=1}). */
  public static boolean required() {
    return "1".equals(System.getenv(REQUIRE_ENV));
  }

  /**
   * The path of {@code program} (searched on PATH, then in the sbin and bin directories); the test
   * is skipped, or failed when real tools are required, if it is not installed.
   *
   * @throws IllegalArgumentException if {@link DebianPackages} does not know the program
   */
  public static Path program(String program) {
    String pkg = DebianPackages.of(program);
    Optional<Path> found = find(program);
    if (found.isEmpty()) {
      unavailable(notInstalled(program, pkg));
    }
    return found.get();
  }

  /** An installed program at a fixed path, e.g. {@code /usr/sbin/dhcpd}. */
  public static Path program(Path path) {
    String pkg = DebianPackages.of(path.getFileName().toString());
    if (!Files.isExecutable(path)) {
      unavailable(notInstalled(path.toString(), pkg));
    }
    return path;
  }

  /** Every one of {@code programs}; all the missing ones are named at once. */
  public static void programs(String... programs) {
    need(false, programs);
  }

  /** Root: skipped as another user, failed then when real tools are required. */
  public static void root() {
    need(true);
  }

  /** Root and every one of {@code programs}; everything missing is named at once. */
  public static void rootAnd(String... programs) {
    need(true, programs);
  }

  /** A file that a package installs (firmware, a boot loader's image), or skip/fail. */
  public static Path file(Path file, String debianPackage) {
    if (!Files.isRegularFile(file)) {
      unavailable(file + " is missing (Debian package " + debianPackage + ")");
    }
    return file;
  }

  /**
   * A capability of the machine that is not a program ("IPv6 loopback ::1", "bind mounts"): skip,
   * or fail when real tools are required, unless {@code available}.
   */
  public static void capability(boolean available, String what) {
    if (!available) {
      unavailable(what + " is not available here");
    }
  }

  /**
   * Something the test needs is missing ({@code what} says what, and how to get it): always throws,
   * skipping the test, or failing it when real tools are required.
   */
  public static void missing(String what) {
    unavailable(what);
  }

  /** Where {@code program} is installed, if it is. */
  public static Optional<Path> find(String program) {
    Set<String> dirs = new LinkedHashSet<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        dirs.add(dir);
      }
    }
    dirs.addAll(EXTRA_DIRS);
    for (String dir : dirs) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether this process runs as root (its effective user id is 0). */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring(4).trim().split("\\s+");
          return ids.length > 1 && ids[1].equals("0");
        }
      }
    } catch (IOException e) {
      // No /proc: fall back to the user name.
    }
    return "root".equals(System.getProperty("user.name"));
  }

  private static void need(boolean root, String... programs) {
    List<String> missing = new ArrayList<>();
    if (root && !isRoot()) {
      missing.add("root (this test runs as " + System.getProperty("user.name") + ")");
    }
    for (String program : programs) {
      String pkg = DebianPackages.of(program);
      if (find(program).isEmpty()) {
        missing.add(notInstalled(program, pkg));
      }
    }
    if (!missing.isEmpty()) {
      unavailable("missing: " + String.join("; ", missing));
    }
  }

  private static String notInstalled(String program, String debianPackage) {
    return program + " is not installed (Debian package " + debianPackage + ")";
  }

  private static void unavailable(String what) {
    unavailable(required(), what);
  }

  /** Throws the failure (real tools required) or the skip (not) of a missing requirement. */
  static void unavailable(boolean required, String what) {
    if (required) {
      throw new AssertionFailedError(
          what
              + "; "
              + REQUIRE_ENV
              + "=1, so this fails instead of skipping (.ci/run installs it)");
    }
    throw new TestAbortedException("Assumption failed: " + what);
  }
}
