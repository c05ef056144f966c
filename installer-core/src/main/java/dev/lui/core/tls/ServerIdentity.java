package dev.lui.core.tls;

import dev.lui.core.LuiException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS server's certificate chain and private key, read from the admin's PEM files and checked to
 * belong together: a wrong pair is a clear error at start, not a failed handshake later.
 */
public final class ServerIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(ServerIdentity.class);
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private final List<X509Certificate> chain;
  private final PrivateKey key;

  private ServerIdentity(List<X509Certificate> chain, PrivateKey key) {
    this.chain = chain;
    this.key = key;
  }

  /**
   * Reads and checks the pair; {@code certField} and {@code keyField} (the flags) name the files in
   * errors. Warns when the key is readable by others or the certificate is not valid now.
   */
  public static ServerIdentity load(
      String certField, Path certFile, String keyField, Path keyFile) {
    List<X509Certificate> chain = Pem.certificates(certField, certFile);
    PrivateKey key = Pem.privateKey(keyField, keyFile);
    if (!belongTogether(chain.get(0), key)) {
      throw LuiException.invalid(
          keyField,
          keyFile.toString(),
          "this key does not belong to the certificate in " + certField + " " + certFile);
    }
    warnIfReadableByOthers(keyField, keyFile);
    Instant now = Instant.now();
    X509Certificate leaf = chain.get(0);
    if (now.isAfter(leaf.getNotAfter().toInstant())
        || now.isBefore(leaf.getNotBefore().toInstant())) {
      LOG.warn(
          "the certificate in {} is not valid now (valid {} to {}); clients will refuse it",
          certFile,
          leaf.getNotBefore().toInstant(),
          leaf.getNotAfter().toInstant());
    }
    return new ServerIdentity(chain, key);
  }

  /** The leaf first, then the rest of the chain as given. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** An in-memory key store holding the pair, for the TLS server (Jetty wants one). */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("lui", key, password, chain.toArray(X509Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw LuiException.failed("cannot hold the TLS key in memory: " + e.getMessage(), e);
    }
  }

  /**
   * The host for a URL of a server listening on {@code listen} that clients' hostname checks
   * accept: the listen address if the certificate names it; for a wildcard listener a loopback name
   * the certificate names; else the certificate's first DNS name (the admin's name for this host),
   * else its first address; with no names at all, the listen address.
   */
  public String urlHost(InetAddress listen) {
    List<String> dns = new ArrayList<>();
    List<InetAddress> ips = new ArrayList<>();
    for (List<?> san : subjectAltNames(chain.get(0))) {
      if (san.size() == 2
          && san.get(0) instanceof Integer type
          && san.get(1) instanceof String value) {
        if (type == SAN_DNS && !value.startsWith("*.")) {
          dns.add(value);
        } else if (type == SAN_IP) {
          literal(value).ifPresent(ips::add);
        }
      }
    }
    if (!listen.isAnyLocalAddress() && ips.contains(listen)) {
      return forUrl(listen);
    }
    if (listen.isAnyLocalAddress()) {
      Optional<InetAddress> loopback =
          ips.stream().filter(InetAddress::isLoopbackAddress).findFirst();
      if (loopback.isPresent()) {
        return forUrl(loopback.get());
      }
      if (dns.contains("localhost")) {
        return "localhost";
      }
    }
    if (!dns.isEmpty()) {
      return dns.get(0);
    }
    if (!ips.isEmpty()) {
      return forUrl(ips.get(0));
    }
    return listen.isAnyLocalAddress() ? "127.0.0.1" : forUrl(listen);
  }

  private static String forUrl(InetAddress a) {
    String text = a.getHostAddress();
    return text.contains(":") ? "[" + text + "]" : text;
  }

  private static Optional<InetAddress> literal(String text) {
    try {
      return Optional.of(InetAddress.getByName(text)); // an address literal: no lookup
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static Collection<List<?>> subjectAltNames(X509Certificate c) {
    try {
      Collection<List<?>> names = c.getSubjectAlternativeNames();
      return names == null ? List.of() : names;
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  /** Signs a random message with the key and verifies it with the certificate's public key. */
  private static boolean belongTogether(X509Certificate cert, PrivateKey key) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
          default -> "";
        };
    if (algorithm.isEmpty()) {
      return true; // RSASSA-PSS: left to the handshake
    }
    try {
      byte[] message = new byte[32];
      new SecureRandom().nextBytes(message);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(message);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // e.g. an EC key with an RSA certificate
    }
  }

  private static void warnIfReadableByOthers(String keyField, Path keyFile) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
      if (mode.contains(PosixFilePermission.OTHERS_READ)
          || mode.contains(PosixFilePermission.GROUP_READ)) {
        LOG.warn("the TLS key {} ({}) is readable by other users: chmod 600 it", keyFile, keyField);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // it was just read; a file system without modes has nothing to warn about
    }
  }
}
