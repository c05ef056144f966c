package dev.lui.agent;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gate for tests needing real programs and root: skipped where missing, but FAILED when
 * {@code LUI_REQUIRE_REAL_TOOLS=1} (CI), so a broken CI image cannot pass silently.
 */
public final class RealTools {
  private RealTools() {}

  public static void requireRootAnd(String... programs) {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root");
    }
    for (String p : programs) {
      if (!onPath(p)) {
        missing.add(p);
      }
    }
    boolean required = "1".equals(System.getenv("LUI_REQUIRE_REAL_TOOLS"));
    if (!missing.isEmpty() && required) {
      fail("LUI_REQUIRE_REAL_TOOLS=1 but missing: " + missing);
    }
    assumeTrue(missing.isEmpty(), "missing: " + missing);
  }

  static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code mount -o ro DEVICE DIR}, retried a while: right after the agent's umount, a loaded
   * machine's kernel can still hold the filesystem and answer "already mounted or mount point
   * busy" (EBUSY) for a moment. Bounded; not a timing assertion.
   */
  public static void mountReadOnly(String device, java.nio.file.Path dir) throws Exception {
    String last = "";
    for (int i = 0; i < 40; i++) {
      Process p = new ProcessBuilder("mount", "-o", "ro", device, dir.toString()).redirectErrorStream(true).start();
      last = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.waitFor() == 0) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("mount -o ro " + device + " " + dir + " kept failing: " + last);
  }
}
