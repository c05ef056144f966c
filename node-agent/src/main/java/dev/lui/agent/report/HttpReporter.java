package dev.lui.agent.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.contract.AgentApi;
import dev.lui.contract.AgentJson;
import dev.lui.contract.event.AgentEvent;
import dev.lui.contract.event.EventBatch;
import dev.lui.contract.event.EventLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts events to {@code {server}/api/v1/agent/{node}/events} in batches from a background thread.
 *
 * <p>An event leaves the queue only after a 2xx answer for the batch holding it, so a failed batch
 * is resent with the same (runId, seq) and the server's dedup makes retries harmless. Fails back
 * off exponentially. {@link #close()} keeps trying for {@link Options#closeAttempts()} failed
 * posts, then gives up (the file log still has everything) and says how many were not delivered. A
 * 4xx answer other than 408/429 (the token refused, the node unknown) is final: resending the same
 * batch cannot succeed, so the sender stops at once instead of backing off. The token is only ever
 * put in the Authorization header, never in a message.
 *
 * <p>Pending events wait in an {@link EventQueue}: a {@link SpoolFile} on a node, so an agent
 * restarted after a crash still delivers what its predecessor could not; memory otherwise.
 */
public final class HttpReporter implements Reporter {
  private static final Logger log = LoggerFactory.getLogger(HttpReporter.class);

  /** Tuning; {@link #defaults()} suits a real install. */
  public record Options(
      int maxBatch,
      Duration flushInterval,
      Duration initialBackoff,
      Duration maxBackoff,
      int closeAttempts,
      Duration requestTimeout) {
    public Options {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
      }
    }

    public static Options defaults() {
      return new Options(
          200,
          Duration.ofMillis(500),
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          10,
          Duration.ofSeconds(15));
    }
  }

  private final ObjectMapper mapper = AgentJson.newMapper();
  private final HttpClient client;
  private final URI eventsUri;
  private final String token;
  private final Options options;
  private final Object pending = new Object(); // guards queue, closing, flushing
  private final EventQueue queue;
  private final Thread sender;
  private boolean closing;
  private int failuresSinceClose;

  public HttpReporter(HttpClient client, URI eventsUri, String token, Options options) {
    this(client, eventsUri, token, options, new MemoryQueue());
  }

  /** A reporter whose pending events wait in {@code queue} (which it closes). */
  public HttpReporter(
      HttpClient client, URI eventsUri, String token, Options options, EventQueue queue) {
    this.queue = queue;
    this.client = client;
    this.eventsUri = eventsUri;
    this.token = token;
    this.options = options;
    this.sender = new Thread(this::sendLoop, "lui-event-sender");
    sender.setDaemon(true);
    sender.start();
  }

  /** {@code {server}/api/v1/agent/{node}/events}. */
  public static URI eventsUri(URI server, String node) {
    String base = server.toString().replaceAll("/+$", "");
    return URI.create(base + AgentApi.eventsPath(node));
  }

  @Override
  public void report(AgentEvent event) {
    synchronized (pending) {
      queue.add(event);
      if (queue.size() >= options.maxBatch()) {
        pending.notifyAll();
      }
    }
  }

  /** Events not yet acknowledged by the server. */
  public int pendingCount() {
    synchronized (pending) {
      return queue.size();
    }
  }

  /** Guarded by {@code pending}: while set the sender does not wait for the interval. */
  private boolean flushing;

  @Override
  public boolean flush(java.time.Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (pending) {
      flushing = true; // send now and after each retry, not at the next interval
      pending.notifyAll();
      try {
        return awaitDelivery(deadline);
      } finally {
        flushing = false;
      }
    }
  }

  /** Must hold the {@code pending} monitor. */
  private boolean awaitDelivery(long deadline) {
    while (queue.size() > 0 && sender.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        pending.wait(Math.max(1, Math.min(left / 1_000_000, 200)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return queue.size() == 0;
  }

  @Override
  public void close() {
    synchronized (pending) {
      closing = true;
      pending.notifyAll();
    }
    try {
      sender.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left;
    synchronized (pending) {
      left = queue.size();
      queue.close();
    }
    if (left > 0) {
      log.warn("{} events could not be delivered to {}; {}", left, eventsUri, queue.undelivered());
    }
  }

  private void sendLoop() {
    int failures = 0;
    while (true) {
      List<AgentEvent> batch;
      synchronized (pending) {
        if (!closing && !flushing && queue.size() < options.maxBatch()) {
          waitQuietly(options.flushInterval().toMillis());
        }
        if (queue.size() == 0) {
          if (closing) {
            return;
          }
          continue;
        }
        if (closing && failuresSinceClose >= options.closeAttempts()) {
          return;
        }
        batch = queue.head(Math.min(options.maxBatch(), sendCap));
        if (batch.isEmpty()) {
          continue; // only unreadable spool lines were left
        }
      }
      Request request = fitting(batch);
      batch = request.events();
      Outcome outcome = post(request);
      if (outcome == Outcome.REFUSED) {
        return;
      }
      if (outcome == Outcome.DELIVERED) {
        failures = 0;
        synchronized (pending) {
          queue.remove(batch.size());
          pending.notifyAll(); // wakes flush()
        }
      } else {
        failures++;
        synchronized (pending) {
          if (closing) {
            failuresSinceClose++;
          }
          waitQuietly(backoff(failures).toMillis());
        }
      }
    }
  }

  /** Must hold the {@code pending} monitor. */
  private void waitQuietly(long millis) {
    try {
      pending.wait(Math.max(1, millis));
    } catch (InterruptedException e) {
      // Treat as a request to stop: deliver what we can as if closing.
      closing = true;
      Thread.currentThread().interrupt();
    }
  }

  Duration backoff(int failures) {
    long base = options.initialBackoff().toMillis();
    long ms = base << Math.min(failures - 1, 20);
    return Duration.ofMillis(Math.min(ms, options.maxBackoff().toMillis()));
  }

  private enum Outcome {
    DELIVERED,
    RETRY,
    REFUSED
  }

  /** Events of one request and its body. */
  private record Request(List<AgentEvent> events, String body) {}

  /**
   * The longest head of {@code batch} the server takes in one request ({@link EventLimits}): at
   * most its event count, a body of at most half its byte limit (room for escaping and headers),
   * each text cut as the server would cut it. The queue keeps the full events (and the spool file
   * the full lines).
   */
  private Request fitting(List<AgentEvent> batch) {
    List<AgentEvent> events =
        batch.subList(0, Math.min(batch.size(), EventLimits.MAX_EVENTS_PER_REQUEST));
    while (true) {
      String body;
      try {
        body =
            mapper.writeValueAsString(
                new EventBatch(events.stream().map(HttpReporter::cut).toList()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialize event batch", e);
      }
      if (events.size() == 1 || EventLimits.utf8Length(body) <= EventLimits.MAX_REQUEST_BYTES / 2) {
        return new Request(List.copyOf(events), body);
      }
      events = events.subList(0, events.size() / 2);
    }
  }

  private static AgentEvent cut(AgentEvent e) {
    return e.text().isEmpty() ? e : e.withText(e.text().map(EventLimits::truncate));
  }

  /** Events per request after a 413 (a server with smaller limits): halved each time. */
  private volatile int sendCap = Integer.MAX_VALUE;

  private Outcome post(Request request) {
    List<AgentEvent> batch = request.events();
    String body = request.body();
    HttpRequest req =
        HttpRequest.newBuilder(eventsUri)
            .timeout(options.requestTimeout())
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
      int status = resp.statusCode();
      if (status / 100 == 2) {
        return Outcome.DELIVERED;
      }
      if (status == 413 && batch.size() > 1) {
        sendCap = batch.size() / 2;
        log.warn(
            "server found {} events too large for one request; sending at most {} at a time",
            batch.size(),
            sendCap);
        return Outcome.RETRY;
      }
      if (status / 100 == 4 && status != 408 && status != 429) {
        log.error(
            "server refused events with HTTP {} (token or node not accepted); not resending,"
                + " the local log keeps them",
            status);
        return Outcome.REFUSED;
      }
      log.warn(
          "server answered {} to {} events (seq {}..{}); will resend",
          status,
          batch.size(),
          batch.get(0).seq(),
          batch.get(batch.size() - 1).seq());
      return Outcome.RETRY;
    } catch (IOException e) {
      log.warn("cannot post events to {}: {}; will resend", eventsUri, e.toString());
      return Outcome.RETRY;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (pending) {
        closing = true;
      }
      return Outcome.RETRY;
    }
  }

  @Override
  public String toString() {
    return "HttpReporter[" + eventsUri + "]"; // never the token
  }
}
