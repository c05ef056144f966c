package dev.lui.nfsroot.fs;

import java.io.IOException;
import java.nio.file.Path;

/** A path lui was about to write through is not what it must be (e.g. a symlink, not a dir). */
public final class UnsafePathException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path path;

  public UnsafePathException(Path path, String reason) {
    super(path + ": " + reason);
    this.path = path;
  }

  public Path path() {
    return path;
  }
}
