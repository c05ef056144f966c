package dev.lui.core.domain;

import dev.lui.core.LuiException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A SHA-256 digest as 64 lowercase hex digits: the name of a content in the content store. */
public record Sha256(String hex) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public Sha256 {
    if (!HEX.matcher(hex).matches()) {
      throw LuiException.invalid("sha256", hex, "a SHA-256 digest is 64 hex digits");
    }
  }

  /** Accepts upper case too; the result is lower case, as files in the content store are named. */
  public static Sha256 parse(String field, String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (!HEX.matcher(lower).matches()) {
      throw LuiException.invalid(field, text, "a SHA-256 digest is 64 hex digits");
    }
    return new Sha256(lower);
  }

  /** A new SHA-256 digester (every JVM has one). */
  public static MessageDigest digester() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static Sha256 of(MessageDigest digester) {
    return new Sha256(HexFormat.of().formatHex(digester.digest()));
  }

  /** The first 12 digits, for tables. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return hex;
  }
}
