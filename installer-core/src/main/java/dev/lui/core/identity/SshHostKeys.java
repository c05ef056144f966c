package dev.lui.core.identity;

import dev.lui.contract.plan.SshHostKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ssh host keys the server makes once per node and keeps, so a reinstalled node keeps its ssh
 * identity and nobody's known_hosts breaks. Ed25519 with the JDK's own provider (no ssh-keygen
 * process per node: a batch of 1,000 definitions stays fast), written in OpenSSH's formats.
 */
public final class SshHostKeys {
  private static final String TYPE = "ssh-ed25519";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SshHostKeys() {}

  /** A new ed25519 host key pair; {@code comment} is the usual {@code root@HOSTNAME}. */
  public static SshHostKey ed25519(String comment) {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
    }
    // X.509 SubjectPublicKeyInfo for Ed25519 ends with the raw 32-byte key; PKCS#8 with the
    // 32-byte seed (RFC 8410). Both prefixes have fixed lengths.
    byte[] x509 = pair.getPublic().getEncoded();
    byte[] pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
    byte[] blob = publicBlob(pub);
    String publicLine = TYPE + " " + Base64.getEncoder().encodeToString(blob) + " " + comment;
    return new SshHostKey("ed25519", privateFile(pub, seed, blob, comment), publicLine);
  }

  private static byte[] publicBlob(byte[] pub) {
    Buf b = new Buf();
    b.string(TYPE.getBytes(StandardCharsets.US_ASCII));
    b.string(pub);
    return b.bytes();
  }

  /**
   * PROTOCOL.key's openssh-key-v1, unencrypted (the file is 0600 on the node, like ssh-keygen's).
   */
  private static String privateFile(byte[] pub, byte[] seed, byte[] blob, String comment) {
    Buf priv = new Buf();
    int check = RANDOM.nextInt();
    priv.u32(check);
    priv.u32(check);
    priv.string(TYPE.getBytes(StandardCharsets.US_ASCII));
    priv.string(pub);
    byte[] secret = new byte[64];
    System.arraycopy(seed, 0, secret, 0, 32);
    System.arraycopy(pub, 0, secret, 32, 32);
    priv.string(secret);
    priv.string(comment.getBytes(StandardCharsets.UTF_8));
    for (int pad = 1; priv.size() % 8 != 0; pad++) {
      priv.raw(new byte[] {(byte) pad});
    }
    Buf file = new Buf();
    file.raw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
    file.string("none".getBytes(StandardCharsets.US_ASCII));
    file.string("none".getBytes(StandardCharsets.US_ASCII));
    file.string(new byte[0]);
    file.u32(1);
    file.string(blob);
    file.string(priv.bytes());
    Arrays.fill(secret, (byte) 0);
    String b64 = Base64.getEncoder().encodeToString(file.bytes());
    StringBuilder out = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
    for (int i = 0; i < b64.length(); i += 70) {
      out.append(b64, i, Math.min(b64.length(), i + 70)).append('\n');
    }
    return out.append("-----END OPENSSH PRIVATE KEY-----\n").toString();
  }

  /** SSH wire encoding: uint32 big-endian, string = uint32 length + bytes. */
  private static final class Buf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void u32(int v) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
    }

    void string(byte[] b) {
      u32(b.length);
      raw(b);
    }

    void raw(byte[] b) {
      out.write(b, 0, b.length);
    }

    int size() {
      return out.size();
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
