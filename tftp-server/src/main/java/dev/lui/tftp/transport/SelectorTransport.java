package dev.lui.tftp.transport;

import dev.lui.tftp.FileSource;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferListener;
import dev.lui.tftp.TransferRecord;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.engine.ReadTransfer;
import dev.lui.tftp.engine.ReadTransfer.Ending;
import dev.lui.tftp.engine.ReadTransfer.Step;
import dev.lui.tftp.protocol.ErrorCode;
import dev.lui.tftp.protocol.MalformedPacketException;
import dev.lui.tftp.protocol.Packet;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.Request;
import dev.lui.tftp.protocol.PacketCodec;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sockets for the engine: one selector thread owns the request socket and one unconnected {@link
 * DatagramChannel} per transfer (a fresh server TID, RFC 1350). Unconnected so that a datagram from
 * a wrong TID can still be seen and answered with ERROR 5 while the transfer goes on. Deadlines are
 * found by a scan of the live transfers on each loop turn: cheap for the hundreds of nodes a
 * cluster boots at once.
 *
 * <p>{@link FileSource#open} and reads run on this thread, so sources must be quick (local files,
 * in-memory entries).
 */
public final class SelectorTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SelectorTransport.class);
  private static final int MAX_READS_PER_WAKEUP = 64;

  private final TftpServerConfig config;
  private final FileSource source;
  private final TransferListener listener;
  private final ProtocolFamily family;
  private final Selector selector;
  private final DatagramChannel requests;
  private final InetSocketAddress localAddress;
  private final List<Session> sessions = new ArrayList<>(); // loop thread only
  private final ByteBuffer rx = ByteBuffer.allocateDirect(PacketCodec.MAX_DATAGRAM + 1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  private static final class Session {
    final DatagramChannel channel;
    final InetSocketAddress client;
    final ReadTransfer transfer;
    final Request request;
    final long startNanos;

    Session(
        DatagramChannel channel,
        InetSocketAddress client,
        Request request,
        ReadTransfer transfer,
        long start) {
      this.channel = channel;
      this.client = client;
      this.request = request;
      this.transfer = transfer;
      this.startNanos = start;
    }
  }

  private SelectorTransport(TftpServerConfig config, FileSource source, TransferListener listener)
      throws IOException {
    this.config = config;
    this.source = source;
    this.listener = listener;
    if (config.bind().isUnresolved()) {
      throw new IOException("bind address " + config.bind() + " is unresolved");
    }
    this.family =
        config.bind().getAddress() instanceof Inet6Address
            ? StandardProtocolFamily.INET6
            : StandardProtocolFamily.INET;
    this.selector = Selector.open();
    DatagramChannel ch = null;
    try {
      ch = DatagramChannel.open(family);
      ch.bind(config.bind());
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_READ);
    } catch (IOException e) {
      if (ch != null) {
        ch.close();
      }
      selector.close();
      throw new IOException("cannot bind TFTP server to " + config.bind() + ": " + e, e);
    }
    this.requests = ch;
    this.localAddress = (InetSocketAddress) ch.getLocalAddress();
    this.thread = new Thread(this::run, "tftp-" + localAddress.getPort());
    this.thread.setDaemon(true); // a forgotten close() must not keep the JVM alive
  }

  /** Binds and starts the loop thread; returns once the socket is bound. */
  public static SelectorTransport start(
      TftpServerConfig config, FileSource source, TransferListener listener) throws IOException {
    SelectorTransport t =
        new SelectorTransport(
            Objects.requireNonNull(config, "config"),
            Objects.requireNonNull(source, "source"),
            Objects.requireNonNull(listener, "listener"));
    t.thread.start();
    log.info("TFTP server listening on {}", t.localAddress);
    return t;
  }

  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** Blocks until the server has stopped (after {@link #close}, or if the loop died). */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        if (!stopped.await(10, TimeUnit.SECONDS)) {
          log.warn("TFTP server thread {} did not stop within 10 s", thread.getName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (running) {
        selector.select(waitMillis(System.nanoTime()));
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.channel() == requests) {
            drainRequests();
          } else {
            drainSession((Session) key.attachment());
          }
        }
        tick(System.nanoTime());
      }
    } catch (IOException | RuntimeException e) {
      log.error("TFTP server loop on {} died; no more requests are served", localAddress, e);
    } finally {
      shutdown();
      stopped.countDown();
    }
  }

  private long waitMillis(long now) {
    long earliest = Long.MAX_VALUE;
    for (Session s : sessions) {
      OptionalLong d = s.transfer.deadline();
      if (d.isPresent()) {
        earliest = Math.min(earliest, Math.max(0, d.getAsLong() - now));
      }
    }
    if (earliest == Long.MAX_VALUE) {
      return 0; // nothing pending: sleep until a datagram or close()
    }
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(earliest + 999_999));
  }

  private void drainRequests() {
    for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
      SocketAddress from;
      rx.clear();
      try {
        from = requests.receive(rx);
      } catch (IOException e) {
        log.warn("Receiving on {} failed", localAddress, e);
        return;
      }
      if (from == null) {
        return;
      }
      rx.flip();
      try {
        onRequestDatagram((InetSocketAddress) from);
      } catch (RuntimeException e) {
        // A bug on one request must not take the server down for every other node.
        log.error("Handling a datagram from {} failed", from, e);
      }
    }
  }

  private void onRequestDatagram(InetSocketAddress from) {
    long now = System.nanoTime();
    Packet packet;
    try {
      packet = PacketCodec.decode(rx);
    } catch (MalformedPacketException e) {
      log.debug("Malformed datagram from {}: {}", from, e.getMessage());
      sendQuietly(requests, ErrorPacket.of(ErrorCode.ILLEGAL_OPERATION, "malformed request"), from);
      return;
    }
    if (!(packet instanceof Request request)) {
      if (!(packet instanceof ErrorPacket)) { // never answer an error with an error
        sendQuietly(requests, ErrorPacket.of(ErrorCode.UNKNOWN_TID, "unknown transfer ID"), from);
      }
      return;
    }
    if (isRepeat(request, from)) {
      // The client re-sent its request before our first answer reached it; the transfer that
      // is already running will retransmit on its own timeout. A second one would only compete.
      log.debug("Repeated request from {} for {} ignored", from, request.filename());
      return;
    }
    DatagramChannel ch;
    try {
      ch = DatagramChannel.open(family);
      try {
        ch.bind(new InetSocketAddress(localAddress.getAddress(), 0));
        ch.configureBlocking(false);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      log.error("Cannot open a transfer socket for {} ({})", from, request.filename(), e);
      sendQuietly(requests, ErrorPacket.of(ErrorCode.NOT_DEFINED, "server busy"), from);
      notifyListener(
          new TransferRecord(
              from, request.filename(), 0, Duration.ZERO, Outcome.FAILED, "no socket: " + e));
      return;
    }
    Session s = new Session(ch, from, request, new ReadTransfer(source, config), now);
    sessions.add(s);
    Step step;
    try {
      step = s.transfer.start(request, now);
    } catch (RuntimeException e) {
      log.error("Transfer of {} for {} failed", request.filename(), from, e);
      step = s.transfer.abort("internal error");
    }
    if (apply(s, step)) {
      try {
        ch.register(selector, SelectionKey.OP_READ, s);
      } catch (IOException e) {
        log.error("Cannot register transfer socket for {}", from, e);
        apply(s, s.transfer.abort("internal error"));
      }
    }
  }

  private boolean isRepeat(Request request, InetSocketAddress from) {
    for (Session s : sessions) {
      if (s.client.equals(from) && s.request.equals(request) && s.transfer.awaitingFirstAck()) {
        return true;
      }
    }
    return false;
  }

  private void drainSession(Session s) {
    for (int i = 0; i < MAX_READS_PER_WAKEUP && !s.transfer.isDone(); i++) {
      SocketAddress from;
      rx.clear();
      try {
        from = s.channel.receive(rx);
      } catch (IOException e) {
        log.warn("Receiving for {} failed", s.client, e);
        apply(s, s.transfer.abort("receive failed: " + e));
        return;
      }
      if (from == null) {
        return;
      }
      rx.flip();
      Packet packet;
      try {
        packet = PacketCodec.decode(rx);
      } catch (MalformedPacketException e) {
        if (from.equals(s.client)) {
          log.debug("Malformed datagram from {} ignored: {}", from, e.getMessage());
        } else {
          rejectWrongTid(s, from);
        }
        continue;
      }
      if (!from.equals(s.client)) {
        if (!(packet instanceof ErrorPacket)) {
          rejectWrongTid(s, from);
        }
        continue;
      }
      long now = System.nanoTime();
      try {
        apply(s, s.transfer.onPacket(packet, now));
      } catch (RuntimeException e) {
        log.error("Transfer of {} for {} failed", s.transfer.path(), s.client, e);
        apply(s, s.transfer.abort("internal error"));
      }
    }
  }

  private void rejectWrongTid(Session s, SocketAddress from) {
    log.debug("Datagram for transfer {} came from wrong TID {}", s.client, from);
    sendQuietly(s.channel, ErrorPacket.of(ErrorCode.UNKNOWN_TID, "unknown transfer ID"), from);
  }

  private void tick(long now) {
    for (Session s : List.copyOf(sessions)) {
      try {
        apply(s, s.transfer.onTick(now));
      } catch (RuntimeException e) {
        log.error("Transfer of {} for {} failed", s.transfer.path(), s.client, e);
        apply(s, s.transfer.abort("internal error"));
      }
    }
  }

  /** Sends what the step says and finishes the session if it ended; true while it lives. */
  private boolean apply(Session s, Step step) {
    for (Packet p : step.send()) {
      try {
        int sent = s.channel.send(PacketCodec.encode(p), s.client);
        if (sent == 0) {
          log.debug("Send buffer full, {} to {} dropped; the timeout will resend", p, s.client);
        }
      } catch (IOException e) {
        log.warn("Sending to {} failed", s.client, e);
        if (step.ending().isEmpty()) {
          finish(s, s.transfer.abort("send failed: " + e).ending().orElseThrow());
          return false;
        }
      }
    }
    if (step.ending().isPresent()) {
      finish(s, step.ending().get());
      return false;
    }
    return true;
  }

  private void finish(Session s, Ending ending) {
    sessions.remove(s);
    try {
      s.channel.close();
    } catch (IOException e) {
      log.warn("Closing transfer socket for {} failed", s.client, e);
    }
    Duration elapsed = Duration.ofNanos(Math.max(0, System.nanoTime() - s.startNanos));
    log.debug(
        "{} {} {}: {} bytes in {} {}",
        s.client,
        ending.path(),
        ending.outcome(),
        ending.bytes(),
        elapsed,
        ending.detail());
    notifyListener(
        new TransferRecord(
            s.client, ending.path(), ending.bytes(), elapsed, ending.outcome(), ending.detail()));
  }

  private void notifyListener(TransferRecord record) {
    try {
      listener.transferEnded(record);
    } catch (RuntimeException e) {
      log.error("Transfer listener threw on {}", record, e);
    }
  }

  private void sendQuietly(DatagramChannel ch, Packet p, SocketAddress to) {
    try {
      ch.send(PacketCodec.encode(p), to);
    } catch (IOException e) {
      log.debug("Could not send {} to {}: {}", p, to, e.toString());
    }
  }

  private void shutdown() {
    // Let datagrams that already arrived count (a final ACK in flight completes its transfer).
    try {
      if (selector.isOpen() && selector.selectNow() > 0) {
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid() && key.attachment() instanceof Session s) {
            drainSession(s);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Draining transfers on shutdown failed", e);
    }
    for (Session s : List.copyOf(sessions)) {
      apply(s, s.transfer.abort("server shutting down"));
    }
    try {
      requests.close();
    } catch (IOException e) {
      log.warn("Closing {} failed", localAddress, e);
    }
    try {
      selector.close();
    } catch (IOException e) {
      log.warn("Closing selector failed", e);
    }
    log.info("TFTP server on {} stopped", localAddress);
  }
}
