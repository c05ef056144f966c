package dev.lui.nfsroot.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NfsExportTest {
  private static final Path DIR = Path.of("/var/lib/lui/nfsroot/nodes/node01");

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.11", "10.0.0.0/24", "0.0.0.0/0", "255.255.255.255/32"})
  void acceptsIpv4AddressesAndNetworks(String client) {
    assertThat(NfsExport.readOnly(DIR, client).clients()).containsExactly(client);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "*",
        "10.0.0",
        "10.0.0.256",
        "10.0.0.1/33",
        "010.0.0.1",
        "10.0.0.1/",
        "host.example",
        "10.0.0.1(rw)",
        "10.0.0.1 10.0.0.2",
        "-10.0.0.1",
        "10.0.0.1/+8"
      })
  void refusesClientsThatAreNotPlainIpv4(String client) {
    assertThatThrownBy(() -> NfsExport.readOnly(DIR, client))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("export client");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"relative/dir", "/a/../b", "/a b", "/a\"b", "/a;b", "/a{b}", "/a(b)", "/a,b"})
  void refusesPathsThatNeedQuotingOrAreNotCanonical(String dir) {
    assertThatThrownBy(() -> NfsExport.readOnly(Path.of(dir), "10.0.0.11"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("export dir");
  }

  @Test
  void refusesNoClientsAndDuplicates() {
    assertThatThrownBy(() -> new NfsExport(DIR, List.of(), NfsExport.Access.RO))
        .hasMessageContaining("at least one client");
    assertThatThrownBy(
            () -> new NfsExport(DIR, List.of("10.0.0.1", "10.0.0.1"), NfsExport.Access.RO))
        .hasMessageContaining("twice");
  }
}
