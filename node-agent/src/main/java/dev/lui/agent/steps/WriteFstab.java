package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.io.Command;
import java.util.List;

/** Writes the target's /etc/fstab, every entry by filesystem UUID (device names are not stable). */
public final class WriteFstab implements Step {
  @Override
  public String name() {
    return "write-fstab";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    List<PartitionSpec> parts = ctx.plan().partitions().partitions();
    StringBuilder sb = new StringBuilder("# written by lui-agent\n");
    for (int i : Mount.order(parts)) {
      PartitionSpec p = parts.get(i);
      String mp = p.mountPoint().orElseThrow();
      int pass = p.filesystem().equals("xfs") ? 0 : mp.equals("/") ? 1 : 2;
      String opts = p.filesystem().equals("vfat") ? "umask=0077" : "defaults";
      sb.append(line(uuid(ctx, i), mp, p.filesystem(), opts, pass));
    }
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).filesystem().equals("swap")) {
        sb.append(line(uuid(ctx, i), "none", "swap", "sw", 0));
      }
    }
    String fstab = sb.toString();
    if (ctx.dryRun()) {
      ctx.runner().wouldDo("write " + ctx.inTarget("/etc/fstab") + ":");
      for (String l : fstab.split("\n")) {
        ctx.events().log("dry-run", "  " + l);
      }
      return;
    }
    for (String l : fstab.split("\n")) {
      ctx.events().log("agent", "fstab: " + l);
    }
    TargetFiles.writeString(ctx.inTarget("/etc/fstab"), fstab, 0644, new TargetFiles.Owner(0, 0));
  }

  private static String line(String uuid, String mp, String fs, String opts, int pass) {
    return "UUID=" + uuid + "\t" + mp + "\t" + fs + "\t" + opts + "\t0\t" + pass + "\n";
  }

  static String uuid(StepContext ctx, int i) throws StepFailedException {
    String dev = ctx.partitionPath(i);
    String out =
        ctx.runner()
            .query(Command.of("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", dev))
            .orElse("<uuid-of-" + dev + ">")
            .trim();
    if (out.isEmpty()) {
      throw new StepFailedException("blkid reports no filesystem UUID on " + dev);
    }
    return out;
  }
}
