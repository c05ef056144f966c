package dev.lui.tftp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.tftp.protocol.Packet.Ack;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.OptionAck;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import dev.lui.tftp.protocol.Packet.RequestOption;
import dev.lui.tftp.protocol.Packet.WriteRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketCodecTest {

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  private static byte[] request(int op, String... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(op);
    for (String f : fields) {
      out.writeBytes(f.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  private static Packet decode(byte[] b) throws MalformedPacketException {
    return PacketCodec.decode(b, b.length);
  }

  @Test
  void decodesReadRequestWithOptionsInOrder() throws Exception {
    Packet p = decode(request(1, "pxelinux.0", "OCTET", "tsize", "0", "BlkSize", "1468"));
    assertThat(p)
        .isEqualTo(
            new ReadRequest(
                "pxelinux.0",
                "OCTET",
                List.of(new RequestOption("tsize", "0"), new RequestOption("BlkSize", "1468"))));
    assertThat(((ReadRequest) p).option("blksize")).contains("1468");
  }

  @Test
  void decodesWriteRequest() throws Exception {
    assertThat(decode(request(2, "x", "octet"))).isInstanceOf(WriteRequest.class);
  }

  @Test
  void ignoresPaddingAndTruncatedTrailingOption() throws Exception {
    byte[] padded = request(1, "f", "octet", "blksize", "1024");
    byte[] withPad = new byte[padded.length + 3];
    System.arraycopy(padded, 0, withPad, 0, padded.length);
    ReadRequest r = (ReadRequest) decode(withPad);
    assertThat(r.options()).containsExactly(new RequestOption("blksize", "1024"));

    byte[] truncated = "\0\1f\0octet\0tsize\0".getBytes(StandardCharsets.US_ASCII);
    assertThat(((ReadRequest) decode(truncated)).options()).isEmpty();
  }

  @Test
  void decodesAckErrorAndBigData() throws Exception {
    assertThat(decode(bytes(0, 4, 0xFF, 0xFF))).isEqualTo(new Ack(65535));
    assertThat(decode(bytes(0, 5, 0, 8, 'n', 'o', 0))).isEqualTo(new ErrorPacket(8, "no"));
    assertThat(decode(bytes(0, 5, 0, 1))).isEqualTo(new ErrorPacket(1, ""));
    byte[] payload = new byte[1468];
    new Random(1).nextBytes(payload);
    ByteBuffer enc = PacketCodec.encode(new Data(7, payload));
    assertThat(enc.remaining()).isEqualTo(1472);
    assertThat(PacketCodec.decode(enc)).isEqualTo(new Data(7, payload));
  }

  @Test
  void encodesOackAsNameValuePairs() {
    ByteBuffer b =
        PacketCodec.encode(
            new OptionAck(
                List.of(new RequestOption("tsize", "123"), new RequestOption("blksize", "1468"))));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    assertThat(out)
        .isEqualTo("\0\6tsize\000123\0blksize\0001468\0".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void encodesErrorWithTerminatingNul() {
    ByteBuffer b = PacketCodec.encode(ErrorPacket.of(ErrorCode.FILE_NOT_FOUND, "nope"));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    assertThat(out).isEqualTo(bytes(0, 5, 0, 1, 'n', 'o', 'p', 'e', 0));
  }

  @Test
  void roundTripsEveryPacketKind() throws Exception {
    List<Packet> all =
        List.of(
            new ReadRequest("a/b", "netascii", List.of(new RequestOption("timeout", "3"))),
            new WriteRequest("w", "octet", List.of()),
            new Data(0, new byte[0]),
            new Ack(1),
            new ErrorPacket(4, "bad"),
            new OptionAck(List.of(new RequestOption("blksize", "8"))));
    for (Packet p : all) {
      assertThat(PacketCodec.decode(PacketCodec.encode(p))).isEqualTo(p);
    }
  }

  @Test
  void rejectsDatagramShorterThanOpcode() {
    assertThatThrownBy(() -> decode(new byte[0]))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("opcode");
    assertThatThrownBy(() -> decode(bytes(0)))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("1 bytes");
  }

  @Test
  void rejectsUnknownOpcodeIncludingNonZeroHighByte() {
    assertThatThrownBy(() -> decode(bytes(0, 9, 0, 0)))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("unknown opcode 9");
    assertThatThrownBy(() -> decode(bytes(1, 4, 0, 0)))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("unknown opcode 260");
  }

  @Test
  void rejectsRequestWithoutTerminators() {
    assertThatThrownBy(() -> decode("\0\1file".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("file name is not NUL-terminated");
    assertThatThrownBy(() -> decode("\0\1file\0octet".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("mode is not NUL-terminated");
    assertThatThrownBy(() -> decode("\0\1file\0\0".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("mode is empty");
  }

  @Test
  void rejectsFileNameThatIsNotUtf8() {
    assertThatThrownBy(() -> decode(bytes(0, 1, 0xC3, 0x28, 0, 'o', 'c', 't', 'e', 't', 0)))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void rejectsShortAckAndMalformedOack() {
    assertThatThrownBy(() -> decode(bytes(0, 4, 0))).isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> decode(bytes(0, 6)))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("no option");
    assertThatThrownBy(() -> decode(bytes(0, 6, 'a', 0, 'b')))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("not NUL-terminated");
  }

  @Test
  void randomGarbageOnlyEverRaisesTheTypedException() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(40)];
      random.nextBytes(b);
      if (b.length >= 2 && random.nextBoolean()) {
        b[0] = 0;
        b[1] = (byte) random.nextInt(8);
      }
      try {
        decode(b);
      } catch (MalformedPacketException expected) {
        // the only allowed failure
      }
    }
  }

  @Test
  void encodingIntoAReusedBufferGivesTheSameBytesAsAFreshOne() throws Exception {
    ByteBuffer reused = ByteBuffer.allocateDirect(PacketCodec.MAX_DATAGRAM + 1);
    byte[] payload = new byte[1468];
    new Random(9).nextBytes(payload);
    for (Packet p :
        List.<Packet>of(new Data(65535, payload), new Data(0, new byte[0]), new Ack(7))) {
      ByteBuffer fresh = PacketCodec.encode(p);
      ByteBuffer into = PacketCodec.encode(p, reused);
      assertThat(into).isSameAs(reused);
      assertThat(into).isEqualTo(fresh); // compares the remaining bytes
      assertThat(PacketCodec.decode(into)).isEqualTo(p);
    }
    // Other packets, or a buffer too small, get a fresh buffer.
    ErrorPacket err = ErrorPacket.of(ErrorCode.FILE_NOT_FOUND, "nope");
    assertThat(PacketCodec.encode(err, reused))
        .isNotSameAs(reused)
        .isEqualTo(PacketCodec.encode(err));
    ByteBuffer small = ByteBuffer.allocate(16);
    assertThat(PacketCodec.encode(new Data(1, payload), small)).isNotSameAs(small);
  }

  @Test
  void ackFastPathAgreesWithTheGeneralDecoder() throws Exception {
    for (int block : new int[] {0, 1, 255, 256, 32767, 32768, 65535}) {
      byte[] wire = {0, 4, (byte) (block >> 8), (byte) block};
      ByteBuffer direct = ByteBuffer.allocateDirect(8).put(wire).flip();
      assertThat(PacketCodec.decode(direct)).isEqualTo(new Ack(block));
      assertThat(PacketCodec.decode(wire, wire.length)).isEqualTo(new Ack(block));
      assertThat(direct.position()).isZero(); // position not moved
    }
  }
}
