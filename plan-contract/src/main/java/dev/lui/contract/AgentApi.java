package dev.lui.contract;

/**
 * The agent's calls to the server, named once for both ends: the paths under {@link #PREFIX} (each
 * carries the node's install token) and the header of a plan fetch.
 */
public final class AgentApi {
  private AgentApi() {}

  /** Every agent call's path starts so; the server serves it only on its node listener. */
  public static final String PREFIX = "/api/v1/agent/";

  /**
   * The response header of a plan fetch that names the run the server opened: the agent stamps
   * every event of this install (or rehearsal) with it, and the server accepts only runs it issued.
   */
  public static final String RUN_HEADER = "Lui-Run";

  /**
   * The response header of a plan fetch that names the server's {@link BuildInfo}: an agent of
   * another build warns (the install goes on).
   */
  public static final String VERSION_HEADER = "Lui-Version";

  /** {@code GET}: the node's plan (opens a run). */
  public static String planPath(String node) {
    return PREFIX + node + "/plan";
  }

  /** {@code POST}: an {@code EventBatch} of the node's runs. */
  public static String eventsPath(String node) {
    return PREFIX + node + "/events";
  }

  /** {@code GET}: a file a resource of the node refers to, by its SHA-256. */
  public static String contentPath(String node, String sha256) {
    return PREFIX + node + "/content/" + sha256;
  }

  /** {@code POST}: the installed system's first boot. */
  public static String firstBootPath(String node) {
    return PREFIX + node + "/first-boot";
  }
}
