package dev.lui.nfsroot.fs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories lui writes into, made so that a planted link cannot redirect its writes (the files
 * themselves are replaced with {@code dev.lui.io.AtomicWriter}).
 */
public final class SafeDirectories {
  private SafeDirectories() {}

  /**
   * Creates {@code dir} and missing parents up from {@code stopAt} with {@code mode} (exactly,
   * regardless of umask). {@code stopAt} itself may be a symlink (an admin's choice, e.g. a TFTP
   * root on another disk), but every component below it must be a real directory, so a planted link
   * cannot redirect lui's writes elsewhere.
   */
  public static Path ensureDirectory(Path stopAt, Path dir, Set<PosixFilePermission> mode)
      throws IOException {
    Path base = stopAt.toAbsolutePath().normalize();
    Path target = dir.toAbsolutePath().normalize();
    if (!target.startsWith(base)) {
      throw new UnsafePathException(target, "is not inside " + base);
    }
    Path current = base;
    Files.createDirectories(base);
    for (Path part : base.relativize(target)) {
      if (part.toString().isEmpty()) {
        continue;
      }
      current = current.resolve(part);
      try {
        Files.createDirectory(current, PosixFilePermissions.asFileAttribute(mode));
        Files.setPosixFilePermissions(current, mode);
      } catch (FileAlreadyExistsException exists) {
        // Fine if it is a real directory; checked next.
      }
      requireRealDirectory(current);
    }
    return target;
  }

  private static void requireRealDirectory(Path p) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (a.isSymbolicLink()) {
      throw new UnsafePathException(p, "is a symlink; lui refuses to write through it");
    }
    if (!a.isDirectory()) {
      throw new UnsafePathException(p, "exists and is not a directory");
    }
  }
}
