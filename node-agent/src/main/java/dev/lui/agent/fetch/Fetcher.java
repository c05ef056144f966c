package dev.lui.agent.fetch;

import dev.lui.agent.exec.StepFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches a payload source (http(s) URL or absolute local path) into a file, computing sha256 on
 * the way, and deletes the file unless the checksum matches. The install token is sent only to the
 * install server's own origin, never to other hosts.
 */
public final class Fetcher {
  private final HttpClient client;
  private final Optional<URI> server;
  private final Optional<String> token;

  public Fetcher(HttpClient client, Optional<URI> server, Optional<String> token) {
    this.client = client;
    this.server = server;
    this.token = token;
  }

  /** Writes the verified bytes to {@code dest} (created or replaced) and fsyncs it. */
  public void fetch(String source, String sha256, Path dest) throws StepFailedException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
    try (InputStream in = open(source);
        OutputStream out =
            new DigestOutputStream(
                Files.newOutputStream(
                    dest,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE),
                md)) {
      in.transferTo(out);
    } catch (IOException e) {
      deleteQuietly(dest);
      throw new StepFailedException("cannot fetch " + source + ": " + e.getMessage(), e);
    }
    String actual = HexFormat.of().formatHex(md.digest());
    if (!actual.equals(sha256)) {
      deleteQuietly(dest);
      throw new StepFailedException(
          "sha256 mismatch for " + source + ": plan says " + sha256 + ", got " + actual);
    }
    try (FileChannel ch = FileChannel.open(dest, StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      throw new StepFailedException("cannot sync " + dest + ": " + e.getMessage(), e);
    }
  }

  private InputStream open(String source) throws IOException {
    String lower = source.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      return Files.newInputStream(Path.of(source));
    }
    URI uri = URI.create(source);
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET();
    if (token.isPresent() && sameOrigin(uri)) {
      req.header("Authorization", "Bearer " + token.get());
    }
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (resp.statusCode() != 200) {
      resp.body().close();
      throw new IOException("HTTP " + resp.statusCode());
    }
    return resp.body();
  }

  private boolean sameOrigin(URI uri) {
    return server
        .map(
            s ->
                s.getScheme().equalsIgnoreCase(uri.getScheme())
                    && s.getHost().equalsIgnoreCase(uri.getHost())
                    && port(s) == port(uri))
        .orElse(false);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // The original error is what matters; a leftover temp file is harmless.
    }
  }
}
