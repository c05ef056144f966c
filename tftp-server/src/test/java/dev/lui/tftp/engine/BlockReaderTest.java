package dev.lui.tftp.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.tftp.TftpResource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockReaderTest {

  /** Serves {@code bytes} at most {@code chunk} bytes per read, and records the positions read. */
  private static final class Dribble implements TftpResource {
    final byte[] bytes;
    final int chunk;
    final boolean zeroAtEnd;
    final List<Long> positions = new ArrayList<>();

    Dribble(String text, int chunk, boolean zeroAtEnd) {
      this.bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      this.chunk = chunk;
      this.zeroAtEnd = zeroAtEnd;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public int read(long position, ByteBuffer dst) {
      positions.add(position);
      if (position >= bytes.length) {
        return zeroAtEnd ? 0 : -1;
      }
      int n = (int) Math.min(Math.min(chunk, dst.remaining()), bytes.length - position);
      dst.put(bytes, (int) position, n);
      return n;
    }

    @Override
    public void close() {}
  }

  private static String block(BlockReader r, int size) throws IOException {
    byte[] b = new byte[size];
    int n = r.fill(ByteBuffer.wrap(b));
    return new String(Arrays.copyOf(b, n), StandardCharsets.ISO_8859_1);
  }

  @Test
  void octetFillsBlocksFromShortReadsWithoutReadingAnythingTwice() throws IOException {
    Dribble file = new Dribble("abcdefghij", 3, false);
    BlockReader r = BlockReader.of(TransferMode.OCTET, file);

    assertThat(block(r, 4)).isEqualTo("abcd");
    assertThat(block(r, 4)).isEqualTo("efgh");
    assertThat(block(r, 4)).isEqualTo("ij");
    assertThat(block(r, 4)).isEmpty();
    assertThat(file.positions).containsExactly(0L, 3L, 4L, 7L, 8L, 10L, 10L);
  }

  @Test
  void aReadOfZeroBytesEndsTheFileInsteadOfSpinning() throws IOException {
    BlockReader octet = BlockReader.of(TransferMode.OCTET, new Dribble("abc", 8, true));
    BlockReader netascii = BlockReader.of(TransferMode.NETASCII, new Dribble("a\n", 8, true));

    assertThat(block(octet, 8)).isEqualTo("abc");
    assertThat(block(netascii, 8)).isEqualTo("a\r\n");
  }

  @Test
  void netasciiKeepsThePairsSecondByteForTheNextBlock() throws IOException {
    BlockReader r = BlockReader.of(TransferMode.NETASCII, new Dribble("a\nb\rc", 2, false));

    assertThat(block(r, 2)).isEqualTo("a\r");
    assertThat(block(r, 2)).isEqualTo("\nb");
    assertThat(block(r, 2)).isEqualTo("\r\0");
    assertThat(block(r, 2)).isEqualTo("c");
  }
}
