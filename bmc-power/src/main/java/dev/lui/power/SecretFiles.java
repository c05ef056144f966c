package dev.lui.power;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * BMC passwords in files only their owner may read (mode 0600 or 0400): the password is the file's
 * first line (a final newline is not part of it). A file its group or others may read is refused,
 * naming the chmod that fixes it: this is the boundary that owns the secret.
 *
 * <ul>
 *   <li>{@link #file(Path)}: one file, for every BMC it is asked about (a source per BMC, or nodes
 *       that share one password);
 *   <li>{@link #directory(Path)}: a file per BMC named by its host as the address writes it ({@code
 *       10.0.0.5}, {@code n01-bmc.example.org}, {@code fd00::5} without brackets), and {@code
 *       default} for every BMC without its own.
 * </ul>
 */
public final class SecretFiles implements SecretSource {
  /** The file a {@link #directory(Path)} falls back to. */
  public static final String DEFAULT_FILE = "default";

  /** A password file is small; a bigger one is not a password file. */
  static final long MAX_BYTES = 1024;

  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private final Path path;
  private final boolean directory;

  private SecretFiles(Path path, boolean directory) {
    this.path = Objects.requireNonNull(path, "path");
    this.directory = directory;
  }

  /** One password file for every BMC. */
  public static SecretFiles file(Path file) {
    return new SecretFiles(file, false);
  }

  /** A directory of password files: {@code DIR/HOST}, else {@code DIR/default}. */
  public static SecretFiles directory(Path dir) {
    return new SecretFiles(dir, true);
  }

  @Override
  public BmcPassword passwordFor(BmcAddress bmc) throws BmcException {
    if (!directory) {
      return read(path, bmc)
          .orElseThrow(
              () ->
                  new BmcException(
                      BmcFailure.NO_PASSWORD,
                      "no password for BMC " + bmc + ": " + path + " does not exist"));
    }
    if (!Files.isDirectory(path)) {
      throw new BmcException(
          BmcFailure.NO_PASSWORD,
          "no password for BMC " + bmc + ": the password directory " + path + " does not exist");
    }
    Path own = path.resolve(fileName(bmc));
    Optional<BmcPassword> p = read(own, bmc);
    if (p.isPresent()) {
      return p.get();
    }
    Path fallback = path.resolve(DEFAULT_FILE);
    return read(fallback, bmc)
        .orElseThrow(
            () ->
                new BmcException(
                    BmcFailure.NO_PASSWORD,
                    "no password for BMC "
                        + bmc
                        + ": neither "
                        + own
                        + " nor "
                        + fallback
                        + " exists (write the password to "
                        + own
                        + ", mode 0600)"));
  }

  /** The file of {@code bmc} in a directory: its host, as one path segment. */
  static String fileName(BmcAddress bmc) {
    return bmc.host();
  }

  /** The password in {@code file}; empty if there is no such file. */
  private static Optional<BmcPassword> read(Path file, BmcAddress bmc) throws BmcException {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      if (!Files.isRegularFile(file)) {
        throw refused(file, "is not a regular file");
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(OTHERS::contains)) {
        throw new BmcException(
            BmcFailure.NO_PASSWORD,
            "password file "
                + file
                + " may be read by its group or others (mode "
                + PosixFilePermissions.toString(perms)
                + "): run chmod 600 "
                + file);
      }
      if (Files.size(file) > MAX_BYTES) {
        throw refused(file, "is larger than " + MAX_BYTES + " bytes: it holds one password line");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int eol = text.indexOf('\n');
      String first = eol < 0 ? text : text.substring(0, eol);
      if (first.endsWith("\r")) {
        first = first.substring(0, first.length() - 1);
      }
      if (first.isEmpty()) {
        throw refused(file, "is empty: its first line is the password of " + bmc);
      }
      try {
        return Optional.of(BmcPassword.of(first));
      } catch (IllegalArgumentException e) {
        throw refused(file, "is not usable: " + e.getMessage());
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw refused(file, "cannot be read: " + e.getMessage());
    }
  }

  private static BmcException refused(Path file, String why) {
    return new BmcException(BmcFailure.NO_PASSWORD, "password file " + file + " " + why);
  }

  @Override
  public String toString() {
    return (directory ? "password directory " : "password file ") + path;
  }
}
