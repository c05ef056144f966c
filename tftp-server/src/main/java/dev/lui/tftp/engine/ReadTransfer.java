package dev.lui.tftp.engine;

import dev.lui.tftp.FileSource;
import dev.lui.tftp.TftpResource;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.protocol.ErrorCode;
import dev.lui.tftp.protocol.Packet;
import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.OptionAck;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import dev.lui.tftp.protocol.Packet.Request;
import dev.lui.tftp.protocol.Packet.WriteRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transfer, as a state machine that knows no sockets: it is fed the request, the packets from
 * the client's TID and clock ticks (monotonic nanoseconds), and answers with the packets to send.
 * Lock-step RFC 1350, or RFC 7440 windows of up to {@code windowsize} blocks in flight: only a
 * timeout retransmits (the whole window from the last acknowledged block), never a duplicate ACK
 * (that would be the Sorcerer's Apprentice bug); an ACK inside the window restarts from the block
 * after it. DATA sent is kept until acknowledged, so a retransmission reads nothing again. Not
 * thread-safe: one transport thread drives it.
 */
public final class ReadTransfer extends TransferBase {
  private static final Logger log = LoggerFactory.getLogger(ReadTransfer.class);

  /** How a transfer ended; the transport adds client and elapsed time to make a record. */
  public record Ending(Outcome outcome, String path, long bytes, String detail) {
    public Ending {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** What to do now: send these packets in order; a present {@code ending} means it is over. */
  public record Step(List<Packet> send, Optional<Ending> ending) {
    public Step {
      send = List.copyOf(send);
      Objects.requireNonNull(ending, "ending");
    }

    static final Step NOTHING = new Step(List.of(), Optional.empty());

    static Step send(Packet p) {
      return new Step(List.of(p), Optional.empty());
    }
  }

  private enum State {
    NEW,
    OACK_SENT,
    SENDING,
    DONE
  }

  private final FileSource source;
  private State state = State.NEW;
  private TftpResource resource;
  private BlockReader reader;
  private int blockSize;
  private int windowSize = 1;
  private long blockIndex; // 1-based count of DATA blocks sent; the wire number is its low 16 bits
  // DATA sent but not yet acknowledged, oldest first: blocks blockIndex-window.size()+1..blockIndex
  private final ArrayDeque<Data> window = new ArrayDeque<>();
  private final ArrayDeque<Integer> windowLengths = new ArrayDeque<>(); // payload() would copy
  private boolean finalSent;
  private OptionAck oack;
  private long bytesAcked;

  public ReadTransfer(FileSource source, TftpServerConfig config) {
    super(config);
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Handles the request that opened this transfer. Call once. */
  @Override
  public Step start(Request request, long nowNanos) {
    if (state != State.NEW) {
      throw new IllegalStateException("transfer already started for '" + path + "'");
    }
    path = printable(request.filename());
    if (request instanceof WriteRequest) {
      return refuse(ErrorCode.ACCESS_VIOLATION, "writes are disabled", Outcome.DENIED);
    }
    ReadRequest rrq = (ReadRequest) request;
    Optional<TransferMode> mode = TransferMode.parse(rrq.mode());
    if (mode.isEmpty()) {
      return refuse(
          ErrorCode.ILLEGAL_OPERATION,
          "unsupported transfer mode '" + printable(rrq.mode()) + "'",
          Outcome.FAILED);
    }
    Optional<Step> denied = confine(rrq.filename());
    if (denied.isPresent()) {
      return denied.get();
    }
    Optional<TftpResource> opened;
    try {
      opened = source.open(path);
    } catch (AccessDeniedException e) {
      return refuse(ErrorCode.ACCESS_VIOLATION, "access violation", Outcome.DENIED, e.getMessage());
    } catch (IOException e) {
      // One line, no stack trace: the message has the cause, and a request may have caused it.
      // The client learns only that it failed; the record and log keep the reason.
      log.warn("File source failed to open '{}': {}", path, e.toString());
      return refuse(ErrorCode.NOT_DEFINED, "cannot open file", Outcome.FAILED, e.toString());
    } catch (RuntimeException e) {
      log.warn("File source failed to open '{}'", path, e); // a bug in the source: keep the trace
      return refuse(ErrorCode.NOT_DEFINED, "cannot open file", Outcome.FAILED, e.toString());
    }
    if (opened.isEmpty()) {
      return refuse(ErrorCode.FILE_NOT_FOUND, "file not found: " + path, Outcome.NOT_FOUND);
    }
    resource = opened.get();
    OptionNegotiator.Negotiated n =
        OptionNegotiator.negotiate(
            rrq.options(),
            mode.get(),
            resource.size(),
            config.maxBlockSize(),
            config.maxWindowSize());
    reader = BlockReader.of(mode.get(), resource);
    blockSize = n.blockSize();
    windowSize = n.windowSize();
    negotiated = n.acknowledged();
    timeoutNanos = n.timeout().orElse(config.timeout()).toNanos();
    if (!n.acknowledged().isEmpty()) {
      state = State.OACK_SENT;
      oack = new OptionAck(n.acknowledged());
      retries = 0;
      deadline = nowNanos + timeoutNanos;
      return Step.send(oack);
    }
    state = State.SENDING;
    return fillWindow(new ArrayList<>(), nowNanos);
  }

  /** A packet that came from the client's TID. */
  @Override
  public Step onPacket(Packet packet, long nowNanos) {
    if (state == State.DONE || state == State.NEW) {
      return Step.NOTHING;
    }
    if (packet instanceof ErrorPacket err) {
      return endByClient(err); // e.g. UEFI's tsize probe ends with ERROR 8
    }
    if (!(packet instanceof Ack ack)) {
      return Step.NOTHING; // stray DATA/RRQ on a read transfer: harmless, ignore
    }
    if (state == State.OACK_SENT) {
      if (ack.block() != 0) {
        return Step.NOTHING;
      }
      state = State.SENDING;
      oack = null;
      return fillWindow(new ArrayList<>(), nowNanos);
    }
    // How many of the outstanding blocks this ACK covers, counted on the 16-bit wire numbers.
    int firstUnacked = (int) ((blockIndex - window.size()) & 0xFFFF);
    int covered = (ack.block() - firstUnacked) & 0xFFFF;
    if (covered == 0 || covered > window.size()) {
      return Step.NOTHING; // duplicate or stale ACK: never resend on it (Sorcerer's Apprentice)
    }
    for (int i = 0; i < covered; i++) {
      window.removeFirst();
      bytesAcked += windowLengths.removeFirst();
    }
    if (finalSent && window.isEmpty()) {
      return end(Outcome.COMPLETED, "", List.of());
    }
    // RFC 7440: an ACK inside the window means the client lost what follows: restart there.
    List<Packet> send = new ArrayList<>(window);
    return fillWindow(send, nowNanos);
  }

  /** Clock tick: retransmits or gives up when the deadline has passed. */
  @Override
  public Step onTick(long nowNanos) {
    if (state != State.OACK_SENT && state != State.SENDING) {
      return Step.NOTHING;
    }
    if (nowNanos - deadline < 0) {
      return Step.NOTHING;
    }
    String what =
        state == State.OACK_SENT ? "OACK" : "DATA block " + (blockIndex - window.size() + 1);
    Optional<Step> givenUp = giveUpOrRetry("ACK for " + what, nowNanos);
    if (givenUp.isPresent()) {
      return givenUp.get();
    }
    // The whole window from the last acknowledged block, as kept: nothing is read twice.
    return state == State.OACK_SENT
        ? Step.send(oack)
        : new Step(new ArrayList<>(window), Optional.empty());
  }

  /** When {@link #onTick} next has something to do. */
  @Override
  public OptionalLong deadline() {
    return state == State.OACK_SENT || state == State.SENDING
        ? OptionalLong.of(deadline)
        : OptionalLong.empty();
  }

  @Override
  public boolean isDone() {
    return state == State.DONE;
  }

  /**
   * True while the client has acknowledged nothing yet (OACK or DATA 1 outstanding). A repeated
   * request in this phase is the client re-asking because our first answer was slow or lost.
   */
  @Override
  public boolean awaitingFirstAck() {
    return state == State.OACK_SENT || (state == State.SENDING && blockIndex == window.size());
  }

  private int wireBlock() {
    return (int) (blockIndex & 0xFFFF);
  }

  /**
   * Reads and appends new blocks until the window is full or the final block is out, then sends
   * {@code send} (already holding any resent blocks). Progress: the retry count starts over.
   */
  private Step fillWindow(List<Packet> send, long nowNanos) {
    while (!finalSent && window.size() < windowSize) {
      // Read straight into the array the DATA packet keeps (it is not copied again).
      byte[] payload = new byte[blockSize];
      int n;
      try {
        n = reader.fill(ByteBuffer.wrap(payload));
      } catch (IOException | RuntimeException e) {
        log.warn("Reading '{}' at block {} failed", path, blockIndex + 1, e);
        return refuse(
            ErrorCode.NOT_DEFINED,
            "read error",
            Outcome.FAILED,
            "read failed at block " + (blockIndex + 1) + ": " + e);
      }
      blockIndex++;
      finalSent = n < blockSize;
      Data d = new Data(wireBlock(), n == blockSize ? payload : Arrays.copyOf(payload, n));
      window.addLast(d);
      windowLengths.addLast(n);
      send.add(d);
    }
    retries = 0;
    deadline = nowNanos + timeoutNanos;
    return new Step(send, Optional.empty());
  }

  @Override
  Step end(Outcome outcome, String detail, List<Packet> send) {
    state = State.DONE;
    window.clear();
    windowLengths.clear();
    oack = null;
    if (resource != null) {
      try {
        resource.close();
      } catch (IOException e) {
        log.warn("Closing '{}' failed", path, e);
      }
      resource = null;
    }
    return new Step(send, Optional.of(new Ending(outcome, path, bytesAcked, detail)));
  }
}
