package dev.lui.nfsroot.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Whole-file replacement that readers (the TFTP server, a booting node over NFS) never see half
 * done: write a temp file in the same directory, fsync it, rename it over the target, fsync the
 * directory. The temp file is created with the final mode already, so a secret is never readable by
 * others, not even for a moment.
 */
public final class AtomicFiles {
  public static final Set<PosixFilePermission> MODE_0644 =
      PosixFilePermissions.fromString("rw-r--r--");
  public static final Set<PosixFilePermission> MODE_0600 =
      PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> MODE_0755 =
      PosixFilePermissions.fromString("rwxr-xr-x");

  /** Prefix of temp files; a leading dot keeps them out of casual listings. */
  static final String TEMP_PREFIX = ".lui-";

  static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /**
   * Atomically replaces {@code target} with {@code content}, leaving it with exactly {@code mode}.
   */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp =
        Files.createTempFile(
            dir,
            TEMP_PREFIX + target.getFileName() + ".",
            TEMP_SUFFIX,
            PosixFilePermissions.asFileAttribute(mode));
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      // createTempFile's mode is filtered by the umask; set it exactly (only ever widens to mode).
      Files.setPosixFilePermissions(temp, mode);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    fsyncDirectory(dir);
  }

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

  /** Deletes {@code file} if present and makes the removal durable. */
  public static boolean deleteIfExists(Path file) throws IOException {
    boolean deleted = Files.deleteIfExists(file);
    if (deleted) {
      fsyncDirectory(file.toAbsolutePath().getParent());
    }
    return deleted;
  }

  static boolean isTempName(String fileName) {
    return fileName.startsWith(TEMP_PREFIX) && fileName.endsWith(TEMP_SUFFIX);
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

  /** The rename is only durable once the directory entry is on disk. */
  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
