package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.agent.report.EventLog;
import dev.lui.contract.plan.Bootloader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the steps of a plan in order and reports each. After the first failure the remaining install
 * steps are skipped, but {@link Unmount} always runs; {@link FinishStep} only runs on success and
 * only when enabled.
 */
public final class Installer {
  private final boolean finishEnabled;

  public Installer(boolean finishEnabled) {
    this.finishEnabled = finishEnabled;
  }

  /** The install steps for a plan, without unmount and finish. */
  static List<Step> installSteps(StepContext ctx) {
    List<Step> steps =
        new ArrayList<>(
            List.of(new SelectDisk(), new Partition(), new MakeFilesystems(), new Mount()));
    if (!ctx.plan().payloads().isEmpty()) {
      steps.add(new Payloads());
    }
    boolean rootMounted =
        ctx.plan().partitions().partitions().stream()
            .anyMatch(p -> p.mountPoint().filter("/"::equals).isPresent());
    if (rootMounted) {
      steps.add(new Identity());
      steps.add(new Network());
      steps.add(new WriteFstab());
      if (ctx.plan().firstBoot().isPresent()) {
        steps.add(new FirstBootReport());
      }
    }
    if (Bootloader.effectiveType(ctx.plan()) != Bootloader.Type.NONE) {
      steps.add(new InstallBootloader());
    }
    // Last, so post-install scripts see the finished system (and may adjust it).
    if (!ctx.plan().scripts().isEmpty()) {
      steps.add(new Scripts());
    }
    return steps;
  }

  /**
   * @return true if the install succeeded
   */
  public boolean run(StepContext ctx) {
    EventLog events = ctx.events();
    Optional<String> failure = Optional.empty();
    for (Step s : installSteps(ctx)) {
      failure = runStep(s, ctx);
      if (failure.isPresent()) {
        break;
      }
    }
    Optional<String> unmount = runStep(new Unmount(), ctx);
    if (failure.isEmpty()) {
      failure = unmount;
    }
    if (failure.isEmpty() && finishEnabled) {
      // Report success before a reboot cuts the agent off.
      events.installFinished(true, Optional.of("finish: " + ctx.plan().finish().json()));
      return runStep(new FinishStep(), ctx).isEmpty();
    }
    events.installFinished(failure.isEmpty(), failure);
    return failure.isEmpty();
  }

  private static Optional<String> runStep(Step s, StepContext ctx) {
    ctx.events().stepStarted(s.name());
    try {
      s.run(ctx);
      ctx.events().stepFinished(s.name(), true, Optional.empty());
      return Optional.empty();
    } catch (StepFailedException e) {
      String msg = s.name() + ": " + e.getMessage();
      ctx.events().stepFinished(s.name(), false, Optional.of(e.getMessage()));
      return Optional.of(msg);
    } catch (RuntimeException e) {
      // A bug, not an install problem: still report it, and still unmount.
      String msg = s.name() + ": internal error: " + e;
      ctx.events().stepFinished(s.name(), false, Optional.of(msg));
      return Optional.of(msg);
    }
  }
}
