package dev.lui.core.tls;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate and its key as PEM files, made by the JDK's keytool (no openssl
 * needed): {@code NAME.pem} and {@code NAME.key} (PKCS#8) in a directory.
 */
public record SelfSigned(Path cert, Path key) {
  public static SelfSigned ec(Path dir, String name, String subjectAltNames) throws Exception {
    return make(dir, name, List.of("-keyalg", "EC", "-groupname", "secp256r1"), subjectAltNames);
  }

  public static SelfSigned rsa(Path dir, String name, String subjectAltNames) throws Exception {
    return make(dir, name, List.of("-keyalg", "RSA", "-keysize", "2048"), subjectAltNames);
  }

  private static SelfSigned make(
      Path dir, String name, List<String> keyArgs, String subjectAltNames) throws Exception {
    Path store = dir.resolve(name + ".p12");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "lui",
                "-dname",
                "CN=" + name,
                "-validity",
                "30",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-ext",
                "SAN=" + subjectAltNames));
    cmd.addAll(keyArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    PrivateKey key = (PrivateKey) ks.getKey("lui", "changeit".toCharArray());
    X509Certificate cert = (X509Certificate) ks.getCertificate("lui");
    Path certFile = Files.writeString(dir.resolve(name + ".pem"), Pem.encode(List.of(cert)));
    Path keyFile =
        Files.createFile(
            dir.resolve(name + ".key"),
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        keyFile,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    return new SelfSigned(certFile, keyFile);
  }
}
