package dev.lui.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RealToolsTest {
  @Test
  void aMissingRequirementSkipsOnADevelopersMachine() {
    assertThatThrownBy(
            () ->
                RealTools.unavailable(
                    false, "dhcpd is not installed (Debian package isc-dhcp-server)"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("Assumption failed: dhcpd is not installed (Debian package isc-dhcp-server)");
  }

  @Test
  void aMissingRequirementFailsWhenRealToolsAreRequiredNamingThePackage() {
    assertThatThrownBy(
            () ->
                RealTools.unavailable(
                    true, "dhcpd is not installed (Debian package isc-dhcp-server)"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageStartingWith("dhcpd is not installed (Debian package isc-dhcp-server); ")
        .hasMessageContaining("LUI_REQUIRE_REAL_TOOLS=1");
  }

  @Test
  void aProgramMissingHereIsNamedWithItsPackage() {
    // fdisk's sfdisk at a path where it is not: skipped or failed, in either case naming "fdisk".
    assertThatThrownBy(() -> RealTools.program(Path.of("/nonexistent/sfdisk")))
        .satisfiesAnyOf(
            e -> assertThat(e).isInstanceOf(TestAbortedException.class),
            e -> assertThat(e).isInstanceOf(AssertionFailedError.class))
        .hasMessageContaining("/nonexistent/sfdisk is not installed (Debian package fdisk)");
  }

  @Test
  void aProgramTheTableDoesNotKnowIsAMistakeInTheTestNotASkip() {
    assertThatThrownBy(() -> RealTools.program("no-such-program-lui"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no-such-program-lui' is not in dev.lui.testkit.DebianPackages");
  }

  @Test
  void findsProgramsOnThePathAndNotWhatIsNotThere() {
    assertThat(RealTools.find("sh")).isPresent();
    assertThat(RealTools.find("no-such-program-lui")).isEmpty();
  }

  @Test
  void aCapabilityThatIsThereLetsTheTestRun() {
    RealTools.capability(true, "IPv6 loopback ::1");
  }
}
