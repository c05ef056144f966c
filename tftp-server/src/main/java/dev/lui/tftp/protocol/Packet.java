package dev.lui.tftp.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A decoded TFTP packet. Produced only by {@link PacketCodec#decode}, so every value is valid. */
public sealed interface Packet {

  /** RRQ or WRQ: the only packets that open a transfer. */
  sealed interface Request extends Packet {
    String filename();

    /** The mode exactly as the client spelled it; compare case-insensitively. */
    String mode();

    /** Options in the order the client sent them (RFC 2347), names as sent. */
    List<RequestOption> options();

    /** The first option with this name, compared case-insensitively. */
    default Optional<String> option(String name) {
      return options().stream()
          .filter(o -> o.name().equalsIgnoreCase(name))
          .map(RequestOption::value)
          .findFirst();
    }
  }

  /** A name/value pair from a request or an OACK. */
  record RequestOption(String name, String value) {
    public RequestOption {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  record ReadRequest(String filename, String mode, List<RequestOption> options) implements Request {
    public ReadRequest {
      Objects.requireNonNull(filename, "filename");
      Objects.requireNonNull(mode, "mode");
      options = List.copyOf(options);
    }
  }

  record WriteRequest(String filename, String mode, List<RequestOption> options)
      implements Request {
    public WriteRequest {
      Objects.requireNonNull(filename, "filename");
      Objects.requireNonNull(mode, "mode");
      options = List.copyOf(options);
    }
  }

  /**
   * DATA; {@code block} is the 16-bit wire number (0..65535). The array is taken over, not copied
   * (one copy less per block on the send path): callers pass a fresh array and never change it
   * afterwards. {@link #payload()} hands out a copy, so the record stays immutable to its readers.
   */
  record Data(int block, byte[] payload) implements Packet {
    public Data {
      checkBlock(block);
      Objects.requireNonNull(payload, "payload");
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }

    public int length() {
      return payload.length;
    }

    /** No copy, for the codec only: callers outside this package get {@link #payload()}. */
    byte[] payloadView() {
      return payload;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data d && d.block == block && Arrays.equals(d.payload, payload);
    }

    @Override
    public int hashCode() {
      return 31 * block + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "Data[block=" + block + ", length=" + payload.length + "]";
    }
  }

  record Ack(int block) implements Packet {
    public Ack {
      checkBlock(block);
    }
  }

  record ErrorPacket(int code, String message) implements Packet {
    public ErrorPacket {
      if (code < 0 || code > 0xFFFF) {
        throw new IllegalArgumentException("error code " + code + " is not in 0..65535");
      }
      Objects.requireNonNull(message, "message");
    }

    public static ErrorPacket of(ErrorCode code, String message) {
      return new ErrorPacket(code.code(), message);
    }

    /** The standard code, if it is one of RFC 1350/2347's. */
    public Optional<ErrorCode> knownCode() {
      return ErrorCode.fromCode(code);
    }
  }

  /** RFC 2347 option acknowledgement. */
  record OptionAck(List<RequestOption> options) implements Packet {
    public OptionAck {
      options = List.copyOf(options);
      if (options.isEmpty()) {
        throw new IllegalArgumentException("an OACK must carry at least one option");
      }
    }
  }

  private static void checkBlock(int block) {
    if (block < 0 || block > 0xFFFF) {
      throw new IllegalArgumentException("block number " + block + " is not in 0..65535");
    }
  }
}
