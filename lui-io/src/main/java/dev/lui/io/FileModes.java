package dev.lui.io;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The file modes lui writes with. */
public final class FileModes {
  /** A file anyone may read: configuration, boot entries. */
  public static final Set<PosixFilePermission> MODE_0644 =
      PosixFilePermissions.fromString("rw-r--r--");

  /** A file only its owner may read: tokens, keys. */
  public static final Set<PosixFilePermission> MODE_0600 =
      PosixFilePermissions.fromString("rw-------");

  /** A directory anyone may list. */
  public static final Set<PosixFilePermission> MODE_0755 =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private FileModes() {}
}
