package dev.lui.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebianPackagesTest {
  @Test
  void ciInstallsEveryPackageTheTableNames() throws Exception {
    assertThat(ciPackages()).containsAll(DebianPackages.all());
  }

  @Test
  void namesThePackageOfAProgram() {
    assertThat(DebianPackages.of("dhcpd")).isEqualTo("isc-dhcp-server");
    assertThat(DebianPackages.of("losetup")).isEqualTo("mount");
  }

  /** The words of the {@code packages=( ... )} array of .ci/run, comments left out. */
  static List<String> ciPackages() throws Exception {
    Path run = Path.of(System.getProperty("user.dir")).getParent().resolve(".ci/run");
    List<String> packages = new ArrayList<>();
    boolean inside = false;
    for (String line : Files.readAllLines(run)) {
      String code = line.replaceFirst("#.*", "").trim();
      if (code.startsWith("packages=(")) {
        inside = true;
        code = code.substring("packages=(".length());
      }
      if (!inside) {
        continue;
      }
      boolean last = code.contains(")");
      for (String word : code.replace(")", " ").trim().split("\\s+")) {
        if (!word.isEmpty()) {
          packages.add(word);
        }
      }
      if (last) {
        break;
      }
    }
    assertThat(packages).as(".ci/run's packages").contains("openjdk-17-jdk-headless");
    return packages;
  }
}
