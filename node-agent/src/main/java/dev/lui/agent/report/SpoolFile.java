package dev.lui.agent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.contract.AgentJson;
import dev.lui.contract.event.AgentEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pending events in a local file: the file is the queue. Every event is appended (one JSON line,
 * one write) before the sender sees it; the byte offset up to which the server has acknowledged is
 * kept beside it ({@code NAME.delivered}, replaced atomically). An agent that dies and starts again
 * with the same spool resends what was not acknowledged, in order; the server ignores (runId, seq)
 * pairs it already has, so nothing is duplicated either. Memory stays bounded: only the next batch
 * is read back (from the page cache, in practice).
 *
 * <p>When everything is delivered the file is truncated. A torn last line (the process died in a
 * write) is terminated on open and skipped as unreadable. If the spool cannot be written (a full
 * tmpfs), later events are kept in memory after the spooled ones: order is kept, only crash safety
 * is lost, and that is said once.
 */
public final class SpoolFile implements EventQueue {
  private static final Logger log = LoggerFactory.getLogger(SpoolFile.class);
  private static final int CHUNK = 64 * 1024;

  private record Entry(AgentEvent event, long end) {}

  private final ObjectMapper mapper = AgentJson.newMapper();
  private final Path file;
  private final Path deliveredFile;
  private final FileChannel channel;
  private final ArrayDeque<Entry> window = new ArrayDeque<>();
  private final MemoryQueue overflow = new MemoryQueue();
  private long appended;
  private long delivered;
  private long windowEnd;
  private int spooled;
  private boolean broken;

  private SpoolFile(Path file, FileChannel channel, long delivered) throws IOException {
    this.file = file;
    this.deliveredFile = file.resolveSibling(file.getFileName() + ".delivered");
    this.channel = channel;
    this.appended = channel.size();
    this.delivered = delivered;
    this.windowEnd = delivered;
    this.spooled = countFrom(delivered);
  }

  /**
   * Opens (or creates) {@code dir/NAME.jsonl}; what an earlier run left undelivered is pending
   * again. The directory is created 0700: event text can name the node's secrets' paths.
   */
  public static SpoolFile open(Path dir, String name) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path file = dir.resolve(name + ".jsonl");
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = ch.size();
      if (size > 0) {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        if (last.get(0) != '\n') {
          writeFully(ch, ByteBuffer.wrap(new byte[] {'\n'}), size); // ends a torn line
        }
      }
      long delivered = readDelivered(file.resolveSibling(name + ".jsonl.delivered"), ch.size());
      return new SpoolFile(file, ch, delivered);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * The spool's name for one install: the node and a digest of server, node and install token, so a
   * spool left by an earlier install (a token the server no longer accepts) or for another server
   * is never replayed into this one. The token itself is not recoverable from the name.
   */
  public static String nameFor(URI server, String node, String token) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (server.toString().replaceAll("/+$", "") + "\n" + node + "\n" + token)
                      .getBytes(StandardCharsets.UTF_8));
      return node.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always present", e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public void add(AgentEvent event) {
    if (!broken) {
      try {
        byte[] json = mapper.writeValueAsBytes(event);
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        writeFully(channel, line, appended);
        appended += json.length + 1;
        spooled++;
        return;
      } catch (IOException e) {
        broken = true;
        log.warn(
            "cannot write the event spool {} ({}); keeping further events in memory",
            file,
            e.toString());
      }
    }
    overflow.add(event);
  }

  @Override
  public List<AgentEvent> head(int max) {
    fill(max);
    List<AgentEvent> out = new ArrayList<>(Math.min(max, size()));
    for (Entry e : window) {
      if (out.size() == max) {
        return out;
      }
      out.add(e.event());
    }
    if (window.size() == spooled) {
      out.addAll(overflow.head(max - out.size()));
    }
    return out;
  }

  @Override
  public void remove(int n) {
    int fromFile = Math.min(n, window.size());
    for (int i = 0; i < fromFile; i++) {
      delivered = window.removeFirst().end();
    }
    spooled -= fromFile;
    overflow.remove(n - fromFile);
    if (fromFile == 0) {
      return;
    }
    try {
      if (spooled == 0 && windowEnd >= appended && !broken) {
        channel.truncate(0); // all delivered: start over (a stale offset beyond the end reads as 0)
        appended = 0;
        windowEnd = 0;
        delivered = 0;
      }
      writeDelivered();
    } catch (IOException e) {
      // Only crash safety suffers: a restarted agent would resend, and the server drops repeats.
      log.warn("cannot record delivery in {}: {}", deliveredFile, e.toString());
    }
  }

  @Override
  public int size() {
    return spooled + overflow.size();
  }

  @Override
  public String undelivered() {
    return "they stay in "
        + file
        + "; an agent started again for the same server, node and"
        + " token sends them first";
  }

  @Override
  public void close() {
    try {
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      log.warn("cannot close the event spool {}: {}", file, e.toString());
    }
  }

  /** Parses complete lines after the window until it holds {@code max} events or the file ends. */
  private void fill(int max) {
    int chunk = CHUNK;
    while (window.size() < max && windowEnd < appended) {
      int len = (int) Math.min(chunk, appended - windowEnd);
      ByteBuffer buf = ByteBuffer.allocate(len);
      try {
        while (buf.hasRemaining()) {
          if (channel.read(buf, windowEnd + buf.position()) < 0) {
            break;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the event spool " + file, e);
      }
      byte[] bytes = buf.array();
      int start = 0;
      for (int i = 0; i < buf.position() && window.size() < max; i++) {
        if (bytes[i] == '\n') {
          parse(bytes, start, i, windowEnd + i + 1);
          start = i + 1;
        }
      }
      if (start == 0) {
        if (len == appended - windowEnd) {
          break; // no complete line left (cannot happen: open ends a torn line)
        }
        chunk *= 2; // one line longer than the chunk
        continue;
      }
      windowEnd += start;
      chunk = CHUNK;
    }
  }

  private void parse(byte[] bytes, int from, int to, long end) {
    if (to == from) {
      return;
    }
    try {
      window.addLast(new Entry(mapper.readValue(bytes, from, to - from, AgentEvent.class), end));
    } catch (IOException e) {
      // A torn line from a crash: skip it; its bytes count as delivered with the next event.
      log.warn("skipping an unreadable line in the event spool {} (ends at byte {})", file, end);
      spooled--;
    }
  }

  /** Lines (events, or torn lines that {@link #parse} later discounts) after {@code offset}. */
  private int countFrom(long offset) throws IOException {
    int n = 0;
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    boolean lineHasBytes = false;
    for (long at = offset; at < appended; ) {
      buf.clear();
      int read = channel.read(buf, at);
      if (read < 0) {
        break;
      }
      for (int i = 0; i < read; i++) {
        if (buf.get(i) == '\n') {
          n += lineHasBytes ? 1 : 0;
          lineHasBytes = false;
        } else {
          lineHasBytes = true;
        }
      }
      at += read;
    }
    return n;
  }

  private void writeDelivered() throws IOException {
    Path tmp = deliveredFile.resolveSibling(deliveredFile.getFileName() + ".tmp");
    Files.writeString(tmp, delivered + "\n");
    Files.move(
        tmp, deliveredFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static long readDelivered(Path deliveredFile, long size) {
    try {
      long at = Long.parseLong(Files.readString(deliveredFile).strip());
      return at >= 0 && at <= size ? at : 0;
    } catch (IOException | NumberFormatException e) {
      return 0; // none yet, or unreadable: resend from the start; the server drops repeats
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
    long pos = at;
    while (buf.hasRemaining()) {
      pos += ch.write(buf, pos);
    }
  }
}
