package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.io.Command;
import java.nio.file.Path;

/**
 * /dev (bind), /proc and /sys inside the target, for programs run in a chroot (scripts,
 * grub-mkconfig). Idempotent: a later step reuses what an earlier one mounted; {@link Unmount}
 * removes them.
 */
final class SystemMounts {
  private SystemMounts() {}

  static void ensure(StepContext ctx) throws StepFailedException {
    Path dev = ctx.inTarget("/dev");
    if (ctx.mounted().contains(dev)) {
      return;
    }
    Path proc = ctx.inTarget("/proc");
    Path sys = ctx.inTarget("/sys");
    ctx.runner().run(Command.of("mkdir", "-p", dev.toString(), proc.toString(), sys.toString()));
    ctx.runner().run(Command.of("mount", "--bind", "/dev", dev.toString()));
    ctx.addMounted(dev);
    ctx.runner().run(Command.of("mount", "-t", "proc", "proc", proc.toString()));
    ctx.addMounted(proc);
    ctx.runner().run(Command.of("mount", "-t", "sysfs", "sysfs", sys.toString()));
    ctx.addMounted(sys);
  }
}
