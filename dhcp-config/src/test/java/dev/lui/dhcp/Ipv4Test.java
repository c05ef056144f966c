package dev.lui.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {
  @Test
  void parsesDottedQuads() {
    assertThat(Ipv4.parse("10.77.0.151").getHostAddress()).isEqualTo("10.77.0.151");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.77.0.\u0661\u0665\u0661", "\uff11\uff10.0.0.1", "10.0.0.\u0967"})
  void refusesDigitsOtherThanAscii(String text) {
    assertThatThrownBy(() -> Ipv4.parse(text))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("ASCII digits");
  }
}
