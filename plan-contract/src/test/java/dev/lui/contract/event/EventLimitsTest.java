package dev.lui.contract.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventLimitsTest {
  private static final Pattern MARKER = Pattern.compile("\u2026 \\[truncated (\\d+) bytes\\]$");

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2730, 8191, 8192})
  void aTextThatFitsIsKeptAsItIs(int size) {
    String text = "x".repeat(size);
    assertThat(EventLimits.truncate(text)).isSameAs(text);
  }

  @ParameterizedTest
  @ValueSource(ints = {8193, 9000, 100_000, 10 * 1024 * 1024})
  void aLongerTextIsCutToTheLimitWithAMarkerCountingTheCutBytes(int size) {
    String cut = EventLimits.truncate("x".repeat(size));
    assertThat(bytes(cut)).isLessThanOrEqualTo(EventLimits.MAX_TEXT_BYTES);
    Matcher m = MARKER.matcher(cut);
    assertThat(m.find()).as(cut.substring(cut.length() - 40)).isTrue();
    int kept = cut.length() - m.group().length();
    assertThat(kept + Long.parseLong(m.group(1))).isEqualTo(size);
  }

  @Test
  void aTenMegabyteLineKeepsItsStartAndSaysHowMuchWentMissing() {
    String cut = EventLimits.truncate("A".repeat(10 * 1024 * 1024));
    assertThat(cut)
        .startsWith("AAAA")
        .endsWith(" [truncated " + (10 * 1024 * 1024 - cut.indexOf('\u2026')) + " bytes]");
  }

  @Test
  void neverSplitsACharacter() {
    for (String unit : new String[] {"\u00e9", "\u65e5", "\ud83d\ude00"}) {
      String cut = EventLimits.truncate(unit.repeat(5000));
      assertThat(cut).doesNotContain("\ufffd");
      String head = cut.substring(0, cut.indexOf('\u2026'));
      assertThat(head.length() % unit.length()).isZero();
      assertThat(bytes(cut)).isLessThanOrEqualTo(EventLimits.MAX_TEXT_BYTES);
    }
  }

  @Test
  void cuttingACutTextChangesNothing() {
    String once = EventLimits.truncate("y".repeat(50_000));
    assertThat(EventLimits.truncate(once)).isEqualTo(once);
  }

  @Test
  void countsUtf8BytesWithoutEncoding() {
    for (String s :
        new String[] {
          "", "ascii", "Gr\u00f6\u00dfe", "\u65e5\u672c", "\ud83d\ude00 ok", "lone \ud83d"
        }) {
      assertThat(EventLimits.utf8Length(s)).as(s).isEqualTo(bytes(s));
    }
  }
}
