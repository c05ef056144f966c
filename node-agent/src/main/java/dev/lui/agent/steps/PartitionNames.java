package dev.lui.agent.steps;

/**
 * The kernel's partition naming: {@code /dev/sda1}, but {@code /dev/nvme0n1p1}, {@code
 * /dev/loop0p1}.
 */
public final class PartitionNames {
  private PartitionNames() {}

  /** Partition {@code number} (1-based) of {@code disk}. */
  public static String of(String disk, int number) {
    char last = disk.charAt(disk.length() - 1);
    return last >= '0' && last <= '9' ? disk + "p" + number : disk + number;
  }
}
