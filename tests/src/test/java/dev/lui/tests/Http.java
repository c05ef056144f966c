package dev.lui.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Raw API calls for tests that send what the CLI never would: any body, type, framing or token. */
public final class Http {
  /** A response: status and body. */
  public record Reply(int status, String body) {
    public JsonNode json() {
      try {
        return Json.json().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    /** The problem body's message (API errors). */
    public String message() {
      return json().path("message").asText();
    }

    @Override
    public String toString() {
      return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final Duration timeout;

  public Http(String base) {
    this(base, Duration.ofSeconds(60));
  }

  /**
   * A client of both listeners of {@code server}: each path goes to the listener that serves it.
   */
  public Http(dev.lui.core.server.LuiServer server) {
    this(server.adminUrl(), Duration.ofSeconds(60));
    this.node = java.util.Optional.of(server.nodeUrl().replaceAll("/+$", ""));
  }

  private java.util.Optional<String> node = java.util.Optional.empty();

  /**
   * The URL of {@code path} on {@code server}: agent calls and boot files on the node listener, the
   * rest on the admin one.
   */
  public static String url(dev.lui.core.server.LuiServer server, String path) {
    boolean nodes = path.startsWith("/api/v1/agent/") || !path.startsWith("/api/");
    return (nodes ? server.nodeUrl() : server.adminUrl()).replaceAll("/+$", "") + path;
  }

  public Http(String base, Duration timeout) {
    this.base = base.replaceAll("/+$", "");
    this.timeout = timeout;
  }

  /** A JSON body with a Content-Length. */
  public Reply json(String method, String path, String token, String body) {
    return send(
        method,
        path,
        Optional.of(token),
        Optional.of("application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        false);
  }

  public Reply get(String path, String token) {
    return send("GET", path, Optional.of(token), Optional.empty(), new byte[0], false);
  }

  /** {@code chunked}: sent with Transfer-Encoding: chunked (no Content-Length). */
  public Reply send(
      String method,
      String path,
      Optional<String> token,
      Optional<String> contentType,
      byte[] body,
      boolean chunked) {
    Supplier<InputStream> stream = () -> new ByteArrayInputStream(body);
    return send(
        method,
        path,
        token,
        contentType,
        chunked
            ? HttpRequest.BodyPublishers.ofInputStream(stream)
            : HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /**
   * A body streamed in chunks as {@code stream} produces it (it may be far larger than memory would
   * like).
   */
  public Reply stream(
      String method, String path, String token, String contentType, Supplier<InputStream> stream) {
    return send(
        method,
        path,
        Optional.of(token),
        Optional.of(contentType),
        HttpRequest.BodyPublishers.ofInputStream(stream));
  }

  public Reply send(
      String method,
      String path,
      Optional<String> token,
      Optional<String> contentType,
      HttpRequest.BodyPublisher body) {
    boolean toNodes = path.startsWith("/api/v1/agent/") || !path.startsWith("/api/");
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create((toNodes ? node.orElse(base) : base) + path))
            .timeout(timeout)
            .method(method, body);
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    contentType.ifPresent(t -> b.header("Content-Type", t));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code size} bytes of {@code fill}, made as they are read: a huge body without the memory. */
  public static InputStream generated(long size, byte fill) {
    return new InputStream() {
      long left = size;

      @Override
      public int read() {
        if (left <= 0) {
          return -1;
        }
        left--;
        return fill;
      }

      @Override
      public int read(byte[] buf, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(buf, off, off + n, fill);
        left -= n;
        return n;
      }
    };
  }
}
