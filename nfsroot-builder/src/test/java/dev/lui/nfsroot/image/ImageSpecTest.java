package dev.lui.nfsroot.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageSpecTest {
  private static final Path JAR = Path.of("/opt/lui/lui-agent.jar");

  @Test
  void debianDefaultsAreAmd64FromTheDebianMirror() {
    ImageSpec s = ImageSpec.debian("bookworm", "bookworm", JAR);
    assertThat(s.distro()).isEqualTo("debian");
    assertThat(s.arch()).isEqualTo("amd64");
    assertThat(s.mirror()).isEqualTo("http://deb.debian.org/debian");
    assertThat(s.extraPackages()).isEmpty();
  }

  @Test
  void extraPackagesAreCopiedSoLaterChangesDoNotLeakIn() {
    List<String> extra = new ArrayList<>(List.of("less"));
    ImageSpec s = new ImageSpec("a", "debian", "bookworm", "amd64", "http://m/debian", extra, JAR);
    extra.add("vim");
    assertThat(s.extraPackages()).containsExactly("less");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "name|Bookworm|name \"Bookworm\" does not match [a-z0-9][a-z0-9._-]{0,63}",
        "name|a/b|name \"a/b\" does not match",
        "name|a..b|name \"a..b\" must not contain \"..\"",
        "name|-x|name \"-x\" does not match",
        "distro|fedora|distro \"fedora\" is not a distribution this builder knows (one of debian)",
        "suite|Bookworm|suite \"Bookworm\" does not match [a-z][a-z0-9-]{0,31}",
        "suite|bookworm main|suite \"bookworm main\" does not match",
        "arch|arm64|arch \"arm64\" is not a supported architecture (one of amd64)",
        "mirror|ftp://m/debian|mirror \"ftp://m/debian\" does not match an http:// or https:// URL",
        "mirror|http://m/deb ian|mirror \"http://m/deb ian\" does not match",
        "mirror|http://m/'x|mirror \"http://m/'x\" does not match",
        "extraPackages|Vim|extraPackages \"Vim\" does not match a Debian package name",
        "extraPackages|vim;rm|extraPackages \"vim;rm\" does not match",
        "agentJar|relative/lui-agent.jar|agentJar \"relative/lui-agent.jar\" must be an absolute"
            + " path to a .jar",
        "agentJar|/opt/lui/agent.zip|agentJar \"/opt/lui/agent.zip\" must be an absolute path to a"
            + " .jar",
      })
  void badValuesGetAOneLineErrorNamingFieldValueAndRule(
      String field, String value, String message) {
    String name = field.equals("name") ? value : "img";
    String distro = field.equals("distro") ? value : "debian";
    String suite = field.equals("suite") ? value : "bookworm";
    String arch = field.equals("arch") ? value : "amd64";
    String mirror = field.equals("mirror") ? value : "http://deb.debian.org/debian";
    List<String> extra = field.equals("extraPackages") ? List.of("less", value) : List.of();
    Path jar = field.equals("agentJar") ? Path.of(value) : JAR;
    assertThatThrownBy(() -> new ImageSpec(name, distro, suite, arch, mirror, extra, jar))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith(message)
        .hasMessageNotContaining("\n");
  }

  @Test
  void nameChecksTheSameRulesAlone() {
    assertThat(ImageSpec.name("bookworm-1.2_x")).isEqualTo("bookworm-1.2_x");
    assertThatThrownBy(() -> ImageSpec.name("."))
        .hasMessageStartingWith("name \".\" does not match");
    assertThatThrownBy(() -> ImageSpec.name("a\nb")).hasMessageContaining("\\u000a");
  }
}
