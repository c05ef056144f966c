package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.io.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * mkfs.ext4 -F / mkfs.xfs -f / mkfs.vfat / mkswap on each partition (forced: the disk was just
 * partitioned).
 */
public final class MakeFilesystems implements Step {
  @Override
  public String name() {
    return "make-filesystems";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    List<PartitionSpec> parts = ctx.plan().partitions().partitions();
    for (int i = 0; i < parts.size(); i++) {
      java.util.Optional<List<String>> argv = command(parts.get(i), ctx.partitionPath(i));
      if (argv.isPresent()) {
        ctx.runner().run(Command.of(argv.get()));
      }
    }
  }

  /** The mkfs command for one partition; empty for {@code none}. */
  static java.util.Optional<List<String>> command(PartitionSpec p, String dev) {
    List<String> argv = new ArrayList<>();
    switch (p.filesystem()) {
      case "ext4" -> {
        argv.addAll(List.of("mkfs.ext4", "-F"));
        p.label().ifPresent(l -> argv.addAll(List.of("-L", l)));
      }
      case "xfs" -> {
        argv.addAll(List.of("mkfs.xfs", "-f"));
        p.label().ifPresent(l -> argv.addAll(List.of("-L", l)));
      }
      case "vfat" -> {
        argv.add("mkfs.vfat");
        p.label().ifPresent(l -> argv.addAll(List.of("-n", l)));
      }
      case "swap" -> {
        argv.add("mkswap");
        p.label().ifPresent(l -> argv.addAll(List.of("-L", l)));
      }
      default -> {
        return java.util.Optional.empty();
      }
    }
    argv.add(dev);
    return java.util.Optional.of(argv);
  }
}
