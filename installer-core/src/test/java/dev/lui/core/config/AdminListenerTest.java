package dev.lui.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.tls.SelfSigned;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue #12: the admin listener exists off loopback only with TLS; nothing binds here. */
class AdminListenerTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "localhost"})
  void loopbackNeedsNoTls(String host) {
    assertThat(
            AdminListener.of(new InetSocketAddress(host, 8081), Optional.empty(), Optional.empty())
                .scheme())
        .isEqualTo("http");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "10.1.0.5", "192.0.2.7", "fd00::5"})
  void anyOtherAddressWithoutTlsIsRefusedNamingBothFlags(String host) {
    assertThatThrownBy(
            () ->
                AdminListener.of(
                    new InetSocketAddress(host, 8081), Optional.empty(), Optional.empty()))
        .isInstanceOfSatisfying(
            LuiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageStartingWith("--admin-http '" + (host.contains(":") ? "[" : host))
        .hasMessageContaining(":8081': ")
        .hasMessageContaining("--admin-tls-cert FILE and --admin-tls-key FILE");
  }

  @Test
  void anyOtherAddressWithTlsIsAccepted() throws Exception {
    SelfSigned pair = SelfSigned.ec(tmp, "head", "DNS:head,IP:10.1.0.5");
    AdminListener admin =
        AdminListener.of(
            new InetSocketAddress("0.0.0.0", 8443),
            Optional.of(pair.cert()),
            Optional.of(pair.key()));
    assertThat(admin.scheme()).isEqualTo("https");
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedNamingTheMissingFlag() throws Exception {
    SelfSigned pair = SelfSigned.ec(tmp, "head", "DNS:head");
    assertThatThrownBy(
            () ->
                AdminListener.of(
                    new InetSocketAddress("127.0.0.1", 8081),
                    Optional.of(pair.cert()),
                    Optional.empty()))
        .hasMessageStartingWith("--admin-tls-cert '" + pair.cert() + "': ")
        .hasMessageContaining("--admin-tls-key is missing");
    assertThatThrownBy(
            () ->
                AdminListener.of(
                    new InetSocketAddress("127.0.0.1", 8081),
                    Optional.empty(),
                    Optional.of(pair.key())))
        .hasMessageContaining("--admin-tls-cert is missing");
  }
}
