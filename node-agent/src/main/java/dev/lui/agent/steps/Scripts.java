package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.ScriptStep;
import dev.lui.io.Command;
import java.nio.file.Path;

/**
 * Runs the post-install scripts inside the target ({@code chroot TARGET /bin/sh SCRIPT}), with
 * /dev, /proc and /sys mounted there (recorded, so {@link Unmount} removes them).
 */
public final class Scripts implements Step {
  static final String SCRIPT_DIR = ".lui-scripts";

  @Override
  public String name() {
    return "scripts";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    SystemMounts.ensure(ctx);
    Path dir = ctx.target().resolve(SCRIPT_DIR);
    try {
      for (ScriptStep s : ctx.plan().scripts()) {
        Path file = dir.resolve(s.name());
        if (ctx.dryRun()) {
          ctx.runner()
              .wouldDo(
                  "write "
                      + file
                      + " (mode 0700) from "
                      + s.source()
                      + " after verifying sha256 "
                      + s.sha256());
        } else {
          TargetFiles.install(
              ctx.fetcher(), s.source(), s.sha256(), file, 0700, new TargetFiles.Owner(0, 0));
        }
        ctx.runner()
            .run(
                Command.of(
                    "chroot",
                    ctx.target().toString(),
                    "/bin/sh",
                    "/" + SCRIPT_DIR + "/" + s.name()));
      }
    } finally {
      if (!ctx.dryRun()) {
        Payloads.deleteTree(dir);
      }
    }
  }
}
