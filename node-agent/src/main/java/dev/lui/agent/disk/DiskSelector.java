package dev.lui.agent.disk;

/**
 * Which disk a node installs onto: {@code path=/dev/sda}, {@code serial=...}, {@code wwn=...},
 * {@code size=200G..300G}, combinable with commas (all must match). STUB: the agent module fills
 * this in.
 */
public final class DiskSelector {
  private DiskSelector() {}

  /** Parses a selector; the exception message names the bad term and the rule. */
  public static DiskSelector parse(String text) throws dev.lui.agent.plan.InvalidPlanException {
    throw new UnsupportedOperationException("stub");
  }
}
