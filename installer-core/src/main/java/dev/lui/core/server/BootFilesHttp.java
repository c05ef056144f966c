package dev.lui.core.server;

import dev.lui.core.domain.Ipv4;
import dev.lui.core.domain.Node;
import dev.lui.core.store.Store;
import dev.lui.core.store.TransferEntry;
import dev.lui.tftp.FileSource;
import dev.lui.tftp.TftpResource;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
final class BootFilesHttp {
  private static final Logger LOG = LoggerFactory.getLogger(BootFilesHttp.class);

  private final FileSource source;
  private final Store store;
  private final Clock clock;

  BootFilesHttp(FileSource source, Store store, Clock clock) {
    this.source = source;
    this.store = store;
    this.clock = clock;
  }

  /** The TFTP server's own rules for a requested name (the one place they live). */
  static Optional<String> clean(String requestPath) {
    try {
      return Optional.of(dev.lui.tftp.path.RequestPaths.normalize(requestPath));
    } catch (dev.lui.tftp.path.PathDeniedException e) {
      return Optional.empty();
    }
  }

  void serve(Context ctx) throws IOException {
    Optional<String> path = clean(ctx.path());
    Optional<TftpResource> resource;
    try {
      resource = path.isEmpty() ? Optional.empty() : source.open(path.get());
    } catch (java.nio.file.FileSystemException e) {
      // A name the file system cannot look up (too long, a file used as a directory) or a link
      // out of the root: no boot file, as over TFTP - not a server error.
      LOG.debug("no boot file for {}: {}", ctx.path(), e.toString());
      resource = Optional.empty();
    }
    if (resource.isEmpty()) {
      ctx.status(404).contentType("text/plain").result("no such boot file: " + ctx.path() + "\n");
      return;
    }
    TftpResource r = resource.get();
    long size = r.size();
    ctx.header("Content-Length", Long.toString(size));
    ctx.contentType(path.get().endsWith(".ipxe") || path.get().contains(".cfg") ? "text/plain" : "application/octet-stream");
    ctx.result(new ResourceStream(r));
    record(ctx, path.get(), size);
  }

  private void record(Context ctx, String path, long size) {
    String client = ctx.req().getRemoteAddr();
    try {
      Optional<String> node = BootEntryPath.parse(path)
          .flatMap(e -> store.nodeByMac(e.mac()))
          .or(() -> client.contains(":") ? Optional.empty() : store.nodeByIp(Ipv4.parse("client", client)))
          .map(Node::name);
      store.recordTransfer(new TransferEntry(clock.instant(), "http:" + client + ":" + ctx.req().getRemotePort(), path, size, "served", node));
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
