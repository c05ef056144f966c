package dev.lui.core.server;

import dev.lui.core.LuiException;
import dev.lui.core.config.ServerConfig;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server's directories, created 0755 whatever the umask: they hold files other programs read
 * (DHCP files, the TFTP root, node roots the NFS server exports). Secrets inside them are files of
 * their own mode (0600). A directory that already exists is left as the admin made it.
 */
final class StateDirs {
  static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rwxr-xr-x");

  private StateDirs() {}

  /** STATE, the TFTP root, STATE/dhcp and STATE/nfsroot. */
  static void create(ServerConfig config) {
    for (Path dir :
        List.of(config.stateDir(), config.tftpDir(), config.dhcpDir(), config.nfsrootDir())) {
      create(dir);
    }
    createPrivate(config.bmcSecretsDir());
  }

  /**
   * A directory only its owner may enter (0700, BMC passwords): created with any missing parent;
   * one that exists is left as the admin made it (bmc-power refuses password files others can
   * read).
   */
  static void createPrivate(Path dir) {
    if (Files.isDirectory(dir)) {
      return;
    }
    create(dir.toAbsolutePath().getParent());
    Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(owner));
      Files.setPosixFilePermissions(dir, owner);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw LuiException.failed("cannot create the directory " + dir + ": a file is in the way");
      }
    } catch (IOException e) {
      throw LuiException.failed("cannot create the directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** {@code dir} and any missing parent, each created with {@link #MODE} exactly. */
  static void create(Path dir) {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(0, p);
    }
    try {
      for (Path p : missing) {
        try {
          Files.createDirectory(p, PosixFilePermissions.asFileAttribute(MODE));
          Files.setPosixFilePermissions(p, MODE); // the umask narrowed it, or widened nothing
        } catch (FileAlreadyExistsException e) {
          if (!Files.isDirectory(p)) {
            throw e;
          }
        }
      }
    } catch (IOException e) {
      throw LuiException.failed("cannot create the directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
