package dev.lui.agent.plan;

/**
 * Reads and writes install plans as JSON. STUB: the agent module fills this in.
 *
 * <p>{@link #fromJson} validates the whole plan (version, disk selector, partition sizes, modes,
 * absolute targets, ...) and throws {@link InvalidPlanException} naming the JSON field at fault.
 */
public final class PlanCodec {
  private PlanCodec() {}

  public static String toJson(InstallPlan plan) {
    throw new UnsupportedOperationException("stub");
  }

  public static InstallPlan fromJson(String json) throws InvalidPlanException {
    throw new UnsupportedOperationException("stub");
  }

  /** Validates a plan built in memory, with the same rules {@link #fromJson} applies. */
  public static void validate(InstallPlan plan) throws InvalidPlanException {
    throw new UnsupportedOperationException("stub");
  }
}
