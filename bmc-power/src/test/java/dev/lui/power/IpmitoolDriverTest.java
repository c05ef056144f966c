package dev.lui.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpmitoolDriverTest {
  private final BmcAddress bmc = BmcAddress.parse("ipmi://admin@[fd00::5]:6230");

  @Test
  void buildsAnArgumentArrayWithoutThePassword() {
    IpmitoolDriver d = new IpmitoolDriver(IpmitoolDriver.Options.defaults().withCipherSuite(3));
    assertThat(d.argv(bmc, List.of("chassis", "power", "status")))
        .containsExactly(
            "ipmitool",
            "-I",
            "lanplus",
            "-H",
            "fd00::5",
            "-p",
            "6230",
            "-U",
            "admin",
            "-E",
            "-N",
            "2",
            "-R",
            "2",
            "-C",
            "3",
            "-v",
            "chassis",
            "power",
            "status")
        .doesNotContain("-P");
  }

  @Test
  void boundsTheTimeOnAnUnreachableBmc() {
    assertThat(IpmitoolDriver.Options.defaults().unreachableAfter()).hasSeconds(10);
    assertThat(IpmitoolDriver.Options.defaults().withTimeouts(1, 2).unreachableAfter())
        .hasSeconds(6);
    assertThat(IpmitoolDriver.Options.defaults().withTimeouts(1, 1).deadline()).hasSeconds(22);
    assertThatThrownBy(() -> IpmitoolDriver.Options.defaults().withDeadline(Duration.ofSeconds(10)))
        .hasMessageContaining("must be longer than the 10 s");
    assertThatThrownBy(() -> IpmitoolDriver.Options.defaults().withTimeouts(0, 1))
        .hasMessageContaining("-N");
    assertThatThrownBy(() -> IpmitoolDriver.Options.defaults().withTimeouts(1, 0))
        .hasMessageContaining("-R");
  }

  @Test
  void mapsIpmitoolsStderrToOneLine() {
    assertThat(IpmitoolDriver.classify(bmc, List.of("> RAKP 2 HMAC is invalid"), 1))
        .hasValueSatisfying(
            e -> {
              assertThat(e.failure()).isEqualTo(BmcFailure.REFUSED);
              assertThat(e.getMessage())
                  .isEqualTo("BMC refused the user or password (user admin at [fd00::5]:6230)");
            });
    assertThat(
            IpmitoolDriver.classify(
                bmc, List.of("RAKP 2 message indicates an error : unauthorized name"), 1))
        .hasValueSatisfying(e -> assertThat(e.failure()).isEqualTo(BmcFailure.REFUSED));
    assertThat(
            IpmitoolDriver.classify(
                bmc,
                List.of(
                    "Get Auth Capabilities error",
                    "Error issuing Get Channel Authentication Capabilities request"),
                6))
        .hasValueSatisfying(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("no answer from BMC [fd00::5]:6230 after 6 s"));
    assertThat(
            IpmitoolDriver.classify(
                BmcAddress.parse("ipmi://a@no-such.invalid"),
                List.of("Address lookup for no-such.invalid failed", "Could not open socket!"),
                1))
        .hasValueSatisfying(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("BMC host name no-such.invalid does not resolve"));
    assertThat(IpmitoolDriver.classify(bmc, List.of("Loading IANA PEN Registry..."), 1)).isEmpty();
  }

  @Test
  void aMissingIpmitoolIsOneClearLine() {
    IpmitoolDriver d =
        new IpmitoolDriver(IpmitoolDriver.Options.defaults().withProgram("/nonexistent/ipmitool"));
    assertThatThrownBy(() -> d.status(bmc, BmcPassword.of("pw")))
        .isInstanceOfSatisfying(
            BmcException.class, e -> assertThat(e.failure()).isEqualTo(BmcFailure.NO_TOOL))
        .hasMessageStartingWith("cannot run /nonexistent/ipmitool (Debian package ipmitool)")
        .hasMessageNotContaining("\n");
  }
}
