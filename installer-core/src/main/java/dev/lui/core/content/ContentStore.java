package dev.lui.core.content;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content store: every uploaded file under {@code ROOT/sha256/ab/abcdef...}, named by its
 * SHA-256, directories 0700 and files 0600 (only the server's user reads them).
 *
 * <p>A put streams into a temp file in the final directory while hashing, fsyncs it, and renames it
 * into place only if the digest (and size) are the ones the client declared: a store file is always
 * complete and always has the bytes its name says. Reads open regular files inside the store only,
 * never through a symlink. Temp files are named {@code .lui-*.tmp}; {@link #deleteStaleTemps()}
 * removes those an interrupted server left.
 */
public final class ContentStore implements Contents {
  private static final Logger LOG = LoggerFactory.getLogger(ContentStore.class);
  static final String TEMP_PREFIX = ".lui-";
  static final String TEMP_SUFFIX = ".tmp";
  private static final int BUFFER = 256 * 1024;
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Path dir;

  private ContentStore(Path dir) {
    this.dir = dir;
  }

  /** The store under {@code root} (usually {@code STATE/content}), created 0700 if missing. */
  public static ContentStore open(Path root) {
    Path dir = root.resolve("sha256");
    try {
      createPrivateDirectory(root);
      createPrivateDirectory(dir);
    } catch (IOException e) {
      throw LuiException.failed(
          "cannot create the content store " + dir + ": " + e.getMessage(), e);
    }
    return new ContentStore(dir);
  }

  private static void createPrivateDirectory(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      try {
        Files.createDirectories(d, PRIVATE_DIR);
      } catch (FileAlreadyExistsException e) {
        // made meanwhile by a concurrent put
      }
    }
  }

  /** Where the content with this digest is (or would be) kept. */
  public Path pathOf(Sha256 sha256) {
    return dir.resolve(sha256.hex().substring(0, 2)).resolve(sha256.hex());
  }

  @Override
  public Optional<Long> size(Sha256 sha256) {
    return regularFile(pathOf(sha256)).map(BasicFileAttributes::size);
  }

  /** The file's attributes if it is a regular file itself (a symlink does not count). */
  private static Optional<BasicFileAttributes> regularFile(Path p) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isRegularFile()) {
        return Optional.of(a);
      }
      LOG.warn("{} is not a regular file: the content store ignores it", p);
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw LuiException.failed("cannot read the content store: " + e.getMessage(), e);
    }
  }

  @Override
  public Content open(Sha256 sha256) {
    Path p = pathOf(sha256);
    if (regularFile(p).isEmpty()) {
      throw LuiException.notFound("content", sha256.hex());
    }
    try {
      // NOFOLLOW_LINKS: O_NOFOLLOW, so a symlink put there after the check is refused too.
      FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      return new Content(ch, ch.size());
    } catch (NoSuchFileException e) {
      throw LuiException.notFound("content", sha256.hex());
    } catch (IOException e) {
      throw LuiException.failed("cannot read content " + sha256 + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Stored put(Sha256 sha256, long declaredSize, InputStream in) {
    Path target = pathOf(sha256);
    Path shard = target.getParent();
    Path tmp;
    try {
      createPrivateDirectory(shard);
      if (declaredSize > 0) {
        long free = Files.getFileStore(shard).getUsableSpace();
        if (free < declaredSize) {
          throw LuiException.failed(
              "the content store "
                  + dir
                  + " has "
                  + free
                  + " bytes free; this content is "
                  + declaredSize
                  + " bytes");
        }
      }
      tmp = Files.createTempFile(shard, TEMP_PREFIX, TEMP_SUFFIX, PRIVATE_FILE);
    } catch (IOException e) {
      throw LuiException.failed(
          "cannot write to the content store " + dir + ": " + e.getMessage(), e);
    }
    boolean renamed = false;
    try {
      MessageDigest md = Sha256.digester();
      long total = copy(in, tmp, md, declaredSize);
      Sha256 actual = Sha256.of(md);
      if (!actual.equals(sha256)) {
        throw LuiException.invalid(
            "sha256",
            sha256.hex(),
            "the "
                + total
                + " bytes sent have sha256 "
                + actual.hex()
                + ", not the one declared; nothing was stored");
      }
      if (declaredSize >= 0 && total != declaredSize) {
        throw LuiException.invalid(
            "size",
            Long.toString(declaredSize),
            total + " bytes arrived, not the size declared; nothing was stored");
      }
      boolean existed = regularFile(target).isPresent();
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      renamed = true;
      syncDirectory(shard);
      return new Stored(sha256, total, existed);
    } catch (IOException e) {
      throw LuiException.failed(
          "cannot write to the content store " + dir + ": " + e.getMessage(), e);
    } finally {
      if (!renamed) {
        deleteQuietly(tmp);
      }
    }
  }

  /**
   * Streams {@code in} into {@code file}, hashing; fsyncs. Reading and writing fail differently.
   */
  private static long copy(InputStream in, Path file, MessageDigest md, long declaredSize)
      throws IOException {
    long total = 0;
    byte[] buf = new byte[BUFFER];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException e) {
          throw LuiException.invalid(
              "upload",
              total + " bytes",
              "the upload broke off (" + e.getMessage() + "); nothing was stored");
        }
        if (n < 0) {
          break;
        }
        total += n;
        if (declaredSize >= 0 && total > declaredSize) {
          throw LuiException.invalid(
              "size",
              Long.toString(declaredSize),
              "more bytes arrived than declared; nothing was stored");
        }
        md.update(buf, 0, n);
        bb.clear().limit(n);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
      }
      out.force(true);
    }
    return total;
  }

  private static void syncDirectory(Path d) {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync {}: {}", d, e.getMessage());
    }
  }

  /**
   * Deletes the temp files of puts that never finished (a server killed mid-upload). Call it before
   * the server accepts uploads: then no put is running and every temp file is stale. Returns how
   * many it deleted.
   */
  public int deleteStaleTemps() {
    int deleted = 0;
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir)) {
      for (Path shard : shards) {
        if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (DirectoryStream<Path> files =
            Files.newDirectoryStream(shard, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
          for (Path f : files) {
            Files.deleteIfExists(f);
            deleted++;
          }
        }
      }
    } catch (IOException e) {
      throw LuiException.failed("cannot clean the content store " + dir + ": " + e.getMessage(), e);
    }
    return deleted;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}; the next server start deletes it", p, e.getMessage());
    }
  }
}
