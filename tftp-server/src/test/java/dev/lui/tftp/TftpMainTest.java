package dev.lui.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TftpMainTest {
  @TempDir Path root;

  @Test
  void parsesAllFlags() throws Exception {
    TftpMain.Options o =
        TftpMain.parse(
            new String[] {
              "--root", root.toString(), "--listen", "127.0.0.1:1069", "--blksize-cap", "512"
            });
    assertThat(o)
        .isEqualTo(
            new TftpMain.Options(
                root, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1069), 512));
  }

  @Test
  void defaultsToLoopbackAnd1468() {
    TftpMain.Options o = TftpMain.parse(new String[] {"--root", root.toString()});
    assertThat(o.listen().getAddress().isLoopbackAddress()).isTrue();
    assertThat(o.blockSizeCap()).isEqualTo(1468);
  }

  @Test
  void parsesBracketedIpv6() throws Exception {
    assertThat(TftpMain.parseHostPort("[::1]:69"))
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 69));
  }

  @Test
  void rejectsBadArgumentsNamingThem() {
    assertThatThrownBy(() -> TftpMain.parse(new String[] {}))
        .hasMessageContaining("--root is required");
    assertThatThrownBy(() -> TftpMain.parse(new String[] {"--root"}))
        .hasMessageContaining("--root needs a value");
    assertThatThrownBy(() -> TftpMain.parse(new String[] {"--root", root.resolve("x").toString()}))
        .hasMessageContaining("not a directory");
    assertThatThrownBy(
            () -> TftpMain.parse(new String[] {"--root", root.toString(), "--blksize-cap", "7"}))
        .hasMessageContaining("--blksize-cap 7 is not in 8..65464");
    assertThatThrownBy(() -> TftpMain.parse(new String[] {"--root", root.toString(), "--bogus"}))
        .hasMessageContaining("'--bogus'");
    assertThatThrownBy(() -> TftpMain.parseHostPort("::1:69")).hasMessageContaining("[::1]:PORT");
    assertThatThrownBy(() -> TftpMain.parseHostPort("127.0.0.1:99999"))
        .hasMessageContaining("99999");
    assertThatThrownBy(() -> TftpMain.parseHostPort("127.0.0.1:x")).hasMessageContaining("'x'");
  }
}
