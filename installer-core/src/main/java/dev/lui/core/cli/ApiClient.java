package dev.lui.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.ErrorKind;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.server.Listener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
  private final HttpClient http;

  public ApiClient(String baseUrl, String token) {
    this(baseUrl, token, Optional.empty());
  }

  /** {@code trust}: what an https:// server's certificate must lead to; empty: the system's CAs. */
  public ApiClient(String baseUrl, String token, Optional<SSLContext> trust) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.token = token;
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
    this.http = builder.build();
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
    return send(request(path).GET().build());
  }

  public JsonNode post(String path, Object body) {
    return parse(send(request(path).POST(HttpRequest.BodyPublishers.ofString(json(body))).build()));
  }

  public JsonNode put(String path, Object body) {
    return parse(send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json(body))).build()));
  }

  public void delete(String path) {
    send(request(path).DELETE().build());
  }

  /** DELETE that answers with a JSON body. */
  public JsonNode deleteJson(String path) {
    return parse(send(request(path).DELETE().build()));
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
      status = http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode();
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
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
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
      throw LuiException.failed(
          "talking to "
              + baseUrl
              + ": "
              + e
              + (baseUrl.startsWith("http:")
                  ? " (if the admin listener has TLS, its URL starts with https://)"
                  : ""),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LuiException.failed("interrupted", e);
    }
    if (response.statusCode() / 100 == 2) {
      return response.body();
    }
    if (response.statusCode() == 404
        && response
            .headers()
            .firstValue(Listener.HEADER)
            .orElse("")
            .equals(Listener.NODE.wireName())) {
      throw LuiException.invalid(
          "--server",
          baseUrl,
          "this is lui's node listener; admin commands go to the admin"
              + " listener, see lui server --admin-http (on the server host STATE/server.url names it)");
    }
    // The server's problem body names the kind, so exit codes survive the trip.
    ErrorKind kind = ErrorKind.fromHttpStatus(response.statusCode());
    String message = "HTTP " + response.statusCode();
    try {
      JsonNode problem = Json.json().readTree(response.body());
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
