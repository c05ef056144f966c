package dev.lui.core.domain;

import dev.lui.core.WireNames;
import java.util.Locale;

/**
 * Where a node is in its install cycle.
 *
 * <pre>
 *   define / lui install --> DEFINED --(agent fetches plan)--> INSTALLING --ok--> INSTALLED
 *                                                                     (first boot report) |
 *                                                                              VERIFIED <-+
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
  FAILED,
  /** Installed, and the installed system reported its first boot (the unit the agent installed). */
  VERIFIED;

  /** Installed, whether or not its first boot was reported yet. */
  public boolean isInstalled() {
    return this == INSTALLED || this == VERIFIED;
  }

  public String wireName() {
    return WireNames.of(this);
  }

  public static NodeState fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
