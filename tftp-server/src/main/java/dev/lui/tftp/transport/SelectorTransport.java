package dev.lui.tftp.transport;

import dev.lui.tftp.FileSource;
import dev.lui.tftp.TftpMetrics;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferListener;
import dev.lui.tftp.TransferRecord;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.admission.AdmissionControl;
import dev.lui.tftp.admission.AdmissionControl.Eviction;
import dev.lui.tftp.admission.AdmissionControl.Refusal;
import dev.lui.tftp.admission.AdmissionControl.Slot;
import dev.lui.tftp.engine.ReadTransfer;
import dev.lui.tftp.engine.ReadTransfer.Ending;
import dev.lui.tftp.engine.ReadTransfer.Step;
import dev.lui.tftp.engine.Transfer;
import dev.lui.tftp.engine.WriteTransfer;
import dev.lui.tftp.protocol.ErrorCode;
import dev.lui.tftp.protocol.MalformedPacketException;
import dev.lui.tftp.protocol.Packet;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.Request;
import dev.lui.tftp.protocol.Packet.RequestOption;
import dev.lui.tftp.protocol.Packet.WriteRequest;
import dev.lui.tftp.protocol.PacketCodec;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sockets for the engine: one selector thread owns the request socket and one unconnected {@link
 * DatagramChannel} per transfer (a fresh server TID, RFC 1350). Unconnected so that a datagram from
 * a wrong TID can still be seen and answered with ERROR 5 while the transfer goes on. The loop
 * keeps a lower bound of the transfers' deadlines and ticks them all only once it has passed, so a
 * packet costs O(1). Who gets a slot, and who waits or is refused, is decided by {@link
 * AdmissionControl}; this class carries its decisions out.
 *
 * <p>{@link FileSource#open} and reads run on this thread, so sources must be quick (local files,
 * in-memory entries).
 */
public final class SelectorTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SelectorTransport.class);
  private static final int MAX_READS_PER_WAKEUP = 64;
  private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * With at most this many live transfers the loop polls for up to {@link #SPIN_NANOS} before it
   * blocks: a client's ACK on a LAN comes back in tens of microseconds, and parking in epoll and
   * waking costs about as much again per window. With more transfers there is always something
   * ready, and spinning would only take CPU from them (and from clients on the same box).
   */
  static final int SPIN_MAX_SESSIONS = 2;

  static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  /**
   * After a spin that found nothing, this many waits block at once: a client that takes longer than
   * the spin to answer (a big window written to a slow disk) gains nothing from it, and the
   * spinning core may be one the client needs.
   */
  static final int SPIN_BACKOFF = 16;

  private final TftpServerConfig config;
  private final FileSource source;
  private final TransferListener listener;
  private final ProtocolFamily family;
  private final Selector selector;
  private final DatagramChannel requests;
  private final InetSocketAddress localAddress;
  private final List<Session> sessions = new ArrayList<>(); // loop thread only
  private final AdmissionControl<Session, Pending> admission; // loop thread only
  private final Admitter admitter = new Admitter(); // loop thread only
  private final Counters counters = new Counters();
  private final RefusalLimiter refusals; // loop thread only
  private final ByteBudget bandwidth; // loop thread only; null without a limit
  private long earliestDeadline; // loop thread only; valid while haveDeadline
  private boolean haveDeadline;
  private int spinSkips; // loop thread only
  private final ByteBuffer rx = ByteBuffer.allocateDirect(PacketCodec.MAX_DATAGRAM + 1);
  private final ByteBuffer tx = ByteBuffer.allocateDirect(PacketCodec.MAX_DATAGRAM + 1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  private static final class Session {
    final DatagramChannel channel;
    final InetSocketAddress client;
    final Transfer transfer;
    final Request request;
    final long startNanos;
    Slot<Session> slot; // set by startSession right after the session is created

    Session(
        DatagramChannel channel,
        InetSocketAddress client,
        Request request,
        Transfer transfer,
        long start) {
      this.channel = channel;
      this.client = client;
      this.request = request;
      this.transfer = transfer;
      this.startNanos = start;
    }
  }

  /** A request, as admission control sees it (and keeps it while it waits). */
  private record Pending(Request request, InetSocketAddress client) {}

  /** Written by the loop thread, read by anyone for {@link #metrics()}. */
  private static final class Counters {
    final AtomicLong requests = new AtomicLong();
    final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong refusedBusy = new AtomicLong();
    final AtomicLong droppedUnacknowledged = new AtomicLong();
    final AtomicLong reclaimedStalled = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong wrongTid = new AtomicLong();
    final AtomicLong retransmissions = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong bandwidthPauses = new AtomicLong();
    volatile int active;
    volatile int queued;
    volatile int peakActive;

    Counters() {
      for (Outcome o : Outcome.values()) {
        outcomes.put(o, new AtomicLong());
      }
    }

    long of(Outcome o) {
      return outcomes.get(o).get();
    }
  }

  private SelectorTransport(TftpServerConfig config, FileSource source, TransferListener listener)
      throws IOException {
    this.config = config;
    this.source = source;
    this.listener = listener;
    this.refusals = new RefusalLimiter(config.refusals());
    this.admission = new AdmissionControl<>(config.admission());
    long limit = config.admission().maxBytesPerSecond();
    this.bandwidth = limit > 0 ? new ByteBudget(limit, System.nanoTime()) : null;
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
      // A boot storm sends hundreds of requests at once; the default buffer drops some.
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
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

  /** A snapshot of the counters; callable from any thread. */
  public TftpMetrics metrics() {
    Counters c = counters;
    return new TftpMetrics(
        c.requests.get(),
        c.of(Outcome.COMPLETED),
        c.of(Outcome.NOT_FOUND),
        c.of(Outcome.DENIED),
        c.of(Outcome.ABORTED_BY_CLIENT),
        c.of(Outcome.TIMED_OUT),
        c.of(Outcome.FAILED),
        c.bytesSent.get(),
        c.active,
        c.queued,
        c.peakActive,
        c.refusedBusy.get(),
        c.droppedUnacknowledged.get(),
        c.malformed.get(),
        c.wrongTid.get(),
        c.retransmissions.get(),
        c.rateLimited.get(),
        c.bandwidthPauses.get(),
        c.reclaimedStalled.get());
  }

  /** True while the loop thread serves: false once closed, or if the loop died. */
  public boolean running() {
    return thread.isAlive() && stopped.getCount() > 0;
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
        if (bandwidth != null) {
          long debt = bandwidth.waitNanos(System.nanoTime());
          if (debt > 0) {
            // Over the bandwidth limit: handle nothing until it is paid off. ACKs and requests
            // wait in their socket buffers (so requests wait briefly instead of failing); in
            // slices, so close() is seen.
            counters.bandwidthPauses.incrementAndGet();
            LockSupport.parkNanos(Math.min(debt, MAX_PAUSE_NANOS));
            continue;
          }
        }
        if (!spinForReady()) {
          if (!running) {
            break; // selectNow() in the spin may have consumed close()'s wakeup
          }
          selector.select(waitMillis(System.nanoTime()));
        }
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
        long now = System.nanoTime();
        // Deadlines only move later on progress, so a stale early value costs one extra scan;
        // scanning every turn would make each packet cost O(transfers).
        if (haveDeadline && now - earliestDeadline >= 0) {
          tick(now);
        }
        admitQueued(now);
      }
    } catch (IOException | RuntimeException e) {
      log.error("TFTP server loop on {} died; no more requests are served", localAddress, e);
    } finally {
      shutdown();
      stopped.countDown();
    }
  }

  /** True if a short poll found a ready channel (see {@link #SPIN_MAX_SESSIONS}). */
  private boolean spinForReady() throws IOException {
    int live = sessions.size();
    if (live == 0 || live > SPIN_MAX_SESSIONS || admission.waiting() > 0) {
      return false;
    }
    if (spinSkips > 0) {
      spinSkips--;
      return false;
    }
    long end = System.nanoTime() + SPIN_NANOS;
    do {
      if (selector.selectNow() > 0) {
        return true;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - end < 0);
    spinSkips = SPIN_BACKOFF;
    return false;
  }

  private long waitMillis(long now) {
    long earliest = Long.MAX_VALUE;
    if (haveDeadline) {
      earliest = Math.max(0, earliestDeadline - now);
    }
    OptionalLong admissionDeadline = admission.nextDeadline(now);
    if (admissionDeadline.isPresent()) {
      earliest = Math.min(earliest, Math.max(0, admissionDeadline.getAsLong() - now));
    }
    if (earliest == Long.MAX_VALUE) {
      return 0; // nothing pending: sleep until a datagram or close()
    }
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(earliest + 999_999));
  }

  /** Keeps {@link #earliestDeadline} at or before every live transfer's deadline. */
  private void noteDeadline(Session s) {
    OptionalLong d = s.transfer.deadline();
    if (d.isPresent() && (!haveDeadline || d.getAsLong() - earliestDeadline < 0)) {
      earliestDeadline = d.getAsLong();
      haveDeadline = true;
    }
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
      counters.malformed.incrementAndGet();
      log.debug("Malformed datagram from {}: {}", from, e.getMessage());
      if (mayRefuse(from, now)) {
        sendQuietly(
            requests, ErrorPacket.of(ErrorCode.ILLEGAL_OPERATION, "malformed request"), from);
      }
      return;
    }
    if (!(packet instanceof Request request)) {
      // Never answer an error with an error.
      if (!(packet instanceof ErrorPacket) && mayRefuse(from, now)) {
        sendQuietly(requests, ErrorPacket.of(ErrorCode.UNKNOWN_TID, "unknown transfer ID"), from);
      }
      return;
    }
    counters.requests.incrementAndGet();
    if (refusals.exhausted(from.getAddress(), now)) {
      // This source keeps getting refused: drop its requests unread until it has a token again
      // (a real client retransmits). Costs neither a socket nor a file lookup.
      counters.rateLimited.incrementAndGet();
      log.debug("Request from {} for {} dropped: refusal limit", from, request.filename());
      return;
    }
    if (isRepeat(request, from)) {
      // The client re-sent its request because our first answer was slow; the transfer that
      // is already running (or waiting) answers. A second one would only compete.
      log.debug("Repeated request from {} for {} ignored", from, request.filename());
      return;
    }
    admission.offer(from.getAddress(), new Pending(request, from), now).applyTo(admitter);
  }

  private void refuseBusy(InetSocketAddress from, Request request, String why) {
    counters.refusedBusy.incrementAndGet();
    if (mayRefuse(from, System.nanoTime())) {
      sendQuietly(requests, ErrorPacket.of(ErrorCode.NOT_DEFINED, "server busy"), from);
    }
    notifyListener(
        new TransferRecord(from, request.filename(), 0, Duration.ZERO, Outcome.FAILED, why));
  }

  /**
   * Carries out admission's decisions about waiting requests until it has none: starts them while a
   * slot is free or can be reclaimed, refuses those that waited too long.
   */
  private void admitQueued(long now) {
    for (Optional<AdmissionControl.Decision<Session, Pending>> d = admission.nextWaiting(now);
        d.isPresent();
        d = admission.nextWaiting(now)) {
      d.get().applyTo(admitter);
    }
    counters.queued = admission.waiting();
  }

  /** Admission's decisions, carried out on the loop thread. */
  private final class Admitter implements AdmissionControl.Handler<Session, Pending> {
    @Override
    public void start(Pending p, Optional<Eviction<Session>> evict) {
      evict.ifPresent(SelectorTransport.this::evict);
      startSession(p.request(), p.client(), System.nanoTime());
    }

    @Override
    public void waiting(Pending p) {
      counters.queued = admission.waiting();
    }

    @Override
    public void refuse(Pending p, Refusal reason, String detail) {
      switch (reason) {
        case BUSY -> refuseBusy(p.client(), p.request(), detail);
        case CLIENT_CAP -> refuseClientCap(p.client(), p.request(), detail);
      }
    }
  }

  /** Ends a transfer silently to make room (its slot is already free in admission control). */
  private void evict(Eviction<Session> e) {
    switch (e.cause()) {
      case CLIENT_CAP -> counters.droppedUnacknowledged.incrementAndGet();
      case RECLAIMED -> counters.reclaimedStalled.incrementAndGet();
    }
    Session victim = e.session();
    apply(victim, victim.transfer.abandon(e.detail())); // finish() logs and records it
  }

  private void refuseClientCap(InetSocketAddress from, Request request, String detail) {
    if (mayRefuse(from, System.nanoTime())) {
      sendQuietly(
          requests, ErrorPacket.of(ErrorCode.NOT_DEFINED, "too many transfers from you"), from);
    }
    notifyListener(
        new TransferRecord(from, request.filename(), 0, Duration.ZERO, Outcome.DENIED, detail));
  }

  private void startSession(Request request, InetSocketAddress from, long now) {
    DatagramChannel ch;
    try {
      ch = DatagramChannel.open(family);
      try {
        ch.bind(new InetSocketAddress(localAddress.getAddress(), 0));
        ch.configureBlocking(false);
        // A whole RFC 7440 window goes out at once; the default buffer may not hold it.
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
        // Uploads at a large blksize: room for a few full-size blocks.
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 18);
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
    // Without an upload directory a WRQ goes to the read engine, which refuses it (ERROR 2).
    Transfer transfer =
        request instanceof WriteRequest && config.uploads().directory().isPresent()
            ? new WriteTransfer(config)
            : new ReadTransfer(source, config);
    Session s = new Session(ch, from, request, transfer, now);
    s.slot = admission.occupy(from.getAddress(), s, now);
    sessions.add(s);
    counters.active = sessions.size();
    counters.peakActive = Math.max(counters.peakActive, sessions.size());
    Step step;
    try {
      step = s.transfer.start(request, now);
    } catch (RuntimeException e) {
      log.error("Transfer of {} for {} failed", request.filename(), from, e);
      step = s.transfer.abort("internal error");
    }
    if (step.ending().isPresent() && !step.send().isEmpty()) {
      // Refused at once (not found, denied, bad mode): the answer goes out, and costs a token.
      refusals.tryRefuse(from.getAddress(), now);
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
      // For the whole life of the transfer, not only until its first ACK: in a storm the
      // client's retransmitted request can sit in the request socket's queue behind hundreds of
      // others until after its ACK 0 was handled. A second transfer to the same client port
      // would then pull the client away from the first (curl follows the newest TID) and both
      // time out. A client starts a new transfer from a new port (RFC 1350), so nothing is lost.
      if (s.client.equals(from) && s.request.equals(request) && !s.transfer.isDone()) {
        return true;
      }
    }
    return admission.isWaiting(
        from.getAddress(), p -> p.client().equals(from) && p.request().equals(request));
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
        counters.malformed.incrementAndGet();
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
        if (!s.slot.answered() && !s.transfer.isDone() && !s.transfer.awaitingFirstAck()) {
          admission.answered(s.slot); // a live client: its slot is never reclaimed
        }
      } catch (RuntimeException e) {
        log.error("Transfer of {} for {} failed", s.transfer.path(), s.client, e);
        apply(s, s.transfer.abort("internal error"));
      }
    }
  }

  /** Whether a refusal may be answered to {@code to}; counts the ones that may not. */
  private boolean mayRefuse(InetSocketAddress to, long now) {
    if (refusals.tryRefuse(to.getAddress(), now)) {
      return true;
    }
    counters.rateLimited.incrementAndGet();
    return false;
  }

  private void rejectWrongTid(Session s, SocketAddress from) {
    counters.wrongTid.incrementAndGet();
    log.debug("Datagram for transfer {} came from wrong TID {}", s.client, from);
    sendQuietly(s.channel, ErrorPacket.of(ErrorCode.UNKNOWN_TID, "unknown transfer ID"), from);
  }

  private void tick(long now) {
    haveDeadline = false;
    for (Session s : List.copyOf(sessions)) {
      try {
        Step step = s.transfer.onTick(now);
        if (step.ending().isEmpty() && !step.send().isEmpty()) {
          counters.retransmissions.incrementAndGet();
        }
        apply(s, step);
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
        ByteBuffer wire = PacketCodec.encode(p, tx);
        int length = wire.remaining();
        int sent = s.channel.send(wire, s.client);
        if (bandwidth != null) {
          bandwidth.spend(length, System.nanoTime());
        }
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
    noteDeadline(s);
    return true;
  }

  private void finish(Session s, Ending ending) {
    sessions.remove(s);
    admission.release(s.slot);
    counters.active = sessions.size();
    counters.bytesSent.addAndGet(ending.bytes());
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
            s.client,
            ending.path(),
            ending.bytes(),
            elapsed,
            ending.outcome(),
            ending.detail(),
            optionMap(s.transfer.negotiatedOptions())));
  }

  private static Map<String, String> optionMap(List<RequestOption> options) {
    Map<String, String> m = new LinkedHashMap<>();
    for (RequestOption o : options) {
      m.put(o.name(), o.value());
    }
    return m;
  }

  private void notifyListener(TransferRecord record) {
    counters.outcomes.get(record.outcome()).incrementAndGet();
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
    for (Pending p : admission.drainWaiting()) {
      sendQuietly(
          requests, ErrorPacket.of(ErrorCode.NOT_DEFINED, "server shutting down"), p.client());
      notifyListener(
          new TransferRecord(
              p.client(),
              p.request().filename(),
              0,
              Duration.ZERO,
              Outcome.FAILED,
              "server shutting down while queued"));
    }
    counters.queued = 0;
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
