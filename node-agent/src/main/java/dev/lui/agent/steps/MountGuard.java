package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.disk.BlockDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses a disk that is in use: any mount point lsblk shows for it or a partition, any {@code
 * /proc/mounts} source or {@code /proc/swaps} entry on it. Pure: inputs are passed in.
 */
public final class MountGuard {
  private MountGuard() {}

  public static void check(String disk, List<BlockDevice> tree, String procMounts, String procSwaps)
      throws StepFailedException {
    Set<String> devices = new LinkedHashSet<>();
    devices.add(disk);
    List<String> uses = new ArrayList<>();
    collect(tree, devices, uses);
    // nvme0n1 -> nvme0n1p2 (nvme0n12 is another namespace); sda -> sda2 (sdaa2 is another disk).
    String prefix = PartitionNames.of(disk, 1);
    Pattern partOfDisk =
        Pattern.compile(Pattern.quote(prefix.substring(0, prefix.length() - 1)) + "[0-9]+");
    for (String line : procMounts.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && onDisk(f[0], devices, partOfDisk)) {
        uses.add(f[0] + " is mounted at " + unescape(f[1]));
      }
    }
    for (String line : procSwaps.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 1 && !f[0].equals("Filename") && onDisk(f[0], devices, partOfDisk)) {
        uses.add(f[0] + " is in use as swap");
      }
    }
    if (!uses.isEmpty()) {
      throw new StepFailedException(
          "refusing to touch "
              + disk
              + ", it is in use: "
              + String.join("; ", new LinkedHashSet<>(uses)));
    }
  }

  private static void collect(List<BlockDevice> tree, Set<String> devices, List<String> uses) {
    for (BlockDevice d : tree) {
      devices.add(d.path());
      for (String m : d.mountPoints()) {
        uses.add(d.path() + (m.equals("[SWAP]") ? " is in use as swap" : " is mounted at " + m));
      }
      collect(d.children(), devices, uses);
    }
  }

  private static boolean onDisk(String source, Set<String> devices, Pattern partOfDisk) {
    String s = source;
    if (s.startsWith("/dev/")) {
      try {
        s = Path.of(s).toRealPath().toString(); // /dev/disk/by-uuid/... -> /dev/sda1
      } catch (IOException | RuntimeException e) {
        s = source; // not resolvable here: compare as written
      }
    }
    return devices.contains(s)
        || partOfDisk.matcher(s).matches()
        || devices.contains(source)
        || partOfDisk.matcher(source).matches();
  }

  /** /proc/mounts escapes blanks as octal, e.g. {@code \040}. */
  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
  }

  static String read(Path p) throws StepFailedException {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new StepFailedException("cannot read " + p + " to check the disk is unused", e);
    }
  }
}
