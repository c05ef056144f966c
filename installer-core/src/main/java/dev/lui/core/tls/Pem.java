package dev.lui.core.tls;

import dev.lui.core.LuiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files as admins make them with openssl or keytool: certificates ({@code BEGIN CERTIFICATE})
 * and an unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}). Every error names the flag,
 * the file and what to do; none shows the file's content.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  private static final List<String> KEY_ALGORITHMS =
      List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

  private Pem() {}

  /** One {@code -----BEGIN LABEL-----} block, decoded. */
  record Block(String label, byte[] der) {}

  static List<Block> blocks(String text) {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        // a block whose body is not base64: left out, so the caller reports what is missing
      }
    }
    return out;
  }

  /** Every certificate in {@code file}, in order (a leaf, then its chain; or the CAs to trust). */
  public static List<X509Certificate> certificates(String field, Path file) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(read(field, file))) {
        if (b.label().equals("CERTIFICATE")) {
          out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (GeneralSecurityException e) {
      throw LuiException.invalid(
          field, file.toString(), "not a readable X.509 certificate: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw LuiException.invalid(
          field,
          file.toString(),
          "no certificate in it; expected PEM ('-----BEGIN CERTIFICATE-----')");
    }
    return List.copyOf(out);
  }

  /** The one private key in {@code file}: PKCS#8, unencrypted (RSA, EC, Ed25519 or Ed448). */
  public static PrivateKey privateKey(String field, Path file) {
    List<Block> keys =
        blocks(read(field, file)).stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
    if (keys.size() != 1) {
      throw LuiException.invalid(
          field,
          file.toString(),
          keys.isEmpty()
              ? "no private key in it; expected PEM ('-----BEGIN PRIVATE KEY-----')"
              : "holds "
                  + keys.size()
                  + " private keys; give the one that belongs to the certificate");
    }
    Block key = keys.get(0);
    switch (key.label()) {
      case "PRIVATE KEY" -> {
        // PKCS#8 names its algorithm inside; the JDK wants to be told, so each is tried.
        for (String algorithm : KEY_ALGORITHMS) {
          try {
            return KeyFactory.getInstance(algorithm)
                .generatePrivate(new PKCS8EncodedKeySpec(key.der()));
          } catch (GeneralSecurityException e) {
            // not this algorithm
          }
        }
        throw LuiException.invalid(
            field,
            file.toString(),
            "a PKCS#8 key of an algorithm lui cannot use; use RSA, EC or Ed25519");
      }
      case "ENCRYPTED PRIVATE KEY" ->
          throw LuiException.invalid(
              field,
              file.toString(),
              "the key is encrypted; lui reads it unencrypted (keep the file 0600): openssl pkey -in KEY -out PLAIN-KEY");
      default ->
          throw LuiException.invalid(
              field,
              file.toString(),
              "a '"
                  + key.label()
                  + "'; lui reads PKCS#8 ('BEGIN PRIVATE KEY'): openssl pkcs8 -topk8 -nocrypt -in KEY -out PKCS8-KEY");
    }
  }

  /** {@code certificates} as PEM text. */
  public static String encode(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    for (X509Certificate c : certificates) {
      try {
        out.append("-----BEGIN CERTIFICATE-----\n")
            .append(base64.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalStateException("a parsed certificate encodes again", e);
      }
    }
    return out.toString();
  }

  private static String read(String field, Path file) {
    try {
      return Files.readString(
          file,
          StandardCharsets.ISO_8859_1); // never fails: a PEM file may carry non-ASCII comments
    } catch (NoSuchFileException e) {
      throw LuiException.invalid(field, file.toString(), "no such file");
    } catch (AccessDeniedException e) {
      throw LuiException.invalid(field, file.toString(), "cannot read it (permission denied)");
    } catch (IOException e) {
      throw LuiException.invalid(field, file.toString(), "cannot read it: " + e.getMessage());
    }
  }
}
