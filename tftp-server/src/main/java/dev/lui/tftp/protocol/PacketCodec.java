package dev.lui.tftp.protocol;

import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.OptionAck;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import dev.lui.tftp.protocol.Packet.Request;
import dev.lui.tftp.protocol.Packet.RequestOption;
import dev.lui.tftp.protocol.Packet.WriteRequest;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.net.tftp.TFTPAckPacket;
import org.apache.commons.net.tftp.TFTPDataPacket;
import org.apache.commons.net.tftp.TFTPErrorPacket;
import org.apache.commons.net.tftp.TFTPPacket;
import org.apache.commons.net.tftp.TFTPPacketException;

/**
 * The one place where bytes become packets and back. Requests and OACKs are parsed here because
 * Commons Net knows neither options nor OACK; DATA, ACK and ERROR are parsed by Commons Net's
 * {@link TFTPPacket}. Encoding is ours throughout: Commons Net's buffers are sized for 512-byte
 * blocks.
 */
public final class PacketCodec {
  public static final int OP_RRQ = 1;
  public static final int OP_WRQ = 2;
  public static final int OP_DATA = 3;
  public static final int OP_ACK = 4;
  public static final int OP_ERROR = 5;
  public static final int OP_OACK = 6;

  /** Largest UDP payload over IPv4; nothing valid is bigger. */
  public static final int MAX_DATAGRAM = 65507;

  private PacketCodec() {}

  /** Decodes the remaining bytes of {@code datagram} (its position is not moved). */
  public static Packet decode(ByteBuffer datagram) throws MalformedPacketException {
    int at = datagram.position();
    if (datagram.remaining() == 4 && datagram.getShort(at) == OP_ACK) {
      // The hot path of every read transfer: no copy, no Commons Net objects.
      return new Ack(datagram.getShort(at + 2) & 0xFFFF);
    }
    ByteBuffer view = datagram.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return decode(bytes, bytes.length);
  }

  /** Decodes {@code bytes[0..length)}. Any malformation is reported as the one typed exception. */
  public static Packet decode(byte[] bytes, int length) throws MalformedPacketException {
    if (length < 2) {
      throw new MalformedPacketException("shorter than a 2-byte opcode", length);
    }
    int opcode = (bytes[0] & 0xFF) << 8 | (bytes[1] & 0xFF);
    try {
      switch (opcode) {
        case OP_RRQ:
        case OP_WRQ:
          return decodeRequest(opcode, bytes, length);
        case OP_OACK:
          return new OptionAck(decodeOptions(bytes, 2, length, true));
        case OP_ERROR:
          if (length == 4) {
            // Commons Net insists on a message; some clients send none. Still an ERROR.
            return new ErrorPacket(u16(bytes, 2), "");
          }
          return viaCommonsNet(bytes, length);
        case OP_DATA:
        case OP_ACK:
          return viaCommonsNet(bytes, length);
        default:
          throw new MalformedPacketException("unknown opcode " + opcode, length);
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      // A library or record check tripped over the bytes: still just a malformed datagram.
      throw new MalformedPacketException(
          "opcode " + opcode + " packet is invalid: " + e.getMessage(), length, e);
    }
  }

  private static Packet viaCommonsNet(byte[] bytes, int length) throws MalformedPacketException {
    TFTPPacket p;
    try {
      p = TFTPPacket.newTFTPPacket(new DatagramPacket(bytes, 0, length));
    } catch (TFTPPacketException e) {
      throw new MalformedPacketException(e.getMessage(), length, e);
    }
    if (p instanceof TFTPAckPacket ack) {
      return new Ack(ack.getBlockNumber());
    }
    if (p instanceof TFTPErrorPacket err) {
      return new ErrorPacket(err.getError(), err.getMessage());
    }
    if (p instanceof TFTPDataPacket data) {
      // Commons Net caps DATA at 512 bytes; re-slice from our buffer so big blocks survive.
      byte[] payload = new byte[length - 4];
      System.arraycopy(bytes, 4, payload, 0, payload.length);
      return new Data(data.getBlockNumber(), payload);
    }
    throw new MalformedPacketException("unexpected packet type " + p.getType(), length);
  }

  private static Request decodeRequest(int opcode, byte[] bytes, int length)
      throws MalformedPacketException {
    int end = indexOfNul(bytes, 2, length);
    if (end < 0) {
      throw new MalformedPacketException("request file name is not NUL-terminated", length);
    }
    String filename = utf8(bytes, 2, end, length);
    int modeStart = end + 1;
    int modeEnd = indexOfNul(bytes, modeStart, length);
    if (modeEnd < 0) {
      throw new MalformedPacketException("request mode is not NUL-terminated", length);
    }
    String mode = new String(bytes, modeStart, modeEnd - modeStart, StandardCharsets.US_ASCII);
    if (mode.isEmpty()) {
      throw new MalformedPacketException("request mode is empty", length);
    }
    List<RequestOption> options = decodeOptions(bytes, modeEnd + 1, length, false);
    return opcode == OP_RRQ
        ? new ReadRequest(filename, mode, options)
        : new WriteRequest(filename, mode, options);
  }

  /**
   * Name/value pairs. In requests we are lenient (RFC 2347 clients in PXE ROMs pad or truncate): an
   * empty name or an unterminated trailing pair ends the list. In an OACK we are strict.
   */
  private static List<RequestOption> decodeOptions(
      byte[] bytes, int from, int length, boolean strict) throws MalformedPacketException {
    List<RequestOption> options = new ArrayList<>();
    int i = from;
    while (i < length) {
      int nameEnd = indexOfNul(bytes, i, length);
      if (nameEnd < 0 || nameEnd == i) {
        if (strict) {
          throw new MalformedPacketException("option name at offset " + i + " is invalid", length);
        }
        break;
      }
      int valueEnd = indexOfNul(bytes, nameEnd + 1, length);
      if (valueEnd < 0) {
        if (strict) {
          throw new MalformedPacketException(
              "option value at offset " + (nameEnd + 1) + " is not NUL-terminated", length);
        }
        break;
      }
      options.add(
          new RequestOption(latin1(bytes, i, nameEnd), latin1(bytes, nameEnd + 1, valueEnd)));
      i = valueEnd + 1;
    }
    if (strict && options.isEmpty()) {
      throw new MalformedPacketException("OACK carries no option", length);
    }
    return options;
  }

  /**
   * Encodes DATA or ACK into {@code dst} (cleared first; flipped, ready to send) and returns it, or
   * returns a fresh buffer from {@link #encode} for other packets or when {@code dst} is too small.
   * Lets the transport reuse one direct buffer instead of a heap buffer per packet (which the JDK
   * would copy into a direct one anyway).
   */
  public static ByteBuffer encode(Packet packet, ByteBuffer dst) {
    if (packet instanceof Data d && dst.capacity() >= 4 + d.length()) {
      dst.clear();
      dst.putShort((short) OP_DATA).putShort((short) d.block()).put(d.payloadView());
      return dst.flip();
    }
    if (packet instanceof Ack a && dst.capacity() >= 4) {
      dst.clear();
      return dst.putShort((short) OP_ACK).putShort((short) a.block()).flip();
    }
    return encode(packet);
  }

  /** Encodes a packet into a fresh buffer ready to send (position 0, limit = length). */
  public static ByteBuffer encode(Packet packet) {
    if (packet instanceof Data d) {
      byte[] payload = d.payloadView();
      ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
      b.putShort((short) OP_DATA).putShort((short) d.block()).put(payload);
      return b.flip();
    }
    if (packet instanceof Ack a) {
      return ByteBuffer.allocate(4).putShort((short) OP_ACK).putShort((short) a.block()).flip();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (packet instanceof ErrorPacket e) {
      u16(out, OP_ERROR);
      u16(out, e.code());
      cstring(out, e.message().getBytes(StandardCharsets.US_ASCII));
    } else if (packet instanceof OptionAck o) {
      u16(out, OP_OACK);
      options(out, o.options());
    } else if (packet instanceof Request r) {
      u16(out, r instanceof ReadRequest ? OP_RRQ : OP_WRQ);
      cstring(out, r.filename().getBytes(StandardCharsets.UTF_8));
      cstring(out, r.mode().getBytes(StandardCharsets.US_ASCII));
      options(out, r.options());
    } else {
      throw new IllegalArgumentException("cannot encode " + packet);
    }
    return ByteBuffer.wrap(out.toByteArray());
  }

  private static void options(ByteArrayOutputStream out, List<RequestOption> options) {
    for (RequestOption o : options) {
      cstring(out, o.name().getBytes(StandardCharsets.ISO_8859_1));
      cstring(out, o.value().getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static void cstring(ByteArrayOutputStream out, byte[] s) {
    out.write(s, 0, s.length);
    out.write(0);
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  private static int indexOfNul(byte[] b, int from, int length) {
    for (int i = from; i < length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String latin1(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static String utf8(byte[] b, int from, int to, int length)
      throws MalformedPacketException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedPacketException("request file name is not valid UTF-8", length, e);
    }
  }
}
