package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.io.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Mounts every partition with a mount point under the target dir, parents before children. */
public final class Mount implements Step {
  @Override
  public String name() {
    return "mount";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    ctx.runner().run(Command.of("mkdir", "-p", ctx.target().toString()));
    for (int i : order(ctx.plan().partitions().partitions())) {
      PartitionSpec p = ctx.plan().partitions().partitions().get(i);
      Path dir = ctx.inTarget(p.mountPoint().orElseThrow());
      ctx.runner().run(Command.of("mkdir", "-p", dir.toString()));
      ctx.runner()
          .run(Command.of("mount", "-t", p.filesystem(), ctx.partitionPath(i), dir.toString()));
      ctx.addMounted(dir);
    }
  }

  /** Indices of mounted partitions by mount-point depth ({@code /} first), stable otherwise. */
  static List<Integer> order(List<PartitionSpec> parts) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).mountPoint().isPresent()) {
        idx.add(i);
      }
    }
    idx.sort(Comparator.comparingInt(i -> depth(parts.get(i).mountPoint().orElseThrow())));
    return idx;
  }

  private static int depth(String mp) {
    return mp.equals("/") ? 0 : mp.split("/").length - 1;
  }
}
