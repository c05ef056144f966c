package dev.lui.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Ready-made {@link FileSource}s. */
public final class FileSources {
  private FileSources() {}

  /**
   * Files under {@code root}, confined to it (no escape through {@code ..} or symlinks). Symlinks
   * that stay inside the root are followed. A link that leaves it makes {@link FileSource#open}
   * throw {@link AccessDeniedException}, which the server answers with an access violation. A name
   * that leads to no regular file (missing, a directory, a dangling link, a link loop, a plain file
   * used as a directory, a component too long) is not found. The root is resolved on every open so
   * it may be created or replaced after the server starts.
   */
  public static FileSource directory(Path root) {
    Objects.requireNonNull(root, "root");
    return path -> openUnder(root, path, null);
  }

  /**
   * Like {@link #directory(Path)}, with files up to the cache's size limit served from memory after
   * their first read (same confinement; see {@link HotFileCache} for staleness).
   */
  public static FileSource directory(Path root, HotFileCache cache) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(cache, "cache");
    return path -> openUnder(root, path, cache);
  }

  private static Optional<TftpResource> openUnder(Path root, String path, HotFileCache cache)
      throws IOException {
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Path candidate = realRoot.resolve(path).normalize();
    if (!candidate.startsWith(realRoot)) {
      // The server normalises first; this guards callers that use the source directly.
      throw new AccessDeniedException(path, null, "outside the TFTP root " + realRoot);
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (NoSuchFileException e) {
      return Optional.empty(); // missing, or a dangling link: both are "not found"
    } catch (AccessDeniedException e) {
      throw e; // a directory on the way that we may not search: refused, as before
    } catch (FileSystemException e) {
      // The name leads to no file: a component is a plain file (ENOTDIR), a link loop (ELOOP),
      // a component too long (ENAMETOOLONG). Names come off the wire, so this is the client's
      // "not found", not a server fault to log with a stack trace.
      return Optional.empty();
    }
    if (!real.startsWith(realRoot)) {
      throw new AccessDeniedException(
          path, real.toString(), "link leaves the TFTP root " + realRoot);
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    // NOFOLLOW: the last component was just resolved; a link swapped in since is refused.
    FileChannel ch = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    if (cache == null) {
      return Optional.of(new FileResource(ch));
    }
    boolean handedOver = false;
    try {
      BasicFileAttributes a =
          Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      long size = ch.size();
      if (!cache.admits(size) || size != a.size()) {
        handedOver = true;
        return Optional.of(new FileResource(ch));
      }
      HotFileCache.Key key = new HotFileCache.Key(real, size, a.lastModifiedTime(), a.fileKey());
      Optional<byte[]> hit = cache.get(key);
      if (hit.isPresent()) {
        return Optional.of(new BytesResource(hit.get())); // shared, never written
      }
      byte[] content = new byte[(int) size];
      ByteBuffer dst = ByteBuffer.wrap(content);
      while (dst.hasRemaining()) {
        // In 1 MiB steps: a heap read makes the JDK stage it in a direct buffer of the same
        // size and keep that buffer cached on this thread.
        ByteBuffer step = dst.slice(dst.position(), Math.min(dst.remaining(), 1 << 20));
        int n = ch.read(step, dst.position());
        if (n <= 0) {
          break; // the file shrank
        }
        dst.position(dst.position() + n);
      }
      if (dst.hasRemaining() || ch.size() != size) {
        // Changed while we read: serve what we have, cache nothing.
        return Optional.of(new BytesResource(Arrays.copyOf(content, dst.position())));
      }
      cache.put(key, content);
      return Optional.of(new BytesResource(content));
    } finally {
      if (!handedOver) {
        ch.close();
      }
    }
  }

  /** The first source that has the file wins; an exception from a source is not masked. */
  public static FileSource firstOf(FileSource... sources) {
    List<FileSource> list = List.of(sources); // rejects null elements
    return path -> {
      for (FileSource s : list) {
        Optional<TftpResource> r = s.open(path);
        if (r.isPresent()) {
          return r;
        }
      }
      return Optional.empty();
    };
  }

  /** A resource over bytes in memory (generated files such as per-node boot entries). */
  public static TftpResource ofBytes(byte[] content) {
    return new BytesResource(content.clone());
  }

  private record BytesResource(byte[] content) implements TftpResource {
    @Override
    public long size() {
      return content.length;
    }

    @Override
    public int read(long position, ByteBuffer dst) {
      if (position < 0) {
        throw new IllegalArgumentException("position " + position + " is negative");
      }
      if (position >= content.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), content.length - position);
      dst.put(content, (int) position, n);
      return n;
    }

    @Override
    public void close() {}
  }

  private static final class FileResource implements TftpResource {
    private final FileChannel channel;
    private final long size;

    FileResource(FileChannel channel) throws IOException {
      this.channel = channel;
      try {
        this.size = channel.size();
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      return channel.read(dst, position);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
