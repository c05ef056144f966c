package dev.lui.core.publish;

import java.io.IOException;

/**
 * One kind of thing lui publishes (a DHCP backend's file, boot entries, node roots, exports, DNS
 * records), rendered from a {@link Snapshot} of the store and the server's settings. An artifact
 * only stages: the {@link Publisher} decides when the staged files go in place.
 */
interface Artifact {
  /**
   * Stages this artifact's part of the snapshot's scope: for the touched nodes (and for files that
   * list every node), or for everything including orphans and temp files left by a crash.
   *
   * @throws IOException if a file cannot be prepared; the change then fails and nothing changes
   */
  void stage(Snapshot snapshot, Staging staging) throws IOException;
}
