package dev.lui.dhcp;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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

  public static Path kea() {
    return require(DhcpTarget.KEA_DHCP4, "kea-dhcp4-server");
  }

  public static Path dnsmasq() {
    return require(DhcpTarget.DNSMASQ, "dnsmasq-base");
  }

  /** Root (for network namespaces): skipped as non-root, a failure when tools are required. */
  public static void root() {
    boolean isRoot;
    try {
      isRoot =
          Files.readAllLines(Path.of("/proc/self/status")).stream()
              .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    } catch (IOException e) {
      isRoot = false;
    }
    if (!isRoot && "1".equals(System.getenv("LUI_REQUIRE_REAL_TOOLS"))) {
      fail("root is required (LUI_REQUIRE_REAL_TOOLS=1) for network namespaces");
    }
    assumeTrue(isRoot, "not root: network namespaces need root");
  }
}
