package dev.lui.nfsroot.export;

import dev.lui.io.FileModes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes lui's exports for the kernel NFS server and for nfs-ganesha. Each file is rendered and
 * checked in full first, then replaced atomically with the previous version kept as {@code
 * FILE.bak}; an unchanged file is not touched, so the caller can skip the reload.
 */
public final class ExportsWriter {
  private static final Logger log = LoggerFactory.getLogger(ExportsWriter.class);

  /** Suffix of the id map kept beside a ganesha config. */
  public static final String IDS_SUFFIX = ".ids";

  /** Whether a file changed; reload the server only if it did. */
  public record Result(Path file, boolean changed) {}

  private ExportsWriter() {}

  /**
   * Writes an {@code /etc/exports}-format file (for {@code /etc/exports.d/lui.exports}): images
   * {@code ro} to the install network, each node root {@code rw} to its address.
   */
  public static Result writeKernel(Path file, ExportPlan plan) throws IOException {
    Objects.requireNonNull(plan, "plan");
    String text = Exports.kernelFile(plan.exports());
    boolean changed = ConfigFile.replace(file, utf8(text), FileModes.MODE_0644);
    if (changed) {
      log.info("wrote kernel NFS exports {} ({} node roots)", file, plan.nodes().size());
    }
    return new Result(file, changed);
  }

  /**
   * Writes a complete ganesha config. Export ids are kept in {@code FILE.ids} so a path keeps its
   * id across rewrites (mounted clients hold handles containing it); the map is written before the
   * config, so a crash in between cannot leave a config whose ids the map does not know.
   */
  public static Result writeGanesha(Path file, Optional<String> bindAddress, ExportPlan plan)
      throws IOException {
    Objects.requireNonNull(plan, "plan");
    List<NfsExport> exports = plan.exports();
    Path idsFile = idsFileOf(file);
    List<Path> paths = new ArrayList<>();
    exports.forEach(e -> paths.add(e.dir()));
    Map<Path, Integer> ids = ExportIds.assign(ExportIds.load(idsFile), paths);
    String text = GaneshaConfig.render(bindAddress, exports, ids);
    ConfigFile.replace(idsFile, utf8(ExportIds.render(ids)), FileModes.MODE_0644);
    boolean changed = ConfigFile.replace(file, utf8(text), FileModes.MODE_0644);
    if (changed) {
      log.info("wrote ganesha config {} ({} node roots)", file, plan.nodes().size());
    }
    return new Result(file, changed);
  }

  /** {@code FILE.ids}, the id map kept beside a ganesha config. */
  public static Path idsFileOf(Path ganeshaConfig) {
    return ganeshaConfig.resolveSibling(ganeshaConfig.getFileName() + IDS_SUFFIX);
  }

  /** {@code FILE.bak}, the previous version of a written file. */
  public static Path backupOf(Path file) {
    return ConfigFile.backupOf(file);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
