package dev.lui.core.server;

import dev.lui.core.LuiException;
import dev.lui.core.inventory.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The few files in the state directory that clients on the same host read. */
public final class StateFiles {
  public static final String ADMIN_TOKEN = "admin.token";
  /** The admin listener's URL: where the CLI on this host finds the server. */
  public static final String SERVER_URL = "server.url";
  /** The admin listener's certificate (public), which the CLI on this host trusts with that URL. */
  public static final String ADMIN_CERT = "admin-cert.pem";

  private StateFiles() {}

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

  /** Writes a file no other user can read, atomically: created 0600, so never readable by others. */
  public static void writePrivate(Path file, String content) throws IOException {
    write(file, content, "rw-------");
  }

  /** temp file (created with its final mode, set exactly whatever the umask) + fsync + atomic rename. */
  public static void write(Path file, String content, String mode) throws IOException {
    Path tmp =
        Files.createTempFile(
            file.getParent(), "." + file.getFileName(), ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode)); // the umask only narrows

      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void writeServerUrl(Path stateDir, String url) {
    try {
      write(stateDir.resolve(SERVER_URL), url + "\n", "rw-r--r--");
    } catch (IOException e) {
      throw LuiException.failed("cannot write " + stateDir.resolve(SERVER_URL) + ": " + e.getMessage(), e);
    }
  }

  /** The admin listener's certificate chain (PEM), or no file when it speaks plain HTTP. */
  public static void writeAdminCert(Path stateDir, java.util.Optional<String> pem) {
    Path file = stateDir.resolve(ADMIN_CERT);
    try {
      if (pem.isPresent()) {
        write(file, pem.get(), "rw-r--r--");
      } else {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw LuiException.failed("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
