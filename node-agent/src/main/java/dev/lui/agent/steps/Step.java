package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;

/** One install step; the {@link Installer} reports its start and end around {@link #run}. */
public interface Step {
  /** Stable, lower-case-dashed name used in events, e.g. {@code make-filesystems}. */
  String name();

  void run(StepContext ctx) throws StepFailedException;
}
