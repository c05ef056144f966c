package dev.lui.tftp.engine;

import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.engine.ReadTransfer.Step;
import dev.lui.tftp.path.PathDeniedException;
import dev.lui.tftp.path.RequestPaths;
import dev.lui.tftp.protocol.ErrorCode;
import dev.lui.tftp.protocol.Packet;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.RequestOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What reads and writes do alike, written once: the outside ways to stop a transfer, path
 * confinement, refusals, the client's ERROR, and the retransmission budget.
 */
abstract sealed class TransferBase implements Transfer permits ReadTransfer, WriteTransfer {
  final TftpServerConfig config;

  /** The normalised path once known, else the name as requested (made printable). */
  String path = "";

  /** The options in effect as answered to the client (empty when none was accepted). */
  List<RequestOption> negotiated = List.of();

  long timeoutNanos;
  int retries;
  long deadline;

  TransferBase(TftpServerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Ends the transfer from outside (server shutdown, a socket error); tells the client. */
  @Override
  public final Step abort(String reason) {
    if (isDone()) {
      return Step.NOTHING;
    }
    return refuse(ErrorCode.NOT_DEFINED, reason, Outcome.FAILED, reason);
  }

  /**
   * Ends the transfer silently as {@code TIMED_OUT} (a never-acknowledged session dropped by the
   * transport's per-client cap: the client has evidently left it).
   */
  @Override
  public final Step abandon(String reason) {
    if (isDone()) {
      return Step.NOTHING;
    }
    return end(Outcome.TIMED_OUT, reason, List.of());
  }

  @Override
  public final List<RequestOption> negotiatedOptions() {
    return negotiated;
  }

  @Override
  public final String path() {
    return path;
  }

  /** Moves to the final state, releases what the transfer holds, and sends {@code send}. */
  abstract Step end(Outcome outcome, String detail, List<Packet> send);

  /**
   * Sets {@link #path} to the requested name, remapped and normalised. Empty when that succeeded;
   * else the refusal to answer (access violation), and the transfer is over.
   */
  final Optional<Step> confine(String requested) {
    try {
      path = RequestPaths.normalize(config.remap().apply(requested));
      return Optional.empty();
    } catch (PathDeniedException e) {
      return Optional.of(refuse(ErrorCode.ACCESS_VIOLATION, e.getMessage(), Outcome.DENIED));
    }
  }

  /** The client gave up with an ERROR packet: the transfer ends and nothing is answered. */
  final Step endByClient(ErrorPacket err) {
    return end(
        Outcome.ABORTED_BY_CLIENT,
        "client sent error " + err.code() + ": " + printable(err.message()),
        List.of());
  }

  /**
   * The deadline has passed with nothing from the client: once {@code maxRetries} are spent the
   * transfer ends as {@code TIMED_OUT} (that step is returned); else one more retry is counted, the
   * next deadline is set and the caller retransmits (empty).
   *
   * @param awaited what the client did not send, for the record ("ACK for DATA block 3")
   */
  final Optional<Step> giveUpOrRetry(String awaited, long nowNanos) {
    if (retries >= config.maxRetries()) {
      return Optional.of(
          end(
              Outcome.TIMED_OUT,
              "no " + awaited + " after " + retries + " retransmissions",
              List.of()));
    }
    retries++;
    deadline = nowNanos + timeoutNanos;
    return Optional.empty();
  }

  /** Ends the transfer with an ERROR packet whose message is also the record's detail. */
  final Step refuse(ErrorCode code, String message, Outcome outcome) {
    return refuse(code, message, outcome, message);
  }

  /**
   * Ends the transfer with an ERROR packet: {@code message} is what the client is told, {@code
   * detail} what the record and log keep.
   */
  final Step refuse(ErrorCode code, String message, Outcome outcome, String detail) {
    return end(outcome, detail, List.of(ErrorPacket.of(code, message)));
  }

  /** Names and messages come off the wire: keep control characters out of logs and records. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c == 0x7F ? '?' : c);
    }
    return b.toString();
  }
}
