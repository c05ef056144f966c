package dev.lui.core.demo;

import dev.lui.core.LuiException;
import dev.lui.io.ProcessRunner;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

/** A sparse disk image on a loop device, for the demo's --real-disk run. */
final class LoopDisk {
  private LoopDisk() {}

  private static final ProcessRunner RUNNER = ProcessRunner.withoutTimeout();

  static String attach(Path image, long bytes) throws IOException, InterruptedException {
    try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
      f.setLength(bytes);
    }
    ProcessRunner.Result r =
        RUNNER.run(List.of("losetup", "--find", "--show", "--partscan", image.toString()));
    String out = r.output().strip();
    if (r.exitCode() != 0 || !out.startsWith("/dev/loop")) {
      throw LuiException.failed("losetup could not attach " + image + ": " + out);
    }
    return out;
  }

  /** What the agent left on the disk: its partition table and filesystems. */
  static void show(java.io.PrintWriter out, String device)
      throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("blkid", "-c", "/dev/null"));
    for (int i = 1; i < 16 && java.nio.file.Files.exists(Path.of(device + "p" + i)); i++) {
      cmd.add(device + "p" + i);
    }
    out.println("$ " + String.join(" ", cmd));
    out.print(RUNNER.run(cmd).output());
    out.flush();
  }

  static void detach(String device) {
    try {
      new ProcessBuilder(List.of("losetup", "--detach", device)).inheritIO().start().waitFor();
    } catch (IOException e) {
      System.err.println("lui demo: could not detach " + device + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
