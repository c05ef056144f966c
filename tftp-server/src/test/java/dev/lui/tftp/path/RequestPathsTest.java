package dev.lui.tftp.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestPathsTest {

  @Test
  void mapsBackslashesToSlashes() throws Exception {
    assertThat(RequestPaths.normalize("boot\\grub\\grub.cfg")).isEqualTo("boot/grub/grub.cfg");
  }

  @Test
  void stripsLeadingSlashes() throws Exception {
    assertThat(RequestPaths.normalize("/pxelinux.0")).isEqualTo("pxelinux.0");
    assertThat(RequestPaths.normalize("\\\\/efi/boot.efi")).isEqualTo("efi/boot.efi");
  }

  @Test
  void collapsesEmptyAndDotComponents() throws Exception {
    assertThat(RequestPaths.normalize("./pxelinux.cfg//01-52-54-00-00-00-01"))
        .isEqualTo("pxelinux.cfg/01-52-54-00-00-00-01");
  }

  @Test
  void keepsDotsInsideNames() throws Exception {
    assertThat(RequestPaths.normalize("a..b/...")).isEqualTo("a..b/...");
  }

  @Test
  void refusesDotDotComponent() {
    assertThatThrownBy(() -> RequestPaths.normalize("../etc/passwd"))
        .isInstanceOf(PathDeniedException.class)
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> RequestPaths.normalize("a/../../b"))
        .isInstanceOf(PathDeniedException.class);
  }

  @Test
  void refusesDotDotWrittenWithBackslashes() {
    assertThatThrownBy(() -> RequestPaths.normalize("..\\..\\etc\\shadow"))
        .isInstanceOf(PathDeniedException.class);
  }

  @Test
  void refusesNul() {
    assertThatThrownBy(() -> RequestPaths.normalize("a\0b"))
        .isInstanceOf(PathDeniedException.class)
        .hasMessageContaining("NUL")
        .hasMessageContaining("a\\x00b");
  }

  @Test
  void refusesEmptyName() {
    assertThatThrownBy(() -> RequestPaths.normalize("")).isInstanceOf(PathDeniedException.class);
    assertThatThrownBy(() -> RequestPaths.normalize("/./"))
        .isInstanceOf(PathDeniedException.class)
        .hasMessageContaining("names no file");
  }
}
