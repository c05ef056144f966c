package dev.lui.core.demo;

import dev.lui.core.LuiException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

/** A sparse disk image on a loop device, for the demo's --real-disk run. */
final class LoopDisk {
  private LoopDisk() {}

  static String attach(Path image, long bytes) throws IOException, InterruptedException {
    try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
      f.setLength(bytes);
    }
    Process p = new ProcessBuilder(List.of("losetup", "--find", "--show", "--partscan", image.toString()))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (p.waitFor() != 0 || !out.startsWith("/dev/loop")) {
      throw LuiException.failed("losetup could not attach " + image + ": " + out);
    }
    return out;
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
