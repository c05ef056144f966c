package dev.lui.tftp.engine;

import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.engine.ReadTransfer.Step;
import dev.lui.tftp.protocol.ErrorCode;
import dev.lui.tftp.protocol.Packet;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import java.util.List;

/** What reads and writes end alike: the outside ways to stop a transfer, written once. */
abstract sealed class TransferBase implements Transfer permits ReadTransfer, WriteTransfer {

  /** Ends the transfer from outside (server shutdown, a socket error); tells the client. */
  @Override
  public final Step abort(String reason) {
    if (isDone()) {
      return Step.NOTHING;
    }
    return end(Outcome.FAILED, reason, List.of(ErrorPacket.of(ErrorCode.NOT_DEFINED, reason)));
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

  /** Moves to the final state, releases what the transfer holds, and sends {@code send}. */
  abstract Step end(Outcome outcome, String detail, List<Packet> send);
}
