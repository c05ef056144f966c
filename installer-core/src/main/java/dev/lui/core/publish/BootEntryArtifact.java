package dev.lui.core.publish;

import dev.lui.contract.value.MacAddress;
import dev.lui.core.domain.Node;
import dev.lui.core.plan.Arming;
import dev.lui.io.AtomicWriter;
import dev.lui.nfsroot.boot.BootLoader;
import dev.lui.nfsroot.boot.BootLoaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The per-node boot entries under the TFTP root (one per {@link BootLoaders#ALL loader}), for TFTP
 * servers other than lui's own, which answers these paths from the store. An armed node has install
 * entries, an installed node kept for local boot has local-boot entries, every other node none.
 * Only files lui wrote (they say so in their first lines) are ever deleted.
 */
final class BootEntryArtifact implements Artifact {
  private final Path tftpDir;
  private final Renderings renderings;

  BootEntryArtifact(Renderings renderings) {
    this.renderings = renderings;
    this.tftpDir = renderings.config().tftpDir().toAbsolutePath().normalize();
  }

  @Override
  public void stage(Snapshot s, Staging staging) throws IOException {
    Set<Path> published = java.util.Collections.synchronizedSet(new HashSet<>());
    Set<MacAddress> macs = new HashSet<>();
    var touched = new java.util.ArrayList<>(s.touched().entrySet());
    for (var e : touched) {
      macs.add(e.getKey().mac());
      if (e.getValue().armed() || e.getValue().localBoot()) {
        for (BootLoader loader : BootLoaders.ALL) {
          published.add(tftpDir.resolve(loader.entryPath(e.getKey().mac())));
        }
      }
    }
    // Leftovers first, so the scan never sees this staging's own temps.
    if (s.scope.all()) {
      scanForLeftovers(published, staging);
    }
    Parallel.forEach(
        touched,
        e -> {
          Node node = e.getKey();
          Arming arming = e.getValue();
          for (BootLoader loader : BootLoaders.ALL) {
            Path file = tftpDir.resolve(loader.entryPath(node.mac()));
            Optional<String> entry = renderings.bootEntry(loader, node, arming);
            if (entry.isPresent()) {
              staging.write(
                  tftpDir, file, entry.get().getBytes(StandardCharsets.UTF_8), MODE, false);
            } else {
              deleteIfOurs(file, staging);
            }
          }
        });
    for (Node removed : s.removed()) {
      if (!macs.contains(removed.mac())) {
        for (BootLoader loader : BootLoaders.ALL) {
          deleteIfOurs(tftpDir.resolve(loader.entryPath(removed.mac())), staging);
        }
      }
    }
  }

  /** Entry files no published node owns (lui's only), and temp files of a crashed write. */
  private void scanForLeftovers(Set<Path> published, Staging staging) throws IOException {
    for (BootLoader loader : BootLoaders.ALL) {
      Path dir = tftpDir.resolve(loader.entries().directory());
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          String name = p.getFileName().toString();
          if (AtomicWriter.isTemp(name)) {
            staging.delete(p);
          } else if (!published.contains(p)
              && BootLoaders.parse(tftpDir.relativize(p).toString()).isPresent()) {
            deleteIfOurs(p, staging);
          }
        }
      }
    }
  }

  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> MODE =
      PosixFilePermissions.fromString("rw-r--r--");

  /** Deletes an entry file only if lui wrote it (an admin's own file with that name stays). */
  private static void deleteIfOurs(Path file, Staging staging) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    byte[] head;
    try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      head = in.readNBytes(256);
    }
    if (new String(head, StandardCharsets.UTF_8).contains(BootLoaders.MARKER)) {
      staging.delete(file);
    }
  }
}
