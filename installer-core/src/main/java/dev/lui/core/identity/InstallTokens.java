package dev.lui.core.identity;

import dev.lui.core.LuiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Install tokens derived from a server key: {@code HMAC-SHA256(key, "lui install token" | node |
 * armId)}. The store keeps only the arm id (random, new at each arming) and the token's SHA-256,
 * yet the node root, which must carry the token, stays a pure function of the store and this key: a
 * server that restarts after a crash rebuilds every node root, token included. A copy of the store
 * alone (a backup) reveals no token.
 */
public final class InstallTokens {
  /** The key file in the state directory, created on first start (0600). */
  public static final String KEY_FILE = "install-token.key";

  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  public InstallTokens(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the install token key must be at least 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** The state directory's key, made on first use. */
  public static InstallTokens load(Path stateDir) {
    Path file = stateDir.resolve(KEY_FILE);
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        dev.lui.core.identity.StateFiles.writePrivate(
            file, Base64.getEncoder().encodeToString(fresh) + "\n");
      }
      byte[] key =
          Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
      return new InstallTokens(key);
    } catch (IOException | IllegalArgumentException e) {
      throw LuiException.failed(
          "cannot read the install token key " + file + ": " + e.getMessage(), e);
    }
  }

  /** A new arm id: 128 random bits, URL-safe. */
  public static String newArmId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The install token of {@code node} armed as {@code armId}. */
  public String token(String node, String armId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update("lui install token\0".getBytes(StandardCharsets.UTF_8));
      mac.update(node.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(armId.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  /** The SHA-256 the store keeps for {@code node}'s token of {@code armId}. */
  public String tokenHash(String node, String armId) {
    return Tokens.hash(token(node, armId));
  }

  /** For tests and the in-memory twin: a random key. */
  public static InstallTokens random() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return new InstallTokens(key);
  }

  @Override
  public String toString() {
    return "InstallTokens[key hidden]";
  }
}
