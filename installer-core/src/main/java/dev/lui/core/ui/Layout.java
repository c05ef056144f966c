package dev.lui.core.ui;

/**
 * The frame of every dashboard page: head (the one style sheet and script, no inline code: the
 * Content-Security-Policy forbids it), navigation, and the sign-out form with its CSRF token.
 */
final class Layout {
  private Layout() {}

  static final String PREFIX = "/ui";

  /**
   * A whole page. {@code body} is HTML already escaped; {@code data} the body's {@code data-*}
   * attributes (name, value pairs; values escaped here) that tell the script what to follow.
   */
  static String page(String title, Sessions.Session session, String body, String... data) {
    StringBuilder h = new StringBuilder(body.length() + 2048);
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>lui \u00b7 ")
        .append(Html.text(title))
        .append("</title><link rel=\"stylesheet\" href=\"")
        .append(PREFIX)
        .append("/static/dash.css\"><script src=\"")
        .append(PREFIX)
        .append("/static/dash.js\" defer></script></head>\n<body");
    for (int i = 0; i + 1 < data.length; i += 2) {
      h.append(" data-").append(data[i]).append("=\"").append(Html.text(data[i + 1])).append('"');
    }
    h.append("><header><nav><a class=\"brand\" href=\"")
        .append(PREFIX)
        .append("/\">lui</a><a href=\"")
        .append(PREFIX)
        .append("/\">Cluster</a><a href=\"")
        .append(PREFIX)
        .append("/report\">Report</a><a href=\"")
        .append(PREFIX)
        .append("/transfers\">Transfers</a>")
        .append("<span id=\"live\" class=\"live\" title=\"live updates\"></span>")
        .append("<form class=\"signout\" method=\"post\" action=\"")
        .append(PREFIX)
        .append("/sign-out\"><input type=\"hidden\" name=\"csrf\" value=\"")
        .append(Html.text(session.csrf()))
        .append("\"><button id=\"sign-out\" type=\"submit\">Sign out</button></form>")
        .append("</nav></header>\n<main>")
        .append(body)
        .append("</main></body></html>\n");
    return h.toString();
  }

  /** The sign-in page: no session yet, so no navigation. */
  static String signIn(String formToken, String message) {
    StringBuilder h = new StringBuilder(2048);
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>lui \u00b7 sign in</title><link rel=\"stylesheet\" href=\"")
        .append(PREFIX)
        .append("/static/dash.css\"></head>\n<body><main class=\"signin\"><h1>lui dashboard</h1>");
    if (!message.isEmpty()) {
      h.append("<p class=\"error\" id=\"message\">").append(Html.text(message)).append("</p>");
    }
    h.append("<form method=\"post\" action=\"")
        .append(PREFIX)
        .append("/sign-in\"><input type=\"hidden\" name=\"form\" value=\"")
        .append(Html.text(formToken))
        .append("\"><label for=\"token\">Admin token</label>")
        .append("<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\"")
        .append(" required autofocus><button id=\"sign-in\" type=\"submit\">Sign in</button>")
        .append("</form><p class=\"hint\">The token is in the server's state directory")
        .append(" (admin.token), readable by root.</p></main></body></html>\n");
    return h.toString();
  }

  /** A page that only says what went wrong (a bad filter, an unknown node). */
  static String problem(Sessions.Session session, String message) {
    return page(
        "error",
        session,
        "<h1>Not shown</h1><p class=\"error\" id=\"message\">" + Html.text(message) + "</p>");
  }
}
