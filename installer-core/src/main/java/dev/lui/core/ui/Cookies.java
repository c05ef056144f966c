package dev.lui.core.ui;

import io.javalin.http.Context;

/**
 * The dashboard's two cookies, written out whole so every attribute is visible here: HttpOnly (no
 * script reads them), SameSite=Strict (no other site's page sends them), Secure when the admin
 * listener is TLS, and a path that keeps them to the dashboard.
 */
final class Cookies {
  private final boolean secure;

  Cookies(boolean secure) {
    this.secure = secure;
  }

  /** The session cookie: no Max-Age, so it ends with the browser; the server expires it anyway. */
  void session(Context ctx, String id) {
    set(ctx, Dashboard.SESSION_COOKIE, id, "/ui", -1);
    set(ctx, Dashboard.FORM_COOKIE, "", "/ui/sign-in", 0);
  }

  void clearSession(Context ctx) {
    set(ctx, Dashboard.SESSION_COOKIE, "", "/ui", 0);
  }

  /** The sign-in form's one-use token (login CSRF), for as long as the form is good. */
  void form(Context ctx, String token) {
    set(ctx, Dashboard.FORM_COOKIE, token, "/ui/sign-in", Sessions.SIGN_IN_FORM.toSeconds());
  }

  static String header(String name, String value, String path, long maxAge, boolean secure) {
    return name
        + "="
        + value
        + "; Path="
        + path
        + (maxAge >= 0 ? "; Max-Age=" + maxAge : "")
        + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  private void set(Context ctx, String name, String value, String path, long maxAge) {
    ctx.res().addHeader("Set-Cookie", header(name, value, path, maxAge, secure));
  }
}
