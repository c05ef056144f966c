package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.Finish;
import dev.lui.io.Command;

/**
 * Reboots or powers off after a successful install. Forced ({@code -f}): the install environment
 * has nothing to shut down cleanly, and init systems differ (systemd, busybox).
 */
public final class FinishStep implements Step {
  @Override
  public String name() {
    return "finish";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    Finish f = ctx.plan().finish();
    if (f == Finish.NONE) {
      ctx.events().log("agent", "finish: none, leaving the node running");
      return;
    }
    // install-finished is already reported; it must reach the server before the node goes away,
    // or the server never learns the install ended (boot entries stay, the node reinstalls).
    if (!ctx.dryRun() && !ctx.events().flush(java.time.Duration.ofSeconds(120))) {
      ctx.events()
          .log(
              "agent",
              "finish: the server has not acknowledged every event after 120 s;"
                  + " going on (the local log has them)");
    }
    ctx.runner().runAllowingFailure(Command.of("sync"));
    ctx.runner().run(Command.of(f == Finish.REBOOT ? "reboot" : "poweroff", "-f"));
  }
}
