package dev.lui.core.ui;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.identity.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's sign-in and sessions, held in server memory only (a restart signs everyone out).
 * A session is opened by the admin token (compared in constant time), named by a random id that
 * only its HttpOnly cookie carries, and carries its own CSRF token for every state-changing form.
 * It ends when signed out, after {@link #IDLE} without a request, or {@link #MAX_AGE} after
 * sign-in.
 *
 * <p>The sign-in form itself resists login CSRF: each form is issued with a random one-use token,
 * sent both in a SameSite=Strict cookie and in the form, and known here; a sign-in is accepted only
 * when both carry the same live token (a form of another site can set neither).
 *
 * <p>Maps are keyed by the SHA-256 of the secret, so a lookup's timing says nothing of the secret.
 */
public final class Sessions {
  public static final Duration IDLE = Duration.ofHours(1);
  public static final Duration MAX_AGE = Duration.ofHours(12);
  public static final Duration SIGN_IN_FORM = Duration.ofMinutes(15);

  /** At most this many live sessions (and sign-in forms): the oldest goes first. */
  static final int MAX = 1000;

  /** A signed-in browser: its id (the cookie), its CSRF token, and its times. */
  public record Session(String id, String csrf, Instant created, Instant lastSeen) {}

  private final Clock clock;
  private final String adminTokenHash;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Instant> forms = new ConcurrentHashMap<>();

  public Sessions(String adminToken, Clock clock) {
    this.adminTokenHash = Tokens.hash(adminToken);
    this.clock = clock;
  }

  /** A new sign-in form's one-use token (for its cookie and its hidden field). */
  public String newSignInForm() {
    Instant now = clock.instant();
    forms.values().removeIf(expires -> !expires.isAfter(now));
    trim(forms, Comparator.naturalOrder());
    String token = Tokens.newToken();
    forms.put(Tokens.hash(token), now.plus(SIGN_IN_FORM));
    return token;
  }

  /**
   * A new session if {@code formCookie} and {@code formField} are the same live sign-in form token
   * (it is used up either way) and {@code adminToken} is the server's admin token.
   *
   * @throws LuiException forbidden for a missing, mismatched or expired form (the page is to be
   *     loaded again), unauthorized for a wrong admin token
   */
  public Session signIn(String formCookie, String formField, String adminToken) {
    Instant now = clock.instant();
    boolean sameForm = !formCookie.isEmpty() && equal(formCookie, formField);
    Instant expires = sameForm ? forms.remove(Tokens.hash(formCookie)) : null;
    if (expires == null || !expires.isAfter(now)) {
      throw new LuiException(
          ErrorKind.FORBIDDEN,
          "the sign-in form expired or did not come from this server: load the sign-in page again");
    }
    if (!Tokens.matches(adminToken.trim(), adminTokenHash)) {
      throw new LuiException(
          ErrorKind.UNAUTHORIZED,
          "wrong admin token (it is in the server's state directory, admin.token)");
    }
    sessions.values().removeIf(s -> !live(s, now));
    trim(sessions, Comparator.comparing(Session::lastSeen));
    Session session = new Session(Tokens.newToken(), Tokens.newToken(), now, now);
    sessions.put(Tokens.hash(session.id()), session);
    return session;
  }

  /** The live session with this cookie value, its last use now; empty if none or expired. */
  public Optional<Session> find(String id) {
    if (id.isEmpty()) {
      return Optional.empty();
    }
    String key = Tokens.hash(id);
    Session s = sessions.get(key);
    Instant now = clock.instant();
    if (s == null) {
      return Optional.empty();
    }
    if (!live(s, now)) {
      sessions.remove(key);
      return Optional.empty();
    }
    Session touched = new Session(s.id(), s.csrf(), s.created(), now);
    sessions.put(key, touched);
    return Optional.of(touched);
  }

  /** Whether {@code given} is the session's CSRF token (constant time). */
  public static boolean csrfMatches(Session session, String given) {
    return !given.isEmpty() && equal(session.csrf(), given);
  }

  /** Ends the session: its cookie opens nothing any more. */
  public void signOut(Session session) {
    sessions.remove(Tokens.hash(session.id()));
  }

  int size() {
    return sessions.size();
  }

  private static boolean live(Session s, Instant now) {
    return s.lastSeen().plus(IDLE).isAfter(now) && s.created().plus(MAX_AGE).isAfter(now);
  }

  private static <V> void trim(Map<String, V> map, Comparator<V> oldestFirst) {
    while (map.size() >= MAX) {
      map.entrySet().stream()
          .min(Map.Entry.comparingByValue(oldestFirst))
          .ifPresent(e -> map.remove(e.getKey()));
    }
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
