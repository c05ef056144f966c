package dev.lui.tftp.engine;

import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.engine.ReadTransfer.Ending;
import dev.lui.tftp.engine.ReadTransfer.Step;
import dev.lui.tftp.protocol.ErrorCode;
import dev.lui.tftp.protocol.Packet;
import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.OptionAck;
import dev.lui.tftp.protocol.Packet.Request;
import dev.lui.tftp.protocol.Packet.RequestOption;
import dev.lui.tftp.protocol.Packet.WriteRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write request (RFC 1350 WRQ) into the configured upload directory, octet mode only. The file is
 * received into a temporary file next to the target and renamed into place once the final (short)
 * DATA arrived, so a half-received upload is never visible under its name. An existing file is
 * refused with ERROR 6 unless overwriting is configured. Options: blksize (up to the server cap)
 * and tsize (the client's size, echoed); windowsize is not offered for writes. A duplicate of the
 * last DATA (our ACK was lost) is acknowledged again; only a timeout resends our last ACK/OACK
 * otherwise.
 */
public final class WriteTransfer extends TransferBase {
  private static final Logger log = LoggerFactory.getLogger(WriteTransfer.class);

  private enum State {
    NEW,
    RECEIVING,
    DONE
  }

  private final Path uploadDir;
  private State state = State.NEW;
  private Path target;
  private Path temp;
  private FileChannel out;
  private int blockSize = OptionNegotiator.DEFAULT_BLOCK_SIZE;
  private long received; // blocks written; the next expected wire number is (received + 1) & 0xFFFF
  private long bytes;
  private Packet lastSent;

  public WriteTransfer(TftpServerConfig config) {
    super(config);
    this.uploadDir =
        config
            .uploads()
            .directory()
            .orElseThrow(
                () -> new IllegalArgumentException("writes are disabled in this configuration"));
  }

  @Override
  public Step start(Request request, long nowNanos) {
    if (state != State.NEW) {
      throw new IllegalStateException("transfer already started for '" + path + "'");
    }
    path = printable(request.filename());
    if (!(request instanceof WriteRequest wrq)) {
      throw new IllegalArgumentException("not a write request: " + request);
    }
    Optional<TransferMode> mode = TransferMode.parse(wrq.mode());
    if (mode.isEmpty() || mode.get() != TransferMode.OCTET) {
      return refuse(
          ErrorCode.ILLEGAL_OPERATION,
          "uploads take octet mode only, not '" + printable(wrq.mode()) + "'",
          Outcome.FAILED);
    }
    Optional<Step> denied = confine(wrq.filename());
    if (denied.isPresent()) {
      return denied.get();
    }
    try {
      Path realDir = uploadDir.toRealPath();
      Path candidate = realDir.resolve(path).normalize();
      Path parent = candidate.getParent();
      if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)
          || !parent.toRealPath().equals(parent)
          || !candidate.startsWith(realDir)) {
        // No directory is created for a client, and no link is followed out of the upload dir.
        return refuse(
            ErrorCode.ACCESS_VIOLATION,
            "no such upload directory",
            Outcome.DENIED,
            "parent of '" + path + "' is not a plain directory under " + realDir);
      }
      if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        if (!config.uploads().overwrite()
            || !Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
          return refuse(
              ErrorCode.FILE_EXISTS,
              "file already exists",
              Outcome.DENIED,
              "'" + path + "' exists and overwriting is off");
        }
      }
      target = candidate;
      temp = Files.createTempFile(parent, ".tftp-upload-", ".part");
      out = FileChannel.open(temp, Set.of(StandardOpenOption.WRITE));
    } catch (IOException e) {
      // One line, no stack trace (as for reads): the message has the cause.
      log.warn("Cannot prepare upload of '{}': {}", path, e.toString());
      return refuse(ErrorCode.NOT_DEFINED, "cannot store file", Outcome.FAILED, e.toString());
    }
    List<RequestOption> acked = new ArrayList<>();
    OptionNegotiator.Negotiated n =
        OptionNegotiator.negotiate(wrq.options(), TransferMode.OCTET, 0, config.maxBlockSize());
    for (RequestOption o : n.acknowledged()) {
      if (!o.name().equals("tsize")) {
        acked.add(o);
      }
    }
    for (RequestOption o : wrq.options()) { // tsize on a WRQ is the client's size: echo it
      if (o.name().equalsIgnoreCase("tsize")
          && o.value().matches("[0-9]{1,18}")
          && acked.stream().noneMatch(x -> x.name().equals("tsize"))) {
        acked.add(new RequestOption("tsize", o.value()));
      }
    }
    blockSize = n.blockSize();
    negotiated = List.copyOf(acked);
    timeoutNanos = n.timeout().orElse(config.timeout()).toNanos();
    state = State.RECEIVING;
    return transmit(acked.isEmpty() ? new Ack(0) : new OptionAck(acked), nowNanos);
  }

  @Override
  public Step onPacket(Packet packet, long nowNanos) {
    if (state != State.RECEIVING) {
      return Step.NOTHING;
    }
    if (packet instanceof ErrorPacket err) {
      return endByClient(err);
    }
    if (!(packet instanceof Data d)) {
      return Step.NOTHING;
    }
    int expected = (int) ((received + 1) & 0xFFFF);
    if (d.block() != expected) {
      if (d.block() == (int) (received & 0xFFFF) && received > 0) {
        return Step.send(lastSent); // our ACK was lost: say it again
      }
      return Step.NOTHING;
    }
    byte[] payload = d.payload();
    if (payload.length > blockSize) {
      return refuse(
          ErrorCode.ILLEGAL_OPERATION,
          "block larger than blksize",
          Outcome.FAILED,
          "DATA "
              + d.block()
              + " has "
              + payload.length
              + " bytes, more than blksize "
              + blockSize);
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(payload);
      while (b.hasRemaining()) {
        out.write(b, bytes + b.position());
      }
    } catch (IOException e) {
      log.warn("Writing upload '{}' failed", path, e);
      return refuse(ErrorCode.DISK_FULL, "cannot write file", Outcome.FAILED, "write failed: " + e);
    }
    received++;
    bytes += payload.length;
    Ack ack = new Ack(d.block());
    if (payload.length == blockSize) {
      return transmit(ack, nowNanos);
    }
    try {
      out.force(true);
      out.close();
      out = null;
      if (config.uploads().overwrite()) {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // A link, not a rename: fails if the name appeared meanwhile, so nothing is overwritten.
        Files.createLink(target, temp);
        Files.delete(temp);
      }
      temp = null;
    } catch (FileAlreadyExistsException e) {
      return refuse(
          ErrorCode.FILE_EXISTS,
          "file already exists",
          Outcome.DENIED,
          "'" + path + "' appeared during the upload");
    } catch (IOException e) {
      log.warn("Storing upload '{}' failed", path, e);
      return refuse(
          ErrorCode.NOT_DEFINED, "cannot store file", Outcome.FAILED, "store failed: " + e);
    }
    return end(Outcome.COMPLETED, "", List.of(ack));
  }

  @Override
  public Step onTick(long nowNanos) {
    if (state != State.RECEIVING || nowNanos - deadline < 0) {
      return Step.NOTHING;
    }
    return giveUpOrRetry("DATA " + ((received + 1) & 0xFFFF), nowNanos)
        .orElseGet(() -> Step.send(lastSent));
  }

  @Override
  public OptionalLong deadline() {
    return state == State.RECEIVING ? OptionalLong.of(deadline) : OptionalLong.empty();
  }

  @Override
  public boolean isDone() {
    return state == State.DONE;
  }

  @Override
  public boolean awaitingFirstAck() {
    return state == State.RECEIVING && received == 0; // no DATA yet
  }

  private Step transmit(Packet p, long nowNanos) {
    lastSent = p;
    retries = 0;
    deadline = nowNanos + timeoutNanos;
    return Step.send(p);
  }

  @Override
  Step end(Outcome outcome, String detail, List<Packet> send) {
    state = State.DONE;
    lastSent = null;
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        log.warn("Closing upload '{}' failed", path, e);
      }
      out = null;
    }
    if (temp != null) {
      try {
        Files.deleteIfExists(temp); // nothing half-received stays behind
      } catch (IOException e) {
        log.warn("Removing partial upload {} failed", temp, e);
      }
      temp = null;
    }
    return new Step(send, Optional.of(new Ending(outcome, path, bytes, detail)));
  }
}
