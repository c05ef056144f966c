package dev.lui.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import org.junit.jupiter.api.Test;

class BootFilesTest {
  @Test
  void defaultsHaveNoFirmwareSpecialCase() {
    assertThat(BootFiles.defaults().firmwareAware()).isFalse();
    DhcpHost h = TestHosts.node("n1", "52:54:00:12:34:56", "10.0.0.5");
    assertThat(BootFiles.defaults().biosFor(h)).isEqualTo("pxelinux.0");
    assertThat(BootFiles.defaults().withBios("lpxelinux.0").biosFor(h)).isEqualTo("lpxelinux.0");
  }

  @Test
  void anyUefiOrIpxeEntryMakesItFirmwareAware() {
    assertThat(BootFiles.defaults().withUefiX64("grubx64.efi").firmwareAware()).isTrue();
    assertThat(BootFiles.defaults().withIpxeScriptUrl("http://10.0.0.2/b.ipxe").firmwareAware())
        .isTrue();
    assertThat(BootFiles.defaults().withBios("x.0").firmwareAware()).isFalse();
  }

  @Test
  void refusesUrlWithoutSchemeNamingTheField() {
    assertThatThrownBy(() -> BootFiles.defaults().withHttpBootUrl("10.0.0.2/boot.efi"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "httpBootUrl '10.0.0.2/boot.efi' is invalid: must be an http:// or https:// URL with a"
                + " host");
  }

  @Test
  void refusesQuoteInjectionInAFileName() {
    assertThatThrownBy(() -> BootFiles.defaults().withUefiArm64("a\";\nfilename \"x"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("uefiArm64 'a\";\\x0afilename \"x' is invalid");
  }
}
