package dev.lui.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.ErrorKind;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.server.Listener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/** The CLI's side of the HTTP API: JSON in, JSON out, API errors back into {@link LuiException}. */
public final class ApiClient {
  private final String baseUrl;
  private final String token;
  private final Optional<SSLContext> trust;
  private HttpClient http; // built on first use: plain-HTTP JSON calls go without it

  public ApiClient(String baseUrl, String token) {
    this(baseUrl, token, Optional.empty());
  }

  /** {@code trust}: what an https:// server's certificate must lead to; empty: the system's CAs. */
  public ApiClient(String baseUrl, String token, Optional<SSLContext> trust) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.token = token;
    this.trust = trust;
  }

  private synchronized HttpClient http() {
    if (http != null) {
      return http;
    }
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (this.baseUrl.startsWith("http:")) {
      // No TLS to set up: given none, the client would load the system's CA store and a TLS engine
      // anyway (a quarter of a client command's start-up). Redirects are off, so it stays unused.
      builder
          .version(HttpClient.Version.HTTP_1_1)
          .sslContext(trust.orElseGet(ApiClient::noTls))
          .sslParameters(new SSLParameters());
    } else {
      trust.ifPresent(builder::sslContext);
    }
    http = builder.build();
    return http;
  }

  /** A TLS context for a plain-HTTP client: never initialised, since nothing uses it. */
  private static SSLContext noTls() {
    try {
      return SSLContext.getInstance("TLS");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has TLS", e);
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  public JsonNode get(String path) {
    return parse(text(path));
  }

  public String text(String path) {
    return call("GET", path, Optional.empty());
  }

  public JsonNode post(String path, Object body) {
    return parse(call("POST", path, Optional.of(json(body))));
  }

  public JsonNode put(String path, Object body) {
    return parse(call("PUT", path, Optional.of(json(body))));
  }

  public void delete(String path) {
    call("DELETE", path, Optional.empty());
  }

  /** DELETE that answers with a JSON body. */
  public JsonNode deleteJson(String path) {
    return parse(call("DELETE", path, Optional.empty()));
  }

  /** A JSON call: the response body of a 2xx answer, else the server's error as LuiException. */
  private String call(String method, String path, Optional<String> json) {
    if (baseUrl.startsWith("http:")) {
      return plain(method, path, json);
    }
    return send(
        request(path)
            .method(
                method,
                json.map(HttpRequest.BodyPublishers::ofString)
                    .orElseGet(HttpRequest.BodyPublishers::noBody))
            .build());
  }

  /**
   * Plain HTTP (the admin listener on loopback) through HttpURLConnection, which starts in a third
   * of the time java.net.http takes: most of a client command's run. No proxy, no redirects, as
   * with {@link HttpClient}'s defaults.
   */
  private String plain(String method, String path, Optional<String> json) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection(Proxy.NO_PROXY);
      c.setConnectTimeout((int) Duration.ofSeconds(5).toMillis());
      c.setReadTimeout((int) Duration.ofMinutes(5).toMillis());
      c.setInstanceFollowRedirects(false);
      c.setRequestMethod(method);
      c.setRequestProperty("Authorization", "Bearer " + token);
      c.setRequestProperty("Content-Type", "application/json");
      if (json.isPresent()) {
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
          out.write(json.get().getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = c.getResponseCode();
      String body;
      try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
        body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return answer(status, body, Optional.ofNullable(c.getHeaderField(Listener.HEADER)));
    } catch (ConnectException e) {
      throw unreachable(e);
    } catch (IOException e) {
      throw talkFailed(e);
    }
  }

  /** A transfer that broke after connecting; over plain HTTP, perhaps a TLS listener. */
  private LuiException talkFailed(IOException e) {
    return LuiException.failed(
        "talking to "
            + baseUrl
            + ": "
            + e
            + (baseUrl.startsWith("http:")
                ? " (if the admin listener has TLS, its URL starts with https://)"
                : ""),
        e);
  }

  /** HEAD: whether the server has it (200) or not (404). */
  public boolean exists(String path) {
    HttpRequest head =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofMinutes(5))
            .header("Authorization", "Bearer " + token)
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();
    int status;
    try {
      status = http().send(head, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (ConnectException e) {
      throw unreachable(e);
    } catch (IOException e) {
      throw LuiException.failed("talking to " + baseUrl + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LuiException.failed("interrupted", e);
    }
    if (status == 200 || status == 404) {
      return status == 200;
    }
    ErrorKind kind = ErrorKind.fromHttpStatus(status);
    throw new LuiException(
        kind,
        "HEAD "
            + path
            + ": HTTP "
            + status
            + (kind == ErrorKind.UNAUTHORIZED ? ": missing or wrong admin token" : ""));
  }

  /**
   * PUT of raw bytes ({@code application/octet-stream}), e.g. a file streamed from disk. HTTP/1.1
   * with {@code Expect: 100-continue}, so a refusal (token, digest) comes before the body is sent;
   * no timeout, since a large file over a slow link takes as long as it takes.
   */
  public JsonNode upload(String path, HttpRequest.BodyPublisher body) {
    return parse(
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .version(HttpClient.Version.HTTP_1_1)
                .expectContinue(true)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .PUT(body)
                .build()));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
  }

  private static String json(Object body) {
    try {
      return Json.json().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("request bodies are plain records", e);
    }
  }

  private String send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw unreachable(e);
    } catch (SSLHandshakeException e) {
      throw LuiException.failed(certificateProblem(e), e);
    } catch (SSLException e) {
      throw LuiException.failed(
          "cannot speak TLS with "
              + baseUrl
              + ": "
              + rootMessage(e)
              + " (is it an http:// listener?)",
          e);
    } catch (IOException e) {
      throw talkFailed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LuiException.failed("interrupted", e);
    }
    return answer(
        response.statusCode(), response.body(), response.headers().firstValue(Listener.HEADER));
  }

  private String answer(int status, String body, Optional<String> listener) {
    if (status / 100 == 2) {
      return body;
    }
    if (status == 404 && listener.orElse("").equals(Listener.NODE.wireName())) {
      throw LuiException.invalid(
          "--server",
          baseUrl,
          "this is lui's node listener; admin commands go to the admin"
              + " listener, see lui server --admin-http (on the server host STATE/server.url names it)");
    }
    // The server's problem body names the kind, so exit codes survive the trip.
    ErrorKind kind = ErrorKind.fromHttpStatus(status);
    String message = "HTTP " + status;
    try {
      JsonNode problem = Json.json().readTree(body);
      kind = ErrorKind.fromWire(problem.path("error").asText(kind.wireName()));
      message = problem.path("message").asText(message);
    } catch (JsonProcessingException e) {
      // not one of ours (a proxy?): keep the status line
    }
    throw new LuiException(kind, message);
  }

  /** A certificate the client does not accept: not trusted, expired, or not naming the host. */
  private String certificateProblem(SSLHandshakeException e) {
    return "the lui server at "
        + baseUrl
        + " presented a certificate this client does not accept: "
        + rootMessage(e)
        + ". For a self-signed admin certificate give that certificate (or its CA) with --ca-cert FILE or LUI_CA_CERT;"
        + " the URL's host must be one the certificate names";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static JsonNode parse(String body) {
    if (body.isEmpty()) {
      return Json.json().nullNode();
    }
    try {
      return Json.json().readTree(body);
    } catch (JsonProcessingException e) {
      throw LuiException.failed(
          "the server sent a body that is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private LuiException unreachable(ConnectException e) {
    return LuiException.failed(
        "cannot reach the lui server at "
            + baseUrl
            + " (is 'lui server' running? set --server or LUI_SERVER)",
        e);
  }
}
