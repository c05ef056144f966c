package dev.lui.core.identity;

import dev.lui.core.LuiException;
import dev.lui.io.AtomicWriter;
import dev.lui.io.FileModes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The store's file and the few files in the state directory that clients on the same host read. */
public final class StateFiles {
  public static final String ADMIN_TOKEN = "admin.token";

  /** The admin listener's URL: where the CLI on this host finds the server. */
  public static final String SERVER_URL = "server.url";

  /** The admin listener's certificate (public), which the CLI on this host trusts with that URL. */
  public static final String ADMIN_CERT = "admin-cert.pem";

  /** The SQLite store. */
  public static final String STORE = "lui.db";

  private StateFiles() {}

  /**
   * The store's file, created 0600 if missing: it holds the whole cluster's definition, readable by
   * the server's user only.
   */
  public static Path storeFile(Path stateDir) {
    Path file = stateDir.resolve(STORE);
    try {
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      }
      return file;
    } catch (IOException e) {
      throw LuiException.failed("cannot create the store " + file + ": " + e.getMessage(), e);
    }
  }

  /** Creates the admin token on first start (mode 0600); returns the token. */
  public static String adminToken(Path stateDir) {
    Path file = stateDir.resolve(ADMIN_TOKEN);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      String token = Tokens.newToken();
      writePrivate(file, token + "\n");
      return token;
    } catch (IOException e) {
      throw LuiException.failed("cannot create the admin token " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a file no other user can read, atomically: created 0600, so never readable by others.
   */
  public static void writePrivate(Path file, String content) throws IOException {
    AtomicWriter.write(
        file,
        content.getBytes(StandardCharsets.UTF_8),
        FileModes.MODE_0600,
        AtomicWriter.Option.FSYNC);
  }

  public static void writeServerUrl(Path stateDir, String url) {
    try {
      AtomicWriter.write(
          stateDir.resolve(SERVER_URL),
          (url + "\n").getBytes(StandardCharsets.UTF_8),
          FileModes.MODE_0644,
          AtomicWriter.Option.FSYNC);
    } catch (IOException e) {
      throw LuiException.failed(
          "cannot write " + stateDir.resolve(SERVER_URL) + ": " + e.getMessage(), e);
    }
  }

  /** The admin listener's certificate chain (PEM), or no file when it speaks plain HTTP. */
  public static void writeAdminCert(Path stateDir, java.util.Optional<String> pem) {
    Path file = stateDir.resolve(ADMIN_CERT);
    try {
      if (pem.isPresent()) {
        AtomicWriter.write(
            file,
            pem.get().getBytes(StandardCharsets.UTF_8),
            FileModes.MODE_0644,
            AtomicWriter.Option.FSYNC);
      } else {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw LuiException.failed("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
