package dev.lui.core.server;

import dev.lui.core.LuiException;
import dev.lui.core.store.Store;
import dev.lui.core.store.TransferEntry;
import dev.lui.tftp.FileSource;
import dev.lui.tftp.TftpResource;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TFTP root, read-only over HTTP: iPXE fetches its per-node script and the kernel and initrd
 * this way (far faster than TFTP for a large initrd). Same sources as the TFTP server, so the same
 * dynamic entries and the same confinement to the root; every answer is recorded like a TFTP
 * transfer.
 */
record BootFilesHttp(FileSource source, Store store, Clock clock) {
  private static final Logger LOG = LoggerFactory.getLogger(BootFilesHttp.class);

  /** The TFTP server's own rules for a requested name (the one place they live). */
  static Optional<String> clean(String requestPath) {
    try {
      return Optional.of(dev.lui.tftp.path.RequestPaths.normalize(requestPath));
    } catch (dev.lui.tftp.path.PathDeniedException e) {
      return Optional.empty();
    }
  }

  /** HEAD: the size and type GET would send, or 404; nothing recorded, no body. */
  void head(Context ctx) throws IOException {
    Optional<String> path = clean(ctx.path());
    Optional<TftpResource> resource = path.isEmpty() ? Optional.empty() : open(ctx, path.get());
    if (resource.isEmpty()) {
      ctx.status(404);
      return;
    }
    try (TftpResource r = resource.get()) {
      ctx.header("Content-Length", Long.toString(r.size()));
      ctx.contentType(
          path.get().endsWith(".ipxe") || path.get().contains(".cfg")
              ? "text/plain"
              : "application/octet-stream");
    }
  }

  void serve(Context ctx) throws IOException {
    Optional<String> path = clean(ctx.path());
    Optional<TftpResource> resource = path.isEmpty() ? Optional.empty() : open(ctx, path.get());
    if (resource.isEmpty()) {
      ctx.status(404).contentType("text/plain").result("no such boot file: " + ctx.path() + "\n");
      // A name the TFTP rules refuse is a refusal (it counts against a booting node's wave).
      record(ctx, path.orElse(ctx.path()), 0, path.isEmpty() ? "denied" : "not_found");
      return;
    }
    TftpResource r = resource.get();
    long size = r.size();
    ctx.header("Content-Length", Long.toString(size));
    ctx.contentType(
        path.get().endsWith(".ipxe") || path.get().contains(".cfg")
            ? "text/plain"
            : "application/octet-stream");
    ctx.result(new ResourceStream(r));
    record(ctx, path.get(), size, "served");
  }

  /**
   * The file, or empty for a name that is refused: a link out of the root, or a file or directory
   * the server may not read, is "not found" to the client, like a missing file, and one log line
   * (no stack trace) to the admin. Neither shows where the link leads, nor any path outside the
   * root: the source's exception message may name both, so it is not passed on.
   */
  private Optional<TftpResource> open(Context ctx, String path) {
    try {
      return source.open(path);
    } catch (AccessDeniedException e) {
      LOG.warn(
          "refused boot file '{}' to {}: it leads out of the TFTP root, or the server may not read it",
          LuiException.printable(path),
          ctx.req().getRemoteAddr());
      return Optional.empty();
    } catch (IOException e) {
      String reason =
          e instanceof FileSystemException f && f.getReason() != null
              ? f.getReason()
              : e.getClass().getSimpleName();
      LOG.warn(
          "cannot open boot file '{}' for {}: {}",
          LuiException.printable(path),
          ctx.req().getRemoteAddr(),
          reason);
      return Optional.empty();
    }
  }

  private void record(Context ctx, String path, long size, String outcome) {
    String client = ctx.req().getRemoteAddr();
    try {
      Optional<String> node = Transfers.nodeOf(store, path, client);
      store.recordTransfer(
          new TransferEntry(
              clock.instant(),
              "http:" + client + ":" + ctx.req().getRemotePort(),
              path,
              size,
              outcome,
              node));
    } catch (RuntimeException e) {
      LOG.warn("could not record HTTP transfer of {}", path, e);
    }
  }

  /** Streams a resource by position; closes it when the response is done. */
  private static final class ResourceStream extends InputStream {
    private final TftpResource resource;
    private long position;

    ResourceStream(TftpResource resource) {
      this.resource = resource;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = resource.read(position, ByteBuffer.wrap(b, off, len));
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      resource.close();
    }
  }
}
