package dev.lui.core.server;

import dev.lui.core.plan.Catalog;
import dev.lui.core.publish.Renderings;
import dev.lui.core.store.Store;
import dev.lui.nfsroot.boot.BootLoaders;
import dev.lui.tftp.FileSource;
import dev.lui.tftp.FileSources;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What TFTP and HTTP serve: each {@link BootLoaders boot loader}'s per-node entries from the store
 * on every request (never a file: an entry exists exactly while the store says so), its files that
 * are the same for every node (iPXE's chain script), and else the TFTP root.
 */
final class BootSource {
  private BootSource() {}

  static FileSource of(Store store, Renderings renderings, FileSource directory) {
    return path -> {
      Optional<String> fixed = BootLoaders.fixedFile(path);
      if (fixed.isPresent()) {
        return Optional.of(FileSources.ofBytes(fixed.get().getBytes(StandardCharsets.UTF_8)));
      }
      Optional<BootLoaders.Request> entry = BootLoaders.parse(path);
      if (entry.isEmpty()) {
        return directory.open(path);
      }
      // A per-node path is answered from the store alone: a file left under the TFTP root for a
      // node that no longer exists (or is not armed) is never served.
      return store
          .nodeByMac(entry.get().mac())
          .flatMap(n -> renderings.bootEntry(entry.get().loader(), n, Catalog.of(store).arming(n)))
          .map(text -> FileSources.ofBytes(text.getBytes(StandardCharsets.UTF_8)));
    };
  }
}
