package dev.lui.tftp.engine;

import dev.lui.tftp.engine.ReadTransfer.Step;
import dev.lui.tftp.protocol.Packet;
import dev.lui.tftp.protocol.Packet.Request;
import dev.lui.tftp.protocol.Packet.RequestOption;
import java.util.List;
import java.util.OptionalLong;

/**
 * One transfer as a socketless state machine: {@link ReadTransfer} or {@link WriteTransfer} (both
 * through {@link TransferBase}, which holds their common abort/abandon).
 */
public sealed interface Transfer permits TransferBase {
  Step start(Request request, long nowNanos);

  Step onPacket(Packet packet, long nowNanos);

  Step onTick(long nowNanos);

  Step abort(String reason);

  Step abandon(String reason);

  OptionalLong deadline();

  boolean isDone();

  boolean awaitingFirstAck();

  String path();

  List<RequestOption> negotiatedOptions();
}
