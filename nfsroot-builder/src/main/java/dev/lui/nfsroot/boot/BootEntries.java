package dev.lui.nfsroot.boot;

import dev.lui.contract.value.MacAddress;
import dev.lui.io.AtomicWriter;
import dev.lui.io.FileModes;
import dev.lui.nfsroot.fs.SafeDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's entries of every {@link BootLoaders#ALL loader} as files under a TFTP root, for TFTP
 * servers other than lui's own. Each file is replaced atomically, so a node fetching its entry
 * never reads half of one.
 */
public final class BootEntries {
  private static final Logger log = LoggerFactory.getLogger(BootEntries.class);

  private final Path tftpRoot;

  public BootEntries(Path tftpRoot) {
    this.tftpRoot = Objects.requireNonNull(tftpRoot, "tftpRoot").toAbsolutePath().normalize();
  }

  /** Where {@code loader}'s entry for {@code mac} lives on disk. */
  public Path entryPath(BootLoader loader, MacAddress mac) {
    return tftpRoot.resolve(loader.entryPath(mac));
  }

  /** Writes the install entry of every loader. */
  public void writeInstall(NodeBoot boot) throws IOException {
    writeAll(MacAddress.parse(boot.mac()), l -> l.renderInstall(boot));
    log.info("wrote install boot entries for {} ({})", boot.nodeName(), boot.mac());
  }

  /** Writes the local-boot entry of every loader. */
  public void writeLocalBoot(String nodeName, MacAddress mac) throws IOException {
    writeAll(mac, l -> l.renderLocalBoot(nodeName));
    log.info("wrote local boot entries for {} ({})", nodeName, mac);
  }

  /** Removes every loader's entry for the MAC (pxelinux then falls back to its default). */
  public void remove(MacAddress mac) throws IOException {
    boolean any = false;
    for (BootLoader loader : BootLoaders.ALL) {
      any |= AtomicWriter.deleteIfExists(entryPath(loader, mac));
    }
    if (any) {
      log.info("removed boot entries for {}", mac);
    }
  }

  private void writeAll(MacAddress mac, Function<BootLoader, String> render) throws IOException {
    // Render everything first so a refused value leaves all existing entries untouched.
    List<String> texts = new ArrayList<>();
    for (BootLoader loader : BootLoaders.ALL) {
      texts.add(render.apply(loader));
    }
    for (int i = 0; i < texts.size(); i++) {
      write(entryPath(BootLoaders.ALL.get(i), mac), texts.get(i));
    }
  }

  private void write(Path target, String content) throws IOException {
    SafeDirectories.ensureDirectory(tftpRoot, target.getParent(), FileModes.MODE_0755);
    AtomicWriter.write(
        target,
        content.getBytes(StandardCharsets.US_ASCII),
        FileModes.MODE_0644,
        AtomicWriter.Option.FSYNC);
  }
}
