package dev.lui.contract.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4TextTest {
  @Test
  void parsesDottedQuads() {
    assertThat(Ipv4Text.parse("10.0.0.1")).isEqualTo(0x0A000001L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.77.0.\u0661\u0665\u0661", "\uff11\uff10.0.0.1", "10.0.0.\u0967"})
  void refusesDigitsOtherThanAscii(String text) {
    assertThat(Ipv4Text.parse(text)).isEqualTo(-1);
  }
}
