package dev.lui.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.LuiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {
  @Test
  void readsHostAndPort() {
    assertThat(Resolver.hostPort("--http", "127.0.0.1:8080").getPort()).isEqualTo(8080);
    assertThat(Resolver.hostPort("--http", "[::1]:0").getPort()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1:\u0668\u0660\u0668\u0660",
        "127.0.0.1:+80",
        "127.0.0.1:65536",
        "127.0.0.1:",
        "127.0.0.1:-1",
        "127.0.0.1:0x50"
      })
  void refusesAPortThatIsNotAsciiDigitsUpTo65535(String text) {
    assertThatThrownBy(() -> Resolver.hostPort("--http", text))
        .isInstanceOf(LuiException.class)
        .hasMessageEndingWith("the port is a number 0-65535 (0 picks a free one)");
  }
}
