package dev.lui.agent.steps;

import dev.lui.agent.exec.CommandRunner;
import dev.lui.agent.exec.StepFailedException;
import dev.lui.io.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the partition table with sfdisk (wiping old signatures), then makes sure the kernel and
 * /dev know the partitions: {@code partx -u}, {@code udevadm settle} (both allowed to fail: the
 * install environment may have no udev), then polls for the device nodes.
 */
public final class Partition implements Step {
  private static final long POLL_MS = 100;

  @Override
  public String name() {
    return "partition";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    String disk = ctx.diskPath();
    String script = SfdiskScript.render(ctx.plan().partitions(), ctx.diskBytes());
    CommandRunner r = ctx.runner();
    r.run(
        Command.of("sfdisk", "--wipe", "always", "--wipe-partitions", "always", disk)
            .withStdin(script));
    int partx = r.runAllowingFailure(Command.of("partx", "-u", disk));
    if (partx != 0) {
      ctx.events().log("agent", "partx -u exited " + partx + "; relying on sfdisk's re-read");
    }
    int settle = r.runAllowingFailure(Command.of("udevadm", "settle", "--timeout=10"));
    if (settle != 0) {
      ctx.events()
          .log(
              "agent",
              "udevadm settle unavailable or failed ("
                  + settle
                  + "); polling for partition nodes instead");
    }
    List<String> paths = new ArrayList<>();
    for (int i = 1; i <= ctx.plan().partitions().partitions().size(); i++) {
      paths.add(PartitionNames.of(disk, i));
    }
    if (!ctx.dryRun()) {
      waitFor(paths, ctx.env().partitionWait().toMillis());
    }
    ctx.partitionPaths(paths);
  }

  private static void waitFor(List<String> paths, long timeoutMs) throws StepFailedException {
    // Counted polls rather than a deadline clock: each poll sleeps POLL_MS.
    long polls = Math.max(1, timeoutMs / POLL_MS);
    for (long i = 0; i < polls; i++) {
      if (paths.stream().allMatch(p -> Files.exists(Path.of(p)))) {
        return;
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailedException("interrupted while waiting for partitions", e);
      }
    }
    List<String> missing = paths.stream().filter(p -> !Files.exists(Path.of(p))).toList();
    throw new StepFailedException(
        "partition device nodes did not appear within " + timeoutMs + " ms: " + missing);
  }
}
