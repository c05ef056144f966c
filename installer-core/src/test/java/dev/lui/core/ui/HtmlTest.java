package dev.lui.core.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What text from nodes becomes in the dashboard's HTML. */
class HtmlTest {
  @Test
  void markupIsEscapedIntoText() {
    assertThat(Html.text("<script>alert('x')</script> & \"q\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  }

  @Test
  void ansiSequencesAndControlsShowAsTheirEscapes() {
    assertThat(Html.text("\u001b[31mred\u001b[0m\r\n\u0007\u009b2J"))
        .isEqualTo("\\x1b[31mred\\x1b[0m\\x0d\\x0a\\x07\\x9b2J");
  }

  @Test
  void bidiOverridesCannotReorderWhatFollows() {
    assertThat(Html.text("abc\u202edcba")).isEqualTo("abc\\u202edcba");
  }

  @Test
  void plainTextAndOtherScriptsStayAsTheyAre() {
    assertThat(Html.text("n001 partition: 2.5 s, ok — ノード"))
        .isEqualTo("n001 partition: 2.5 s, ok — ノード");
  }

  @Test
  void queryAndPathValuesArePercentEncoded() {
    assertThat(Html.query("a b&c=<d>")).isEqualTo("a+b%26c%3D%3Cd%3E");
    assertThat(Html.segment("a b")).isEqualTo("a%20b");
  }
}
