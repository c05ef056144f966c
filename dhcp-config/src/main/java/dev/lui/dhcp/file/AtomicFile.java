package dev.lui.dhcp.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe file replacement: readers see either the old or the new content, never a mix, and
 * after {@link #write} returns the new content survives a power cut.
 *
 * <p>Recipe: temp file in the target's directory (so the rename cannot cross file systems), write
 * and fsync it, give it the old file's permissions, optionally keep the old content as {@code
 * FILE.bak}, rename over the target with ATOMIC_MOVE, then fsync the directory so the rename
 * itself is durable.
 */
public final class AtomicFile {
  private static final Logger log = LoggerFactory.getLogger(AtomicFile.class);

  /** Permissions of a file that did not exist before: a config file anyone may read. */
  public static final Set<PosixFilePermission> DEFAULT_PERMISSIONS =
      PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFile() {}

  /**
   * Atomically replaces {@code target} with {@code content}.
   *
   * @param keepBackup keep the previous content (if any) as {@code target + ".bak"}
   * @return {@code false} if the file already held exactly this content (nothing written, so the
   *     caller can skip a reload), {@code true} if it was written
   */
  public static boolean write(Path target, byte[] content, boolean keepBackup) throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(content, "content");
    if (hasContent(target, content)) {
      log.debug("{} unchanged; not rewritten", target);
      return false;
    }
    Path temp = writeTemp(target, content);
    commit(temp, target, keepBackup);
    return true;
  }

  /** Whether {@code file} exists and holds exactly {@code content}. */
  public static boolean hasContent(Path file, byte[] content) throws IOException {
    try {
      return Files.size(file) == content.length && Arrays.equals(Files.readAllBytes(file), content);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /**
   * Writes {@code content} to a new, fsynced temp file next to {@code target} carrying the
   * permissions {@code target} has (or {@link #DEFAULT_PERMISSIONS}). Use this to validate a
   * candidate before {@link #commit}; delete it with {@link #discard} if it is rejected.
   */
  public static Path writeTemp(Path target, byte[] content) throws IOException {
    Path dir = directoryOf(target);
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".lui-tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      applyPermissions(temp, permissionsOf(target).orElse(DEFAULT_PERMISSIONS));
      return temp;
    } catch (IOException | RuntimeException e) {
      discard(temp);
      throw e;
    }
  }

  /**
   * Moves a temp file from {@link #writeTemp} over {@code target} atomically, keeping {@code
   * target.bak} of the previous content when asked, and fsyncs the directory.
   */
  public static void commit(Path temp, Path target, boolean keepBackup) throws IOException {
    Path dir = directoryOf(target);
    try {
      if (keepBackup && Files.exists(target)) {
        // The backup is itself replaced atomically so a crash never leaves a half-written .bak.
        Path bak = backupOf(target);
        Path bakTemp = Files.createTempFile(dir, "." + bak.getFileName() + ".", ".lui-tmp");
        try {
          Files.copy(
              target,
              bakTemp,
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.COPY_ATTRIBUTES);
          fsync(bakTemp);
          Files.move(bakTemp, bak, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
          discard(bakTemp);
          throw e;
        }
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      discard(temp);
      throw e;
    }
    fsync(dir);
  }

  /**
   * A fsynced temp copy of {@code target}'s current content (empty if it does not exist), made
   * before a store commit so that {@link #commitStaged} needs no free space: only renames.
   */
  public static Optional<Path> backupTemp(Path target) throws IOException {
    if (!Files.exists(target)) {
      return Optional.empty();
    }
    Path dir = directoryOf(target);
    Path bak = backupOf(target);
    Path bakTemp = Files.createTempFile(dir, "." + bak.getFileName() + ".", ".lui-tmp");
    try {
      Files.copy(target, bakTemp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      fsync(bakTemp);
      return Optional.of(bakTemp);
    } catch (IOException | RuntimeException e) {
      discard(bakTemp);
      throw e;
    }
  }

  /**
   * Renames a staged backup (from {@link #backupTemp}) over {@code target.bak}, then the staged
   * candidate (from {@link #writeTemp}) over {@code target}, and fsyncs the directory.
   */
  public static void commitStaged(Path temp, Optional<Path> bakTemp, Path target) throws IOException {
    Path dir = directoryOf(target);
    if (bakTemp.isPresent()) {
      Files.move(bakTemp.get(), backupOf(target), StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    fsync(dir);
  }

  /** The backup path {@link #commit} uses: {@code target} with ".bak" appended. */
  public static Path backupOf(Path target) {
    return target.resolveSibling(target.getFileName() + ".bak");
  }

  /** Deletes a temp file; a failure is logged, not thrown, since it must not hide the cause. */
  public static void discard(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("could not delete temp file {}: {}", temp, e.toString());
    }
  }

  private static Path directoryOf(Path target) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || abs.getFileName() == null) {
      throw new IllegalArgumentException(
          "target '" + target + "' is invalid: must name a file inside a directory");
    }
    return dir;
  }

  private static Optional<Set<PosixFilePermission>> permissionsOf(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(view.readAttributes().permissions());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static void applyPermissions(Path file, Set<PosixFilePermission> perms)
      throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view != null) {
      view.setPermissions(perms);
    }
  }

  private static void fsync(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (FileSystemException e) {
      // Some file systems refuse fsync on a directory; the rename has happened either way.
      if (!Files.isDirectory(path)) {
        throw e;
      }
      log.debug("fsync of directory {} not supported: {}", path, e.toString());
    }
  }
}
