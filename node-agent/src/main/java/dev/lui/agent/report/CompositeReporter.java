package dev.lui.agent.report;

import dev.lui.contract.event.AgentEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends every event to each reporter; one failing reporter does not silence the others. */
public final class CompositeReporter implements Reporter {
  private static final Logger log = LoggerFactory.getLogger(CompositeReporter.class);
  private final List<Reporter> reporters;

  public CompositeReporter(List<Reporter> reporters) {
    this.reporters = List.copyOf(reporters);
  }

  @Override
  public void report(AgentEvent event) {
    for (Reporter r : reporters) {
      try {
        r.report(event);
      } catch (RuntimeException e) {
        log.warn("reporter {} failed on event {}", r.getClass().getSimpleName(), event.seq(), e);
      }
    }
  }

  @Override
  public boolean flush(java.time.Duration max) {
    boolean all = true;
    for (Reporter r : reporters) {
      try {
        all &= r.flush(max);
      } catch (RuntimeException e) {
        all = false;
      }
    }
    return all;
  }

  @Override
  public void close() {
    for (Reporter r : reporters) {
      try {
        r.close();
      } catch (RuntimeException e) {
        log.warn("reporter {} failed to close", r.getClass().getSimpleName(), e);
      }
    }
  }
}
