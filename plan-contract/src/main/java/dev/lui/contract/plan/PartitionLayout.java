package dev.lui.contract.plan;

import java.util.List;

/**
 * The partition table to write on the target disk.
 *
 * @param label {@code gpt} or {@code dos}
 */
public record PartitionLayout(String label, List<PartitionSpec> partitions) {
  public PartitionLayout {
    partitions = List.copyOf(partitions);
  }
}
