package dev.lui.core.publish;

import dev.lui.io.AtomicWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one publication, prepared before the store commits and put in place after it.
 *
 * <p>{@link #write} puts the new content in a temp file beside its target ({@code
 * .lui-NAME.RANDOM.tmp}, created with its final mode, so the umask never widens it); directories
 * are created as needed and remembered. Nothing a reader sees changes until {@link #commit}, which
 * only renames and deletes: no free space is needed after the store committed. {@link #discard}
 * deletes the temps and the directories this staging created, leaving the tree as it was.
 *
 * <p>A temp file left by a crash is found by its name ({@link #isTemp}) and deleted by the
 * reconcile at the next start. Small per-node files are not fsynced: they are derived, and the
 * reconcile at start rewrites any file that differs from the store. Files other programs read
 * before lui restarts (DHCP, exports) are staged with {@code durable}.
 *
 * <p>Staging methods may be called from several threads at once (an artifact stages thousands of
 * nodes in parallel); {@link #commit} and {@link #discard} from one, after staging.
 */
public final class Staging {
  private static final Logger LOG = LoggerFactory.getLogger(Staging.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  // Artifacts stage many nodes' files from several threads; commit and discard run on one.
  private final Map<Path, Path> writes = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<Path, Path> trees = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Set<Path> deletes = Collections.synchronizedSet(new LinkedHashSet<>());
  private final List<Path> createdDirs = Collections.synchronizedList(new ArrayList<>());
  private final List<Path> modeChanges = Collections.synchronizedList(new ArrayList<>());
  private final Map<Path, Set<PosixFilePermission>> modes =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<Runnable> afterCommit = Collections.synchronizedList(new ArrayList<>());
  private final List<Runnable> onDiscard = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean done;

  /** What a commit changed, for logs and the reconcile report. */
  public record Result(int written, int deleted, List<String> failures) {
    public boolean changed() {
      return written + deleted > 0;
    }
  }

  /** Whether {@code fileName} is a temp file of a staging (or of lui's older writers). */
  public static boolean isTemp(String fileName) {
    return AtomicWriter.isTemp(fileName)
        || fileName.startsWith(".") && (fileName.endsWith(".lui-tmp") || fileName.endsWith(".tmp"));
  }

  /**
   * Stages {@code content} for {@code target} unless the target already holds exactly it with
   * {@code mode}. Parent directories up to {@code root} are created (0755) if missing; a symlink or
   * a non-directory on the way is refused with an {@link IOException} naming it.
   *
   * @return whether the target will change
   */
  public boolean write(
      Path root, Path target, byte[] content, Set<PosixFilePermission> mode, boolean durable)
      throws IOException {
    check();
    deletes.remove(target);
    createDirectories(root, target.getParent(), DIR_MODE, false);
    Optional<PosixFileAttributes> current = attributes(target);
    if (current.isPresent()
        && current.get().isRegularFile()
        && current.get().size() == content.length
        && Arrays.equals(Files.readAllBytes(target), content)) {
      if (!current.get().permissions().equals(mode)) {
        modeChanges.add(target);
        modes.put(target, Set.copyOf(mode));
      }
      Path previous = writes.remove(target);
      if (previous != null) {
        Files.deleteIfExists(previous);
      }
      return false;
    }
    if (current.isPresent() && current.get().isDirectory()) {
      throw new IOException(target + " is a directory where lui writes a file");
    }
    // Created with its final mode, beside the target; renamed over it at commit.
    Path temp = AtomicWriter.writeTemp(target, content, mode, durable);
    Path previous = writes.put(target, temp);
    if (previous != null) {
      Files.deleteIfExists(previous);
    }
    return true;
  }

  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwxr-xr-x");

  /**
   * Makes sure {@code dir} (and its parents up to {@code root}) exists as a real directory; creates
   * missing ones with {@code mode}, remembered so {@link #discard} removes them. An existing
   * directory's mode is set to {@code mode} at commit.
   */
  public void ensureDirectory(Path root, Path dir, Set<PosixFilePermission> mode)
      throws IOException {
    check();
    createDirectories(root, dir, mode, true);
  }

  private void createDirectories(
      Path root, Path dir, Set<PosixFilePermission> mode, boolean enforceMode) throws IOException {
    if (!dir.startsWith(root)) {
      throw new IOException(dir + " is outside " + root);
    }
    if (root.getParent() != null && !Files.isDirectory(root.getParent())) {
      Files.createDirectories(root.getParent()); // the state directory's own layout
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !p.equals(root.getParent()); p = p.getParent()) {
      Optional<PosixFileAttributes> a = attributes(p);
      if (a.isEmpty()) {
        missing.add(0, p);
        continue;
      }
      if (a.get().isSymbolicLink()) {
        throw new IOException(p + " is a symbolic link; lui does not write through links");
      }
      if (!a.get().isDirectory()) {
        throw new IOException(p + " is in the way: lui needs a directory there");
      }
      if (enforceMode && p.equals(dir) && !a.get().permissions().equals(mode) && !p.equals(root)) {
        modeChanges.add(p);
        modes.put(p, Set.copyOf(mode));
      }
      break;
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(
            p, PosixFilePermissions.asFileAttribute(p.equals(dir) ? mode : DIR_MODE));
        AtomicWriter.exactMode(p, p.equals(dir) ? mode : DIR_MODE);
        createdDirs.add(p);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(p + " is in the way: lui needs a directory there", e);
        }
      }
    }
  }

  /**
   * Stages a directory that does not exist yet as a whole: {@code files} (paths relative to it) are
   * written into a temp directory beside it, renamed into place at commit in one step. Much cheaper
   * than a temp file per file for thousands of new node roots, and just as atomic.
   *
   * @param directories subdirectories (relative, parents first) and their modes; "" is the tree
   */
  public void newTree(
      Path root,
      Path target,
      Map<String, Set<PosixFilePermission>> directories,
      Map<String, Map.Entry<byte[], Set<PosixFilePermission>>> files)
      throws IOException {
    check();
    createDirectories(root, target.getParent(), DIR_MODE, false);
    Path temp =
        target.resolveSibling(
            AtomicWriter.TEMP_PREFIX
                + target.getFileName()
                + "."
                + HexFormat.of().formatHex(randomBytes())
                + AtomicWriter.TEMP_SUFFIX);
    trees.put(target, temp);
    for (Map.Entry<String, Set<PosixFilePermission>> d : directories.entrySet()) {
      Path dir = d.getKey().isEmpty() ? temp : temp.resolve(d.getKey());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(d.getValue()));
      AtomicWriter.exactMode(dir, d.getValue());
    }
    for (Map.Entry<String, Map.Entry<byte[], Set<PosixFilePermission>>> f : files.entrySet()) {
      Path file = temp.resolve(f.getKey());
      Set<PosixFilePermission> mode = f.getValue().getValue();
      try (FileChannel ch =
          FileChannel.open(
              file,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(mode))) {
        ByteBuffer buf = ByteBuffer.wrap(f.getValue().getKey());
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      AtomicWriter.exactMode(file, mode);
    }
  }

  /** Stages the deletion of a file, or of a directory tree (links in it removed as links). */
  public void delete(Path path) {
    check();
    if (writes.containsValue(path) || trees.containsValue(path)) {
      return; // a temp of this very staging, found by a scan for leftovers: not a leftover
    }
    Path temp = writes.remove(path);
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        LOG.warn("cannot delete {}: {}", temp, e.toString());
      }
    }
    deletes.add(path);
  }

  /** Runs if the staging is discarded (another writer's candidates to delete). */
  public void onDiscard(Runnable action) {
    check();
    onDiscard.add(action);
  }

  /** Runs after the files are in place (a reload); a failure is reported, not thrown. */
  public void afterCommit(Runnable action) {
    check();
    afterCommit.add(action);
  }

  /** Whether a commit would change anything. */
  public boolean isEmpty() {
    return writes.isEmpty() && trees.isEmpty() && deletes.isEmpty() && modeChanges.isEmpty();
  }

  /**
   * Puts every staged file in place and deletes what was staged for deletion, then runs the
   * after-commit actions. Goes on past a failure so that as much as possible matches the store; the
   * failures are returned (the reconcile at the next start repairs what is left).
   */
  public Result commit() {
    check();
    done = true;
    List<String> failures = new ArrayList<>();
    int deleted = 0;
    for (Path p : deletes) {
      try {
        if (deleteTree(p)) {
          deleted++;
        }
      } catch (IOException e) {
        failures.add("cannot delete " + p + ": " + e.getMessage());
      }
    }
    int written = 0;
    for (Map.Entry<Path, Path> t : trees.entrySet()) {
      try {
        Files.move(t.getValue(), t.getKey(), StandardCopyOption.ATOMIC_MOVE);
        written++;
      } catch (IOException e) {
        failures.add("cannot put " + t.getKey() + " in place: " + e.getMessage());
        try {
          deleteTree(t.getValue());
        } catch (IOException ignored) {
          // the reconcile at the next start removes it
        }
      }
    }
    for (Map.Entry<Path, Path> w : writes.entrySet()) {
      try {
        Files.move(
            w.getValue(),
            w.getKey(),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        written++;
      } catch (IOException e) {
        failures.add("cannot replace " + w.getKey() + ": " + e.getMessage());
        quietDelete(w.getValue());
      }
    }
    for (Path p : modeChanges) {
      try {
        Files.setPosixFilePermissions(p, modes.get(p));
      } catch (IOException e) {
        failures.add("cannot set the mode of " + p + ": " + e.getMessage());
      }
    }
    for (Runnable action : afterCommit) {
      try {
        action.run();
      } catch (RuntimeException e) {
        failures.add(e.getMessage());
      }
    }
    failures.forEach(f -> LOG.warn("publishing: {}", f));
    return new Result(written, deleted, List.copyOf(failures));
  }

  /** Deletes the temp files and the directories this staging created; nothing else changed. */
  public void discard() {
    if (done) {
      return;
    }
    done = true;
    writes.values().forEach(Staging::quietDelete);
    for (Path t : trees.values()) {
      try {
        deleteTree(t);
      } catch (IOException e) {
        LOG.warn("cannot remove {}: {}", t, e.toString());
      }
    }
    for (Runnable action : onDiscard) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("discarding a staged publication: {}", e.toString());
      }
    }
    for (int i = createdDirs.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(createdDirs.get(i));
      } catch (DirectoryNotEmptyException e) {
        LOG.debug("{} not removed: not empty", createdDirs.get(i));
      } catch (IOException e) {
        LOG.warn("cannot remove {}: {}", createdDirs.get(i), e.toString());
      }
    }
  }

  private void check() {
    if (done) {
      throw new IllegalStateException("this staging was already committed or discarded");
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
  }

  private static Optional<PosixFileAttributes> attributes(Path p) throws IOException {
    try {
      return Optional.of(
          Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static void quietDelete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", p, e.toString());
    }
  }

  /** Deletes a file or a tree without following links; returns whether anything was there. */
  static boolean deleteTree(Path p) throws IOException {
    Optional<PosixFileAttributes> a = attributes(p);
    if (a.isEmpty()) {
      return false;
    }
    if (a.get().isDirectory()) {
      try (Stream<Path> children = Files.list(p)) {
        for (Path c : (Iterable<Path>) children::iterator) {
          deleteTree(c);
        }
      }
    }
    Files.deleteIfExists(p);
    return true;
  }
}
