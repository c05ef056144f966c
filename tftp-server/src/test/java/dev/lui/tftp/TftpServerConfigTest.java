package dev.lui.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.tftp.server.TftpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TftpServerConfigTest {
  private static final InetSocketAddress LO = new InetSocketAddress("127.0.0.1", 0);

  @Test
  void defaultsCapBlocksAt1468() {
    TftpServerConfig c = TftpServerConfig.defaults(LO);
    assertThat(c.maxBlockSize()).isEqualTo(1468);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.maxRetries()).isEqualTo(5);
  }

  @Test
  void rejectsBlockSizeCapOutsideRfc2348Range() {
    assertThatThrownBy(() -> TftpServerConfig.defaults(LO).withMaxBlockSize(7))
        .hasMessageContaining("maxBlockSize 7")
        .hasMessageContaining("8..65464");
    assertThatThrownBy(() -> TftpServerConfig.defaults(LO).withMaxBlockSize(65465))
        .hasMessageContaining("65465");
  }

  @Test
  void rejectsNonPositiveTimeoutAndNegativeRetries() {
    assertThatThrownBy(() -> TftpServerConfig.defaults(LO).withTimeout(Duration.ZERO))
        .hasMessageContaining("timeout PT0S");
    assertThatThrownBy(() -> TftpServerConfig.defaults(LO).withMaxRetries(-1))
        .hasMessageContaining("maxRetries -1");
  }

  @Test
  void admissionGivesNeverAcknowledgedTransfersOneSecondUnderPressureByDefault() {
    TftpServerConfig.Admission a = TftpServerConfig.defaults(LO).admission();
    assertThat(a.stallGrace()).isEqualTo(Duration.ofSeconds(1));
    assertThat(a.withStallGrace(Duration.ZERO).stallGrace()).isZero();
    assertThat(a.withMaxBytesPerSecond(5).stallGrace()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void rejectsNegativeStallGrace() {
    assertThatThrownBy(
            () -> TftpServerConfig.Admission.DEFAULTS.withStallGrace(Duration.ofMillis(-1)))
        .hasMessageContaining("stallGrace PT-0.001S must not be negative");
  }

  @Test
  void refusesUnresolvedBindAddressAtStart() {
    assertThatThrownBy(
            () ->
                TftpServer.start(
                    TftpServerConfig.defaults(InetSocketAddress.createUnresolved("nowhere", 0)),
                    p -> java.util.Optional.empty(),
                    TransferListener.NONE))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("unresolved");
  }
}
