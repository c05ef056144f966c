package dev.lui.dhcp;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gate for tests that need an installed program: skipped where it is missing, but a failure when
 * LUI_REQUIRE_REAL_TOOLS=1 (CI installs the packages, so missing there means a broken setup).
 */
public final class RealTools {
  private RealTools() {}

  public static Path require(Path program, String debianPackage) {
    boolean available = Files.isExecutable(program);
    if (!available && "1".equals(System.getenv("LUI_REQUIRE_REAL_TOOLS"))) {
      fail(program + " is required (LUI_REQUIRE_REAL_TOOLS=1): install " + debianPackage);
    }
    assumeTrue(available, program + " not installed (Debian package " + debianPackage + ")");
    return program;
  }

  public static Path dhcpd() {
    return require(DhcpTarget.DHCPD, "isc-dhcp-server");
  }
}
