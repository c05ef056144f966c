package dev.lui.core.server;

import dev.lui.core.ErrorKind;
import dev.lui.core.LuiException;
import dev.lui.core.content.Contents;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.domain.Sha256;
import dev.lui.core.store.Store;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.HttpOutput;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content store over HTTP. Admins upload ({@code PUT /api/v1/content/SHA256}, streamed from the
 * request, checked against the digest) and ask what is there ({@code HEAD}); a node's agent fetches
 * content by digest ({@code GET /api/v1/agent/NODE/content/SHA256}), which it gets only while a
 * current resource allocated to it refers to that digest. Authentication is the caller's ({@link
 * HttpApi}).
 */
record ContentHttp(Contents contents, Store store) {
  private static final Logger LOG = LoggerFactory.getLogger(ContentHttp.class);
  static final String OCTETS = "application/octet-stream";

  /**
   * PUT: the request body is the content; 201 stored, 200 it was there already (checked all the
   * same).
   */
  void put(Context ctx) {
    Sha256 sha = Sha256.parse("sha256", ctx.pathParam("sha256"));
    String type = ctx.contentType();
    if (type != null && !type.startsWith(OCTETS)) {
      throw LuiException.invalid("Content-Type", type, "send the file's bytes as " + OCTETS);
    }
    long length = ctx.req().getContentLengthLong();
    Contents.Stored stored = contents.put(sha, length, ctx.bodyInputStream());
    LOG.info(
        "content {} ({} bytes) {}",
        sha,
        stored.size(),
        stored.existed() ? "was stored already" : "stored");
    ctx.status(stored.existed() ? 200 : 201)
        .json(Map.of("sha256", sha.hex(), "size", stored.size()));
  }

  /** HEAD: 200 if the content is stored (so a client skips the upload), else 404. */
  void head(Context ctx) {
    Sha256 sha = Sha256.parse("sha256", ctx.pathParam("sha256"));
    ctx.status(contents.size(sha).isPresent() ? 200 : 404);
  }

  /**
   * The agent's GET: the bytes, streamed, if a resource allocated to {@code node} refers to them.
   */
  void serve(Context ctx, Node node) {
    Sha256 sha = Sha256.parse("sha256", ctx.pathParam("sha256"));
    List<Resource> mine = dev.lui.core.plan.Catalog.forNode(store, node).resourcesFor(node);
    Optional<Resource> owner =
        mine.stream()
            .filter(r -> r.blobs().stream().anyMatch(b -> b.sha256().equals(sha.hex())))
            .findFirst();
    if (owner.isEmpty()) {
      throw new LuiException(ErrorKind.NOT_FOUND, whyNot(node, sha, mine));
    }
    Contents.Content content;
    try {
      content = contents.open(sha);
    } catch (LuiException e) {
      if (e.kind() != ErrorKind.NOT_FOUND) {
        throw e;
      }
      String name = owner.get().name();
      throw new LuiException(
          ErrorKind.NOT_FOUND,
          "content "
              + sha
              + " of resource "
              + name
              + " is not in the server's content store: make a new version with"
              + " 'lui update-resource "
              + name
              + " --source PATH'");
    }
    ctx.disableCompression();
    ctx.header("Content-Length", Long.toString(content.size()));
    ctx.contentType(OCTETS);
    send(ctx, sha, content);
  }

  /** Shared by every listener: contents are the same bytes wherever their digest is. */
  private static final MappedContents MAPPED = new MappedContents();

  /**
   * Jetty sends the file itself, asynchronously, from its mapping ({@link MappedContents}) or
   * through its pooled direct buffers: no copy through the heap, and no request thread held for the
   * length of a download (a rack fetching at once would otherwise hold every thread and queue the
   * agents' event posts behind the downloads).
   */
  private static void send(Context ctx, Sha256 sha, Contents.Content content) {
    java.io.OutputStream raw;
    try {
      raw = ctx.res().getOutputStream();
    } catch (java.io.IOException e) {
      closeQuietly(content);
      throw LuiException.failed("cannot answer: " + e.getMessage(), e);
    }
    if (!(raw instanceof HttpOutput out)) {
      ctx.result(content.in()); // not Jetty's stream: Javalin copies it
      return;
    }
    Optional<java.nio.ByteBuffer> mapped = MAPPED.map(sha, content);
    if (mapped.isPresent()) {
      closeQuietly(content); // the mapping outlives the channel
    }
    ctx.future(
        () -> {
          CompletableFuture<Void> done = new CompletableFuture<>();
          Callback callback =
              Callback.from(
                  () -> {
                    closeQuietly(content);
                    done.complete(null);
                  },
                  failure -> {
                    // The node went away or stalled; it fetches again. The answer is committed.
                    LOG.debug("sending content stopped: {}", failure.toString());
                    closeQuietly(content);
                    done.complete(null);
                  });
          if (mapped.isPresent()) {
            out.sendContent(mapped.get(), callback);
          } else {
            out.sendContent(content.channel(), callback);
          }
          return done;
        });
  }

  private static void closeQuietly(Contents.Content content) {
    try {
      content.close();
    } catch (java.io.IOException e) {
      LOG.debug("closing content: {}", e.toString());
    }
  }

  /** A stale plan names an earlier version's file: say so; other nodes' resources stay unnamed. */
  private String whyNot(Node node, Sha256 sha, List<Resource> mine) {
    for (ResourceVersion v : store.resourceVersionsUsing(sha.hex())) {
      if (mine.stream().anyMatch(r -> r.name().equals(v.name()))) {
        return "content "
            + sha
            + " is a file of version "
            + v.version()
            + " of resource "
            + v.name()
            + ", which has a newer version now: fetch the plan again";
      }
    }
    return "content " + sha + " is not a file of any resource allocated to " + node.name();
  }
}
