package dev.lui.tests.load;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that times every {@code send} of the real agent code it is given to (plan
 * fetch, event posts, downloads) into {@link Figures}: time to the response's headers, and the
 * status (any non-2xx or I/O failure is an error).
 */
final class TimedHttpClient extends HttpClient {
  private final HttpClient real;
  private final Figures figures;

  TimedHttpClient(HttpClient real, Figures figures) {
    this.real = real;
    this.figures = figures;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Figures.Call call = Figures.Call.of(req.method(), req.uri().getPath());
    long t0 = System.nanoTime();
    try {
      HttpResponse<T> resp = real.send(req, handler);
      figures.record(call, System.nanoTime() - t0, resp.statusCode(), req.uri().getPath());
      return resp;
    } catch (IOException e) {
      figures.failed(call, System.nanoTime() - t0, req.uri().getPath() + ": " + e);
      throw e;
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest req, HttpResponse.BodyHandler<T> handler) {
    throw new UnsupportedOperationException("the agent sends synchronously");
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest req,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    throw new UnsupportedOperationException("the agent sends synchronously");
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return real.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return real.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return real.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return real.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return real.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return real.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return real.authenticator();
  }

  @Override
  public Version version() {
    return real.version();
  }

  @Override
  public Optional<Executor> executor() {
    return real.executor();
  }
}
