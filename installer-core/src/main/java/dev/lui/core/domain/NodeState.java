package dev.lui.core.domain;

import java.util.Locale;

/**
 * Where a node is in its install cycle.
 *
 * <pre>
 *   define / lui install --> DEFINED --(agent fetches plan)--> INSTALLING --ok--> INSTALLED
 *                               ^                                   |
 *                               +------- lui install <-- FAILED <---+ (a step failed)
 * </pre>
 */
public enum NodeState {
  /** Armed: DHCP entry, boot entry and NFS root exist; waiting for the node to boot. */
  DEFINED,
  INSTALLING,
  /** Done; boot entries removed (or switched to local boot). */
  INSTALLED,
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NodeState fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
