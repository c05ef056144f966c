package dev.lui.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.LuiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsFileTest {
  @Test
  void anUnknownKeyIsRefusedNamingTheNearestKnownOne() {
    assertThatThrownBy(() -> SettingsFile.parse("lui.yaml", "htp: 0.0.0.0:80\n"))
        .isInstanceOf(LuiException.class)
        .hasMessageStartingWith("lui.yaml 'htp': unknown setting; did you mean 'http'?");
    assertThatThrownBy(() -> SettingsFile.parse("lui.yaml", "no-dhcp-validate: true\n"))
        .hasMessageContaining("did you mean 'dhcp-validate'?");
    assertThatThrownBy(() -> SettingsFile.parse("lui.yaml", "dhcp-files: {}\n"))
        .hasMessageContaining("did you mean 'dhcp-file'?");
  }

  @Test
  void anUnknownKeyOfABackendsSettingsNamesTheKnownOnes() {
    assertThatThrownBy(
            () ->
                SettingsFile.parse("lui.yaml", "dhcp-backend-settings: {kea: {reloads: [true]}}\n"))
        .hasMessage("dhcp-backend-settings.kea 'reloads': one of file, reload, validate");
  }

  @Test
  void aBackendsCheckWithoutItsPlaceholderIsRefusedByItsRule() {
    assertThatThrownBy(
            () ->
                SettingsFile.parse(
                    "lui.yaml", "dhcp-backend-settings: {kea: {validate: [kea-dhcp4, -t]}}\n"))
        .hasMessageContaining("dhcp-backend-settings validate 'kea-dhcp4 -t'");
  }

  @Test
  void aValueOfTheWrongTypeNamesItsKeyAndForm() {
    assertThatThrownBy(() -> SettingsFile.parse("lui.yaml", "dhcp-validate: maybe\n"))
        .hasMessage("lui.yaml: dhcp-validate 'maybe': write true or false (see docs/settings.md)");
    assertThatThrownBy(() -> SettingsFile.parse("lui.yaml", "http: {host: x}\n"))
        .hasMessageStartingWith("lui.yaml: http '{\"host\":\"x\"}': write HOST:PORT");
  }

  @Test
  void aFileThatIsNotAMappingIsRefused() {
    assertThatThrownBy(() -> SettingsFile.parse("lui.yaml", "- http\n"))
        .hasMessageContaining("a YAML mapping of settings");
  }

  @Test
  void commentsOnlyAndNullsAreNothingSet() {
    assertThat(SettingsFile.parse("lui.yaml", "# nothing\n")).isEqualTo(SettingsTable.EMPTY);
    assertThat(SettingsFile.parse("lui.yaml", "http:\nkernel-arg:\n"))
        .isEqualTo(SettingsTable.EMPTY);
  }

  @Test
  void scalarsAndListsAreRead() {
    ServerSettings s =
        SettingsFile.parse(
            "lui.yaml",
            "http: 127.0.0.1:80\ndhcp-reload: [systemctl, reload, x]\nipxe-http: true\n");
    assertThat(s.http()).contains("127.0.0.1:80");
    assertThat(s.dhcpReload()).isEqualTo(List.of("systemctl", "reload", "x"));
    assertThat(s.ipxeHttp()).contains(true);
  }

  @Test
  void nearestIsTheFewestEditsAway() {
    assertThat(SettingsFile.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(SettingsFile.nearest("tftp-port", SettingsTable.keys())).isEqualTo("tftp");
  }
}
