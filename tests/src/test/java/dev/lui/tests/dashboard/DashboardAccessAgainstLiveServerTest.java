package dev.lui.tests.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tests.LiveServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who gets into the dashboard (#16), asked with a plain HTTP client that follows no redirect and
 * keeps cookies by hand: a request without the session cookie, or with a wrong CSRF token, is
 * refused; sign-in resists login CSRF; the security headers are on every page.
 */
class DashboardAccessAgainstLiveServerTest {
  @TempDir Path tmp;
  LiveServer lui;
  String base;
  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() throws Exception {
    lui = new LiveServer(tmp.resolve("state")).withSystem();
    Agents.define(lui, tmp, 2);
    base = lui.server.adminUrl();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (!cookie.isEmpty()) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String cookie, String origin, String... form)
      throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i + 1 < form.length; i += 2) {
      body.append(body.length() == 0 ? "" : "&")
          .append(form[i])
          .append('=')
          .append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (!cookie.isEmpty()) {
      b.header("Cookie", cookie);
    }
    if (!origin.isEmpty()) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String cookie(HttpResponse<?> r, String name) {
    for (String c : r.headers().allValues("Set-Cookie")) {
      if (c.startsWith(name + "=")) {
        return c;
      }
    }
    throw new AssertionError("no " + name + " cookie in " + r.headers().allValues("Set-Cookie"));
  }

  static String value(String setCookie) {
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("field %s in %s", name, html).isTrue();
    return m.group(1);
  }

  /** Signs in as a browser would; returns the session cookie ("lui_session=..."). */
  String signIn() throws Exception {
    HttpResponse<String> page = get("/ui/sign-in", "");
    String form = value(cookie(page, "lui_signin"));
    HttpResponse<String> in =
        post(
            "/ui/sign-in",
            form,
            base,
            "form",
            field(page.body(), "form"),
            "token",
            lui.adminToken());
    assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
    String session = cookie(in, "lui_session");
    assertThat(session).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/ui");
    return value(session);
  }

  @Test
  void withoutTheSessionCookieEveryPageSendsToSignInAndEveryStreamAndFormIsRefused()
      throws Exception {
    for (String page :
        List.of("/ui/", "/ui/node/n01", "/ui/report", "/ui/report.csv", "/ui/transfers")) {
      HttpResponse<String> r = get(page, "");
      assertThat(r.statusCode()).as(page).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).as(page).hasValue("/ui/sign-in");
    }
    assertThat(get("/ui/events", "").statusCode()).isEqualTo(401);
    assertThat(get("/ui/node/n01/events", "").statusCode()).isEqualTo(401);
    assertThat(get("/ui/", "lui_session=forged").statusCode()).isEqualTo(303);
    assertThat(post("/ui/sign-out", "", "", "csrf", "x").statusCode()).isEqualTo(403);
  }

  @Test
  void aWrongCsrfTokenIsRefusedAndTheRightOneSignsOut() throws Exception {
    String session = signIn();
    HttpResponse<String> page = get("/ui/", session);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"n-n01\"");
    String csrf = field(page.body(), "csrf");

    HttpResponse<String> wrong = post("/ui/sign-out", session, "", "csrf", csrf + "x");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.body()).contains("CSRF");
    assertThat(post("/ui/sign-out", session, "", "csrf", "").statusCode()).isEqualTo(403);
    assertThat(get("/ui/", session).statusCode()).as("still signed in").isEqualTo(200);
    assertThat(post("/ui/sign-out", session, "https://evil.example", "csrf", csrf).statusCode())
        .as("a form of another site")
        .isEqualTo(403);

    HttpResponse<String> out = post("/ui/sign-out", session, base, "csrf", csrf);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(cookie(out, "lui_session")).contains("Max-Age=0");
    assertThat(get("/ui/", session).statusCode()).as("the old cookie opens nothing").isEqualTo(303);
  }

  @Test
  void signInNeedsTheFormsOwnTokenInCookieAndFieldAndTheAdminToken() throws Exception {
    HttpResponse<String> page = get("/ui/sign-in", "");
    String form = value(cookie(page, "lui_signin"));
    String field = field(page.body(), "form");
    // A form posted from another site carries no cookie (SameSite=Strict): refused.
    assertThat(post("/ui/sign-in", "", "", "form", field, "token", lui.adminToken()).statusCode())
        .isEqualTo(403);
    assertThat(
            post("/ui/sign-in", form, "", "form", "other", "token", lui.adminToken()).statusCode())
        .isEqualTo(403);
    assertThat(
            post(
                    "/ui/sign-in",
                    form,
                    "https://evil.example",
                    "form",
                    field,
                    "token",
                    lui.adminToken())
                .statusCode())
        .isEqualTo(403);
    // None of those used the form up; a wrong admin token does (a form is good once).
    HttpResponse<String> wrongToken = post("/ui/sign-in", form, "", "form", field, "token", "nope");
    assertThat(wrongToken.statusCode()).isEqualTo(401);
    assertThat(wrongToken.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("lui_session="));
    HttpResponse<String> reused =
        post("/ui/sign-in", form, "", "form", field, "token", lui.adminToken());
    assertThat(reused.statusCode()).as("a form token is good once").isEqualTo(403);
  }

  @Test
  void everyPageCarriesTheSecurityHeaders() throws Exception {
    String session = signIn();
    for (String page :
        List.of("/ui/sign-in", "/ui/", "/ui/node/n01", "/ui/report", "/ui/transfers")) {
      HttpResponse<String> r = get(page, page.equals("/ui/sign-in") ? "" : session);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .as(page)
          .hasValueSatisfying(
              v -> assertThat(v).contains("script-src 'self'").doesNotContain("unsafe-inline"));
      assertThat(r.headers().firstValue("X-Frame-Options")).as(page).hasValue("DENY");
      assertThat(r.body()).as(page).doesNotContain("<script>").doesNotContain(" style=");
    }
  }

  @Test
  void theTransfersPageShowsAMissingBootFileEscaped() throws Exception {
    String session = signIn();
    HttpResponse<String> missing =
        http.send(
            HttpRequest.newBuilder(URI.create(lui.server.nodeUrl() + "/lui/a&b'c")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    HttpResponse<String> page = get("/ui/transfers", session);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<td>lui/a&amp;b&#39;c</td>")
        .contains("<td>not_found</td>")
        .doesNotContain("a&b'c");
  }

  @Test
  void anUnknownNodeOrRunIsAPageSayingSo() throws Exception {
    String session = signIn();
    HttpResponse<String> node = get("/ui/node/n99", session);
    assertThat(node.statusCode()).isEqualTo(404);
    assertThat(node.body()).contains("id=\"message\"").contains("n99");
    HttpResponse<String> run = get("/ui/node/n01?run=%3Cx%3E", session);
    assertThat(run.statusCode()).isEqualTo(404);
    assertThat(run.body()).contains("has no kept run").doesNotContain("<x>");
    HttpResponse<String> filter = get("/ui/?nodes=n%5B3-1%5D", session);
    assertThat(filter.statusCode()).isEqualTo(400);
    assertThat(filter.body()).contains("id=\"message\"").contains("nodes");
  }

  @Test
  void theReportExportsAsCsvAndJson() throws Exception {
    String session = signIn();
    HttpResponse<String> csv = get("/ui/report.csv", session);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(csv.body().split("\r\n"))
        .startsWith("name,state,step,seconds,error,rehearsal,steps,last_lines")
        .contains("n01,defined,,,,,,");
    HttpResponse<String> json = get("/ui/report.json?nodes=n02", session);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(
            dev.lui.core.Json.json()
                .readTree(json.body())
                .path("nodes")
                .get(0)
                .path("name")
                .asText())
        .isEqualTo("n02");
  }
}
