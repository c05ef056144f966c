package dev.lui.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TerminalTextTest {
  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("clear screen (CSI 2J)", "\u001b[2J\u001b[H", "\\x1b[2J\\x1b[H"),
        Arguments.of("window title (OSC 0, BEL)", "\u001b]0;pwned\u0007", "\\x1b]0;pwned\\x07"),
        Arguments.of("carriage return over a line", "ok\rFAILED", "ok\\x0dFAILED"),
        Arguments.of("forged new line", "a\nlui: installed", "a\\x0alui: installed"),
        Arguments.of("NUL", "a\u0000b", "a\\x00b"),
        Arguments.of("DEL", "a\u007fb", "a\\x7fb"),
        Arguments.of("C1 CSI (U+009B)", "a\u009b2Jb", "a\\x9b2Jb"),
        Arguments.of("bidi override (U+202E)", "\u202etxt.exe", "\\u202etxt.exe"),
        Arguments.of("bidi isolates (U+2066..U+2069)", "\u2066a\u2069", "\\u2066a\\u2069"),
        Arguments.of("line separator (U+2028)", "a\u2028b", "a\\u2028b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void escapesWhatATerminalWouldActOn(String what, String raw, String shown) {
    assertThat(TerminalText.escape(raw)).as(what).isEqualTo(shown);
    assertThat(TerminalText.needsEscape(raw)).isTrue();
  }

  @Test
  void keepsPrintableTextOfAnyScriptAsItIs() {
    String text = "Installing grub-pc (2.06) ... ok: Größe 10 GB, 日本語, العربية, emoji \ud83d\ude00";
    assertThat(TerminalText.escape(text)).isSameAs(text);
    assertThat(TerminalText.needsEscape(text)).isFalse();
  }

  @Test
  void escapingTwiceChangesNothingMore() {
    String once = TerminalText.escape("\u001b[31mred\u001b[0m\r\n\u202e");
    assertThat(TerminalText.escape(once)).isEqualTo(once);
  }

  @Test
  void errorMessagesUseTheSameRules() {
    assertThat(LuiException.invalid("--hostname", "a\u001b]0;x\u0007\u202e", "bad").getMessage())
        .isEqualTo("--hostname 'a\\x1b]0;x\\x07\\u202e': bad");
  }
}
