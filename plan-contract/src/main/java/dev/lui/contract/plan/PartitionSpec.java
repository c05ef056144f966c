package dev.lui.contract.plan;

import java.util.List;
import java.util.Optional;

/**
 * One partition, in disk order.
 *
 * @param size {@code 512M}, {@code 20G}, {@code 10%} or {@code rest} (only the last may be rest)
 * @param filesystem {@code ext4}, {@code xfs}, {@code vfat}, {@code swap} or {@code none}
 * @param mountPoint absolute path in the installed system; empty for swap and unmounted partitions
 * @param flags e.g. {@code boot}, {@code esp}, {@code bios_grub}
 */
public record PartitionSpec(
    String size,
    String filesystem,
    Optional<String> mountPoint,
    Optional<String> label,
    List<String> flags) {
  public PartitionSpec {
    flags = List.copyOf(flags);
  }
}
