package dev.lui.core.publish;

import dev.lui.core.LuiException;
import dev.lui.dhcp.DhcpPublishException;
import dev.lui.dhcp.DhcpPublisher;

/**
 * Each configured DHCP backend's file, listing every node DHCP answers for (armed, or installed and
 * kept for local boot). Rendered and checked by the backend's own program before the store commits;
 * renamed in place and reloaded (once per burst) after.
 */
record DhcpArtifact(DhcpPublisher dhcp, Renderings renderings) implements Artifact {
  @Override
  public void stage(Snapshot s, Staging staging) throws java.io.IOException {
    if (s.scope.all()) {
      deleteCandidatesOfACrash(staging);
    }
    DhcpPublisher.Staged staged;
    try {
      staged = dhcp.stage(renderings.dhcpHosts(s.nodes, s::arming));
    } catch (DhcpPublishException e) {
      // A value a backend cannot hold (RENDER: a host name too long for bootptab...) is the
      // input's fault; a file its daemon refuses, or one that cannot be written, is lui's.
      throw new LuiException(
          e.stage() == DhcpPublishException.Stage.RENDER
              ? dev.lui.core.ErrorKind.INVALID_INPUT
              : dev.lui.core.ErrorKind.FAILED,
          "DHCP configuration not changed: " + e.getMessage(),
          e);
    }
    staging.onDiscard(staged::discard);
    staging.afterCommit(
        () -> {
          try {
            staged.commit();
          } catch (DhcpPublishException e) {
            throw LuiException.failed(e.getMessage(), e);
          }
        });
  }

  /**
   * Candidates (and backup copies) a crash left beside each target, named {@code .lui-FILE.*.tmp}
   * by the DHCP publisher (lui's writer, {@code AtomicWriter}; {@code .FILE.*.lui-tmp} before);
   * only those names, so an admin's directory is otherwise untouched.
   */
  private void deleteCandidatesOfACrash(Staging staging) throws java.io.IOException {
    for (dev.lui.dhcp.DhcpTarget t : dhcp.targets()) {
      java.nio.file.Path file = t.file().toAbsolutePath();
      java.nio.file.Path dir = file.getParent();
      if (!java.nio.file.Files.isDirectory(dir)) {
        continue;
      }
      String prefix = "." + file.getFileName() + ".";
      String tempPrefix = dev.lui.io.AtomicWriter.TEMP_PREFIX + file.getFileName() + ".";
      try (var entries = java.nio.file.Files.list(dir)) {
        for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) entries::iterator) {
          String name = p.getFileName().toString();
          if (name.startsWith(prefix) && name.endsWith(".lui-tmp")
              || name.startsWith(tempPrefix) && dev.lui.io.AtomicWriter.isTemp(name)) {
            staging.delete(p);
          }
        }
      }
    }
  }
}
