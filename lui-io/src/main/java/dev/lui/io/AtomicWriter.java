package dev.lui.io;

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
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way lui replaces a file so that readers see the old content or the new, never a mix: a
 * temp file in the target's directory (so the rename cannot cross file systems), created with its
 * final mode (a secret is never readable by others, not even for a moment), written, fsynced when
 * asked, renamed over the target, and the directory fsynced so the rename itself is durable;
 * optionally the previous content is kept as {@code NAME.bak}, itself replaced the same way.
 *
 * <p>{@link #write} does all of it. The pieces ({@link #writeTemp}, {@link #backupTemp}, {@link
 * #commit}, {@link #discard}) are for writers that check a candidate before it goes in place (a
 * DHCP file its daemon validates) or stage many files and rename them later (the publisher).
 *
 * <p>Temp files are named {@code .lui-NAME.RANDOM.tmp} ({@link #isTemp}), so what a crash left is
 * found by its name.
 */
public final class AtomicWriter {
  private static final Logger log = LoggerFactory.getLogger(AtomicWriter.class);

  /** Prefix of temp files; a leading dot keeps them out of casual listings. */
  public static final String TEMP_PREFIX = ".lui-";

  public static final String TEMP_SUFFIX = ".tmp";

  /** What {@link #write} does besides the rename. */
  public enum Option {
    /** fsync the new content before the rename, so it survives a power cut once written. */
    FSYNC,
    /** Keep the previous content (if any) as {@code NAME.bak}, replaced atomically too. */
    KEEP_BACKUP
  }

  /** The process umask, read once: a mode it does not narrow needs no chmod after create. */
  private static final Set<PosixFilePermission> UMASK = readUmask();

  private AtomicWriter() {}

  /**
   * Atomically replaces {@code target} with {@code content}, leaving it with exactly {@code mode},
   * and makes the rename durable.
   */
  public static void write(
      Path target, byte[] content, Set<PosixFilePermission> mode, Option... options)
      throws IOException {
    Set<Option> opts = options.length == 0 ? Set.of() : EnumSet.copyOf(List.of(options));
    Path temp = writeTemp(target, content, mode, opts.contains(Option.FSYNC));
    Optional<Path> backup = Optional.empty();
    try {
      if (opts.contains(Option.KEEP_BACKUP)) {
        backup = backupTemp(target);
      }
    } catch (IOException | RuntimeException e) {
      discard(temp);
      throw e;
    }
    commit(temp, backup, target);
  }

  /**
   * Writes {@code content} to a new temp file beside {@code target}, created with exactly {@code
   * mode} and fsynced when asked. Nothing a reader of {@code target} sees changes; {@link #commit}
   * puts it in place, {@link #discard} deletes it.
   */
  public static Path writeTemp(
      Path target, byte[] content, Set<PosixFilePermission> mode, boolean fsync)
      throws IOException {
    Objects.requireNonNull(content, "content");
    Path temp = newTemp(target, mode);
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (fsync) {
          ch.force(true);
        }
      }
      return temp;
    } catch (IOException | RuntimeException e) {
      discard(temp);
      throw e;
    }
  }

  /**
   * A fsynced temp copy of {@code target}'s current content and mode beside it (empty if it does
   * not exist), for {@link #commit} to rename over {@code NAME.bak}: made before the commit, so the
   * commit needs no free space, only renames.
   */
  public static Optional<Path> backupTemp(Path target) throws IOException {
    if (!Files.exists(target)) {
      return Optional.empty();
    }
    Path bakTemp = newTemp(backupOf(target), PosixFilePermissions.fromString("rw-------"));
    try {
      Files.copy(
          target, bakTemp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      fsync(bakTemp);
      return Optional.of(bakTemp);
    } catch (IOException | RuntimeException e) {
      discard(bakTemp);
      throw e;
    }
  }

  /**
   * Renames a staged backup (from {@link #backupTemp}) over {@code NAME.bak}, then the temp file
   * (from {@link #writeTemp}) over {@code target}, and fsyncs the directory. On failure the temps
   * are deleted.
   */
  public static void commit(Path temp, Optional<Path> backupTemp, Path target) throws IOException {
    Path dir = directoryOf(target);
    try {
      if (backupTemp.isPresent()) {
        Files.move(backupTemp.get(), backupOf(target), StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      discard(temp);
      backupTemp.ifPresent(AtomicWriter::discard);
      throw e;
    }
    fsyncDirectory(dir);
  }

  /** Deletes {@code file} if present and makes the removal durable. */
  public static boolean deleteIfExists(Path file) throws IOException {
    boolean deleted = Files.deleteIfExists(file);
    if (deleted) {
      fsyncDirectory(directoryOf(file));
    }
    return deleted;
  }

  /** The backup path of {@link Option#KEEP_BACKUP}: {@code target} with ".bak" appended. */
  public static Path backupOf(Path target) {
    return target.resolveSibling(target.getFileName() + ".bak");
  }

  /** Whether {@code file} exists and holds exactly {@code content}. */
  public static boolean hasContent(Path file, byte[] content) throws IOException {
    try {
      return Files.size(file) == content.length && Arrays.equals(Files.readAllBytes(file), content);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** The permissions {@code file} has, if it exists (and the file system has any). */
  public static Optional<Set<PosixFilePermission>> modeOf(Path file) throws IOException {
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

  /** Deletes a temp file; a failure is logged, not thrown, since it must not hide the cause. */
  public static void discard(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("could not delete temp file {}: {}", temp, e.toString());
    }
  }

  /** Whether {@code fileName} names a temp file of this writer. */
  public static boolean isTemp(String fileName) {
    return fileName.startsWith(TEMP_PREFIX) && fileName.endsWith(TEMP_SUFFIX);
  }

  /**
   * Gives {@code path} exactly {@code mode}: a file or directory created with a mode passes through
   * the umask, which can only narrow it, so a chmod is needed only when it did.
   */
  public static void exactMode(Path path, Set<PosixFilePermission> mode) throws IOException {
    if (mode.stream().anyMatch(UMASK::contains)) {
      Files.setPosixFilePermissions(path, mode);
    }
  }

  /** fsyncs a directory, so that renames and deletes in it are durable. */
  public static void fsyncDirectory(Path dir) throws IOException {
    fsync(dir);
  }

  private static Path newTemp(Path target, Set<PosixFilePermission> mode) throws IOException {
    Path temp =
        Files.createTempFile(
            directoryOf(target),
            TEMP_PREFIX + target.getFileName() + ".",
            TEMP_SUFFIX,
            PosixFilePermissions.asFileAttribute(mode));
    try {
      exactMode(temp, mode);
      return temp;
    } catch (IOException | RuntimeException e) {
      discard(temp);
      throw e;
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

  private static Set<PosixFilePermission> readUmask() {
    try {
      Path probe =
          Files.createTempFile(
              "lui-umask",
              ".probe",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
      try {
        Set<PosixFilePermission> masked = EnumSet.allOf(PosixFilePermission.class);
        masked.removeAll(Files.getPosixFilePermissions(probe));
        return masked;
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException | UnsupportedOperationException e) {
      return EnumSet.allOf(PosixFilePermission.class); // unknown: always chmod
    }
  }
}
