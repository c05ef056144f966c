package dev.lui.nfsroot.export;

import dev.lui.io.AtomicWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/** Writes a server config file only when its content changes, keeping the previous one as .bak. */
final class ConfigFile {
  static final String BACKUP_SUFFIX = ".bak";

  private ConfigFile() {}

  /** Returns whether the file changed. Both the backup and the new file are written atomically. */
  static boolean replace(Path target, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    if (Files.isRegularFile(abs)) {
      byte[] old = Files.readAllBytes(abs);
      if (Arrays.equals(old, content)) {
        return false;
      }
      AtomicWriter.write(backupOf(abs), old, mode, AtomicWriter.Option.FSYNC);
    }
    AtomicWriter.write(abs, content, mode, AtomicWriter.Option.FSYNC);
    return true;
  }

  static Path backupOf(Path target) {
    return target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
  }
}
