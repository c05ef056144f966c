package dev.lui.core.inventory;

import dev.lui.core.LuiException;
import dev.lui.core.domain.Blob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Checksums server-side files when a resource is defined. */
public final class Blobs {
  private Blobs() {}

  public static Blob of(String field, String pathText) {
    Path path = Path.of(dev.lui.core.domain.Names.withoutControlCharacters(field, pathText));
    if (!path.isAbsolute()) {
      throw LuiException.invalid(field, pathText, "give an absolute path on the server");
    }
    if (!Files.isRegularFile(path)) {
      throw LuiException.invalid(field, pathText, "no such file on the server");
    }
    if (!Files.isReadable(path)) {
      throw LuiException.invalid(field, pathText, "the server cannot read this file");
    }
    return new Blob(path.toString(), sha256(path), size(path));
  }

  public static String sha256(Path path) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest())) {
      MessageDigest md = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(OutputStreams.NULL);
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw LuiException.failed("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static long size(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw LuiException.failed("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static final class OutputStreams {
    static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
  }
}
