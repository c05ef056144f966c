package dev.lui.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin listener's certificate and key: read from PEM, checked to belong together, named in
 * errors.
 */
class ServerIdentityTest {
  @TempDir Path tmp;

  private ServerIdentity load(SelfSigned pair) {
    return ServerIdentity.load("--cert", pair.cert(), "--key", pair.key());
  }

  @Test
  void readsAnEcAndAnRsaPairAndHoldsThemInAKeyStore() throws Exception {
    for (SelfSigned pair :
        new SelfSigned[] {
          SelfSigned.ec(tmp, "ec", "DNS:head"), SelfSigned.rsa(tmp, "rsa", "DNS:head")
        }) {
      ServerIdentity id = load(pair);
      assertThat(id.chain()).hasSize(1);
      assertThat(id.keyStore("pw".toCharArray()).isKeyEntry("lui")).isTrue();
    }
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
    SelfSigned a = SelfSigned.ec(tmp, "a", "DNS:a");
    SelfSigned b = SelfSigned.ec(tmp, "b", "DNS:b");
    assertThatThrownBy(() -> ServerIdentity.load("--cert", a.cert(), "--key", b.key()))
        .isInstanceOfSatisfying(
            LuiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessage(
            "--key '"
                + b.key()
                + "': this key does not belong to the certificate in --cert "
                + a.cert());
  }

  @Test
  void keysLuiCannotReadAreRefusedWithTheCommandThatConvertsThem() throws Exception {
    SelfSigned pair = SelfSigned.rsa(tmp, "k", "DNS:k");
    Path pkcs1 =
        Files.writeString(
            tmp.resolve("pkcs1.key"),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> ServerIdentity.load("--cert", pair.cert(), "--key", pkcs1))
        .hasMessageContaining("'RSA PRIVATE KEY'")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    Path encrypted =
        Files.writeString(
            tmp.resolve("enc.key"),
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> ServerIdentity.load("--cert", pair.cert(), "--key", encrypted))
        .hasMessageContaining("encrypted");
    assertThatThrownBy(() -> ServerIdentity.load("--cert", pair.cert(), "--key", pair.cert()))
        .hasMessageContaining("no private key in it");
    assertThatThrownBy(() -> ServerIdentity.load("--cert", pair.key(), "--key", pair.key()))
        .hasMessageStartingWith("--cert '" + pair.key() + "': no certificate in it");
    assertThatThrownBy(
            () -> ServerIdentity.load("--cert", tmp.resolve("missing.pem"), "--key", pair.key()))
        .hasMessage("--cert '" + tmp.resolve("missing.pem") + "': no such file");
  }

  @Test
  void theUrlHostIsOneTheCertificateNames() throws Exception {
    ServerIdentity both =
        load(SelfSigned.ec(tmp, "both", "DNS:head.example,IP:10.1.0.5,IP:127.0.0.1"));
    assertThat(both.urlHost(InetAddress.getByName("10.1.0.5"))).isEqualTo("10.1.0.5");
    assertThat(both.urlHost(InetAddress.getByName("0.0.0.0")))
        .as("a wildcard listener, reached on loopback")
        .isEqualTo("127.0.0.1");
    assertThat(both.urlHost(InetAddress.getByName("10.1.0.6")))
        .as("an address it does not name")
        .isEqualTo("head.example");
    ServerIdentity localhost = load(SelfSigned.ec(tmp, "lh", "DNS:localhost"));
    assertThat(localhost.urlHost(InetAddress.getByName("0.0.0.0"))).isEqualTo("localhost");
    ServerIdentity v6 = load(SelfSigned.ec(tmp, "v6", "IP:::1"));
    assertThat(v6.urlHost(InetAddress.getByName("::1"))).isEqualTo("[0:0:0:0:0:0:0:1]");
  }

  @Test
  void theChainIsWrittenBackAsPemThatReadsAgain() throws Exception {
    SelfSigned pair = SelfSigned.ec(tmp, "again", "DNS:head");
    Path copy = Files.writeString(tmp.resolve("copy.pem"), Pem.encode(load(pair).chain()));
    assertThat(Pem.certificates("copy", copy)).isEqualTo(Pem.certificates("orig", pair.cert()));
  }
}
