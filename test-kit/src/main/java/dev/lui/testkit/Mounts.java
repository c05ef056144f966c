package dev.lui.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Mounting what a test made, to look at it. */
public final class Mounts {
  private Mounts() {}

  /**
   * {@code mount -o ro DEVICE DIR}, retried a while: right after an umount, a loaded machine's
   * kernel can still hold the filesystem and answer "already mounted or mount point busy" (EBUSY)
   * for a moment. Bounded; not a timing assertion.
   */
  public static void readOnly(String device, Path dir) throws Exception {
    String last = "";
    for (int i = 0; i < 40; i++) {
      Process p =
          new ProcessBuilder("mount", "-o", "ro", device, dir.toString())
              .redirectErrorStream(true)
              .start();
      last = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() == 0) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("mount -o ro " + device + " " + dir + " kept failing: " + last);
  }
}
