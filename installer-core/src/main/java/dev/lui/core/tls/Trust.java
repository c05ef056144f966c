package dev.lui.core.tls;

import dev.lui.core.LuiException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a client trusts for one connection: exactly the certificates in a file (a server's own
 * self-signed certificate, or the CA that signed it) and nothing else, the system's CAs included.
 * The usual checks stay: the chain must lead to one of them, be valid now, and name the host.
 */
public final class Trust {
  private Trust() {}

  /**
   * An SSL context that trusts exactly the certificates in {@code file} ({@code field} names it in
   * errors).
   */
  public static SSLContext exactly(String field, Path file) {
    List<X509Certificate> anchors = Pem.certificates(field, file);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        store.setCertificateEntry("trusted-" + i, anchors.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw LuiException.failed("cannot set up TLS trusting " + file + ": " + e.getMessage(), e);
    }
  }
}
