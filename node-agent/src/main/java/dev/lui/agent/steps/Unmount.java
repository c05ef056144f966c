package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.io.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Unmounts everything this run mounted, children first. Runs even after a failure; tries every
 * mount and falls back to a lazy unmount so one busy mount does not keep the others mounted.
 */
public final class Unmount implements Step {
  @Override
  public String name() {
    return "unmount";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    List<Path> mounted = new ArrayList<>(ctx.mounted());
    List<String> failed = new ArrayList<>();
    ctx.runner().runAllowingFailure(Command.of("sync"));
    for (int i = mounted.size() - 1; i >= 0; i--) {
      Path dir = mounted.get(i);
      int rc = ctx.runner().runAllowingFailure(Command.of("umount", dir.toString()));
      if (rc != 0) {
        rc = ctx.runner().runAllowingFailure(Command.of("umount", "-l", dir.toString()));
      }
      if (rc == 0) {
        ctx.removeMounted(dir);
      } else {
        failed.add(dir.toString());
      }
    }
    if (!failed.isEmpty()) {
      throw new StepFailedException("could not unmount " + failed);
    }
  }
}
