package dev.lui.core.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dashboard's cookies, attribute by attribute. */
class CookiesTest {
  @Test
  void theSessionCookieIsHttpOnlyStrictKeptToTheDashboardAndEndsWithTheBrowser() {
    assertThat(Cookies.header("lui_session", "abc", "/ui", -1, false))
        .isEqualTo("lui_session=abc; Path=/ui; HttpOnly; SameSite=Strict");
  }

  @Test
  void overTlsEveryCookieIsSecure() {
    assertThat(Cookies.header("lui_session", "abc", "/ui", -1, true)).endsWith("; Secure");
    assertThat(Cookies.header("lui_signin", "t", "/ui/sign-in", 900, true))
        .isEqualTo(
            "lui_signin=t; Path=/ui/sign-in; Max-Age=900; HttpOnly; SameSite=Strict; Secure");
  }

  @Test
  void clearingACookieGivesItNoAge() {
    assertThat(Cookies.header("lui_session", "", "/ui", 0, false)).contains("Max-Age=0");
  }
}
