package dev.lui.tftp;

import java.nio.file.Path;

/** Ready-made {@link FileSource}s. STUB: the tftp module fills this in. */
public final class FileSources {
  private FileSources() {}

  /** Files under {@code root}, confined to it (no escape through {@code ..} or symlinks). */
  public static FileSource directory(Path root) {
    throw new UnsupportedOperationException("stub");
  }

  /** The first source that has the file wins. */
  public static FileSource firstOf(FileSource... sources) {
    throw new UnsupportedOperationException("stub");
  }

  /** A resource over bytes in memory (generated files such as per-node boot entries). */
  public static TftpResource ofBytes(byte[] content) {
    throw new UnsupportedOperationException("stub");
  }
}
