package dev.lui.core.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Sign-in, sessions and their CSRF tokens, on a clock the test moves. */
class SessionsTest {
  static final String ADMIN = "the-admin-token";
  Instant now = Instant.parse("2026-12-08T01:00:00Z");
  final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  final Sessions sessions = new Sessions(ADMIN, clock);

  Sessions.Session signIn() {
    String form = sessions.newSignInForm();
    return sessions.signIn(form, form, ADMIN);
  }

  @Test
  void theAdminTokenWithTheFormsOwnTokenOpensASession() {
    Sessions.Session s = signIn();
    assertThat(sessions.find(s.id()))
        .hasValueSatisfying(f -> assertThat(f.csrf()).isEqualTo(s.csrf()));
    assertThat(s.id()).isNotEqualTo(s.csrf()).hasSizeGreaterThanOrEqualTo(43);
  }

  @Test
  void aWrongAdminTokenIsUnauthorizedAndUsesTheFormUp() {
    String form = sessions.newSignInForm();
    assertThatThrownBy(() -> sessions.signIn(form, form, "wrong"))
        .isInstanceOfSatisfying(
            LuiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
        .hasMessageContaining("wrong admin token");
    assertThatThrownBy(() -> sessions.signIn(form, form, ADMIN))
        .isInstanceOfSatisfying(
            LuiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN));
    assertThat(sessions.size()).isZero();
  }

  @Test
  void aSignInWithoutTheFormCookieOrWithAnotherFormIsRefused() {
    String form = sessions.newSignInForm();
    String other = sessions.newSignInForm();
    for (String[] pair :
        new String[][] {{"", form}, {form, ""}, {form, other}, {"made-up", "made-up"}}) {
      assertThatThrownBy(() -> sessions.signIn(pair[0], pair[1], ADMIN))
          .isInstanceOfSatisfying(
              LuiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN))
          .hasMessageContaining("load the sign-in page again");
    }
    assertThat(sessions.signIn(form, form, ADMIN)).isNotNull();
  }

  @Test
  void aSignInFormExpires() {
    String form = sessions.newSignInForm();
    now = now.plus(Sessions.SIGN_IN_FORM);
    assertThatThrownBy(() -> sessions.signIn(form, form, ADMIN)).isInstanceOf(LuiException.class);
  }

  @Test
  void aSessionEndsWhenIdleAndAtItsMaximumAgeWhateverItsUse() {
    Sessions.Session idle = signIn();
    now = now.plus(Sessions.IDLE).minusSeconds(1);
    assertThat(sessions.find(idle.id())).isPresent();
    now = now.plus(Sessions.IDLE);
    assertThat(sessions.find(idle.id())).isEmpty();

    Sessions.Session busy = signIn();
    for (Duration d = Duration.ZERO; d.compareTo(Sessions.MAX_AGE) < 0; d = d.plusMinutes(30)) {
      assertThat(sessions.find(busy.id())).as("after %s", d).isPresent();
      now = now.plusSeconds(30 * 60);
    }
    assertThat(sessions.find(busy.id())).isEmpty();
  }

  @Test
  void signOutEndsTheSession() {
    Sessions.Session s = signIn();
    sessions.signOut(s);
    assertThat(sessions.find(s.id())).isEmpty();
    assertThat(sessions.find("")).isEmpty();
  }

  @Test
  void theCsrfTokenMustMatchExactly() {
    Sessions.Session s = signIn();
    assertThat(Sessions.csrfMatches(s, s.csrf())).isTrue();
    assertThat(Sessions.csrfMatches(s, "")).isFalse();
    assertThat(Sessions.csrfMatches(s, s.csrf() + "x")).isFalse();
    assertThat(Sessions.csrfMatches(s, s.csrf().substring(1))).isFalse();
    assertThat(Sessions.csrfMatches(signIn(), s.csrf())).as("another session's token").isFalse();
  }

  @Test
  void theOldestSessionGoesBeyondTheLimit() {
    Sessions.Session first = signIn();
    for (int i = 1; i < Sessions.MAX + 5; i++) {
      now = now.plusMillis(1);
      signIn();
    }
    assertThat(sessions.size()).isLessThanOrEqualTo(Sessions.MAX);
    assertThat(sessions.find(first.id())).isEmpty();
  }
}
