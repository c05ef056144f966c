package dev.lui.core.server;

import dev.lui.core.LuiException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * One process publishes a state directory's files at a time: a second {@code lui server}, or a
 * {@code --reconcile-only} while a server runs, would rewrite the same files from another view
 * (other settings) behind the first one's back. The lock is the kernel's ({@code STATE/lui.lock}),
 * so it goes with its process, even one killed with SIGKILL.
 */
final class StateLock implements AutoCloseable {
  static final String FILE = "lui.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static StateLock acquire(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file,
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      throw LuiException.failed("cannot open " + file + ": " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this JVM holds it already
    } catch (IOException e) {
      closeQuietly(channel);
      throw LuiException.failed("cannot lock " + file + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw LuiException.conflict(
          "another lui server (or --reconcile-only) is running on "
              + stateDir
              + ": only one process may publish a state directory's files; stop it first");
    }
    return new StateLock(channel, lock);
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel's close releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing to keep
    }
  }
}
