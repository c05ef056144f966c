package dev.lui.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.LuiException;
import dev.lui.core.config.ServerConfig;
import dev.lui.core.settings.Resolver;
import dev.lui.core.settings.ServerSettings;
import dev.lui.core.settings.SettingsDocs;
import dev.lui.core.settings.SettingsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code lui server}'s settings: flags and the settings file, parsed without running a server. */
class ServerCommandSettingsTest {
  /** The options of {@code lui server} that are not settings: they say what to do, not how. */
  static final Set<String> COMMAND_OPTIONS =
      Set.of("--reconcile-only", "--config", "--help", "--version", "--debug");

  @TempDir Path tmp;

  private static CommandLine server() {
    return LuiMain.commandLine().getSubcommands().get("server");
  }

  /** The settings of {@code lui server ARGS} with {@code yaml} as its settings file. */
  private ServerSettings settings(String yaml, String... args) throws IOException {
    Path file = Files.writeString(tmp.resolve("lui.yaml"), yaml);
    List<String> all = new ArrayList<>(List.of("server", "--config", file.toString()));
    all.addAll(List.of(args));
    CommandLine cli = LuiMain.commandLine();
    cli.parseArgs(all.toArray(String[]::new));
    return ((ServerCommand) cli.getSubcommands().get("server").getCommand()).settings();
  }

  @Test
  void everyOptionIsASettingAndEverySettingWithAFlagIsAnOption() {
    Set<String> options = new TreeSet<>();
    for (OptionSpec o : server().getCommandSpec().options()) {
      options.add(o.longestName());
    }
    options.removeAll(COMMAND_OPTIONS);
    Set<String> flags = new TreeSet<>();
    for (SettingsTable.Row r : SettingsTable.ROWS) {
      if (!r.setting().fileOnly()) {
        flags.add(r.flag());
      }
    }
    assertThat(options).as("lui server's options against the settings table").isEqualTo(flags);
    assertThat(SettingsTable.ROWS)
        .filteredOn(r -> r.setting().fileOnly())
        .extracting(SettingsTable.Row::key)
        .as("settings only the file can express")
        .containsExactly("dhcp-backend-settings");
  }

  @Test
  void everyBooleanSettingIsANegatableFlag() {
    assertThat(server().getUsageMessage())
        .contains("--[no-]dhcp-validate")
        .contains("--[no-]ipxe-http");
    assertThat(SettingsDocs.flagForm(SettingsTable.row("dhcp-validate").orElseThrow()))
        .isEqualTo("--[no-]dhcp-validate");
  }

  @Test
  void aFlagWinsOverTheFileWhichWinsOverTheDefault() throws IOException {
    ServerSettings s =
        settings(
            "http: 10.0.0.1:80\ntftp: 10.0.0.1:69\ndhcp-validate: false\nkernel-arg: [a=1, b=2]\n",
            "--http",
            "127.0.0.1:8080",
            "--kernel-arg",
            "c=3",
            "--allow-loopback");
    assertThat(s.http()).contains("127.0.0.1:8080");
    assertThat(s.tftp()).contains("10.0.0.1:69");
    assertThat(s.dhcpValidate()).contains(false);
    assertThat(s.kernelArg()).containsExactly("c=3");
    assertThat(s.finish()).contains("reboot");
    assertThat(s.dhcpBackends()).containsExactly("isc", "bootptab");
    ServerConfig c = Resolver.config(s);
    assertThat(c.dhcp().validate()).isFalse();
    assertThat(c.boot().nextServer()).isEqualTo("10.0.0.1");
    assertThat(c.listeners().publicUrl()).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void aNegatedFlagOverridesTheFileBothWays() throws IOException {
    assertThat(settings("dhcp-validate: true\n", "--no-dhcp-validate").dhcpValidate())
        .contains(false);
    assertThat(settings("dhcp-validate: false\n", "--dhcp-validate").dhcpValidate()).contains(true);
    assertThat(settings("ipxe-http: true\n", "--no-ipxe-http").ipxeHttp()).contains(false);
    assertThat(settings("", "--ipxe-http").ipxeHttp()).contains(true);
    assertThat(settings("").dhcpValidate()).as("default").contains(true);
  }

  @Test
  void dhcpFileIsAKeyOfTheFileToo() throws IOException {
    Path kea = tmp.resolve("kea-dhcp4.conf");
    ServerSettings fromFile =
        settings(
            "dhcp-backends: [isc, kea]\ndhcp-file: {kea: " + kea + "}\nnext-server: 10.0.0.1\n");
    assertThat(fromFile.dhcpFile()).isEqualTo(Map.of("kea", kea));
    ServerConfig c = Resolver.config(fromFile);
    assertThat(c.dhcp().backendSettings().get("kea").file()).contains(kea);
    Path other = tmp.resolve("other.conf");
    ServerSettings flag =
        settings(
            "dhcp-backends: [isc, kea]\ndhcp-file: {kea: " + kea + "}\n",
            "--dhcp-file",
            "kea=" + other);
    assertThat(flag.dhcpFile()).isEqualTo(Map.of("kea", other));
  }

  @Test
  void dhcpFileWinsOverTheBackendSettingsFileAndKeepsItsCheck() throws IOException {
    Path kea = tmp.resolve("kea.conf");
    ServerSettings s =
        settings(
            "dhcp-backends: [kea]\nnext-server: 10.0.0.1\n"
                + "dhcp-backend-settings: {kea: {file: /etc/kea/x.conf, reload: [true]}}\n",
            "--dhcp-file",
            "kea=" + kea);
    var kea4 = Resolver.config(s).dhcp().backendSettings().get("kea");
    assertThat(kea4.file()).contains(kea);
    assertThat(kea4.reload()).contains(List.of("true"));
  }

  @Test
  void listKeysTakeASingleValueAndFlagsSplitOnCommas() throws IOException {
    ServerSettings s =
        settings("kernel-arg: console=ttyS0\n", "--dhcp-dns-servers", "10.0.0.1,10.0.0.2");
    assertThat(s.kernelArg()).containsExactly("console=ttyS0");
    assertThat(s.dhcpDnsServers()).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(settings("", "--dhcp-reload", "systemctl", "reload", "x").dhcpReload())
        .containsExactly("systemctl", "reload", "x");
  }

  @Test
  void aFileValueIsCheckedByItsFlagsRule() {
    assertThatThrownBy(() -> Resolver.config(settings("next-server: nope\n")))
        .isInstanceOf(LuiException.class)
        .hasMessageStartingWith("--next-server 'nope'");
    assertThatThrownBy(() -> Resolver.config(settings("finish: halt\n")))
        .hasMessage("--finish 'halt': one of reboot, poweroff, none");
    assertThatThrownBy(() -> Resolver.config(settings("install-kernel: /boot/vmlinuz\n")))
        .hasMessageContaining("--install-kernel '/boot/vmlinuz': a path relative to the TFTP root");
  }

  @Test
  void logSettingsDefaultToStderrAndFiveRunsAndAreChecked() throws IOException {
    assertThat(Resolver.config(settings("allow-loopback: true\n")).logs())
        .isEqualTo(new ServerConfig.Logs(Optional.empty(), 5));
    ServerConfig.Logs logs =
        Resolver.config(
                settings(
                    "allow-loopback: true\nlog-runs-kept: 12\n",
                    "--log-file",
                    "/var/log/lui/lui.log"))
            .logs();
    assertThat(logs.file()).contains(Path.of("/var/log/lui/lui.log"));
    assertThat(logs.runsKept()).isEqualTo(12);
    assertThatThrownBy(() -> Resolver.config(settings("allow-loopback: true\nlog-runs-kept: 0\n")))
        .hasMessage("--log-runs-kept '0': 1-1000 runs per node");
    assertThatThrownBy(
            () -> Resolver.config(settings("allow-loopback: true\n", "--log-file", tmp.toString())))
        .hasMessageStartingWith("--log-file '" + tmp + "': a file, not a directory");
  }

  @Test
  void theStoreIsSqliteUnlessAPostgresqlUrlIsGivenWhichNeverHoldsAPassword() throws IOException {
    assertThat(Resolver.config(settings("allow-loopback: true\n")).store()).isEmpty();
    Path password = tmp.resolve("pgpass");
    var target =
        Resolver.config(
                settings(
                    "allow-loopback: true\nstore: postgresql://lui@db1/lui\n",
                    "--store-password-file",
                    password.toString()))
            .store()
            .orElseThrow();
    assertThat(target)
        .isEqualTo(
            new dev.lui.core.store.PostgresTarget(
                "lui", "db1", 5432, "lui", Optional.of(password)));
    assertThat(
            Resolver.config(
                    settings("allow-loopback: true\n", "--store", "postgres://u@[::1]:6543/d"))
                .store()
                .orElseThrow()
                .toString())
        .isEqualTo("postgresql://u@[::1]:6543/d");
    assertThatThrownBy(
            () ->
                Resolver.config(
                    settings("allow-loopback: true\nstore: postgresql://lui:s3cret@db1/lui\n")))
        .hasMessageStartingWith("--store has a password in its URL")
        .hasMessageContaining("--store-password-file")
        .message()
        .doesNotContain("s3cret");
    assertThatThrownBy(
            () -> Resolver.config(settings("allow-loopback: true\nstore: mysql://lui@db1/lui\n")))
        .hasMessageStartingWith("--store 'mysql://lui@db1/lui': the store is postgresql://");
    assertThatThrownBy(
            () -> Resolver.config(settings("allow-loopback: true\nstore: postgresql://db1/lui\n")))
        .hasMessageContaining("write postgresql://USER@HOST:PORT/DATABASE");
  }

  @Test
  void bootEntriesPointingNodesAtLoopbackAreRefusedWithTheFlagsToSet() throws IOException {
    assertThatThrownBy(() -> Resolver.config(settings("")))
        .isInstanceOf(LuiException.class)
        .hasMessageStartingWith(
            "boot entries would point nodes at this host's loopback address, which no node can"
                + " reach: --next-server 127.0.0.1 (the default when --tftp listens on 0.0.0.0),"
                + " the public URL http://127.0.0.1:8080 (from --next-server and --http"
                + " 0.0.0.0:8080).")
        .hasMessageContaining("--next-server 10.0.0.1")
        .hasMessageContaining("--public-url http://10.0.0.1:8080")
        .hasMessageContaining("--allow-loopback");
    assertThatThrownBy(
            () -> Resolver.config(settings("next-server: 10.0.0.1\nnfs-server: 127.0.1.1\n")))
        .hasMessageContaining("reach: --nfs-server 127.0.1.1.");
    assertThatThrownBy(
            () -> Resolver.config(settings("next-server: 10.0.0.1\npublic-url: http://[::1]:80\n")))
        .hasMessageContaining("reach: --public-url http://[::1]:80.");
    assertThatThrownBy(
            () ->
                Resolver.config(
                    settings("next-server: 10.0.0.1\npublic-url: http://localhost:8080\n")))
        .hasMessageContaining("reach: --public-url http://localhost:8080.");
    assertThatThrownBy(
            () ->
                Resolver.config(settings("", "--tftp", "127.0.0.1:6969", "--http", "127.0.0.1:0")))
        .hasMessageContaining(
            "reach: --next-server 127.0.0.1 (taken from --tftp 127.0.0.1:6969), the public URL"
                + " (from --http 127.0.0.1:0).");
  }

  @Test
  void allowLoopbackServesLoopbackAndAnAddressOnTheInstallNetworkNeedsNoFlag() throws IOException {
    ServerConfig allowed = Resolver.config(settings("allow-loopback: true\n"));
    assertThat(allowed.boot().nextServer()).isEqualTo("127.0.0.1");
    assertThat(Resolver.config(settings("", "--allow-loopback")).listeners().publicUrl())
        .isEqualTo("http://127.0.0.1:8080");
    ServerConfig head = Resolver.config(settings("", "--next-server", "10.0.0.1"));
    assertThat(head.boot().nfsServer()).isEqualTo("10.0.0.1");
    assertThat(head.listeners().publicUrl()).isEqualTo("http://10.0.0.1:8080");
    // Names are the nodes' DNS's business: a name is never looked up here.
    assertThat(
            Resolver.config(
                    settings("", "--next-server", "10.0.0.1", "--public-url", "http://head:80"))
                .listeners()
                .publicUrl())
        .isEqualTo("http://head:80");
  }

  @Test
  void uefiClientsGetTheLoadersBootFilesSetupInstalledUnlessAFlagNamesAnother() throws IOException {
    Path state = tmp.resolve("state");
    String base = "state: " + state + "\nnext-server: 10.0.0.1\n";
    assertThat(Resolver.config(settings(base)).boot().firmware().firmwareAware())
        .as("an empty TFTP root: every client gets --boot-file")
        .isFalse();
    for (String loader :
        List.of(
            "boot/grub/x86_64-efi/core.efi", "grubnetx64.efi", "boot/grub/arm64-efi/core.efi")) {
      Path f = state.resolve("tftp").resolve(loader);
      Files.createDirectories(f.getParent());
      Files.write(f, new byte[] {1});
    }
    var firmware = Resolver.config(settings(base)).boot().firmware();
    assertThat(firmware.uefiX64()).as("the signed image first").contains("grubnetx64.efi");
    assertThat(firmware.uefiArm64()).contains("boot/grub/arm64-efi/core.efi");
    assertThat(firmware.bios()).isEmpty();
    var flagged =
        Resolver.config(
                settings(
                    base,
                    "--uefi-boot-file",
                    "my/x64.efi",
                    "--uefi-arm64-boot-file",
                    "my/aa64.efi"))
            .boot()
            .firmware();
    assertThat(flagged.uefiX64()).contains("my/x64.efi");
    assertThat(flagged.uefiArm64()).contains("my/aa64.efi");
  }

  @Test
  void aMissingConfigFileNamedByFlagIsRefused() {
    CommandLine cli = LuiMain.commandLine();
    cli.parseArgs("server", "--config", tmp.resolve("nope.yaml").toString());
    ServerCommand c = (ServerCommand) cli.getSubcommands().get("server").getCommand();
    assertThatThrownBy(c::settings).hasMessageEndingWith("nope.yaml': no such file");
  }

  @Test
  void theDefaultsAreTheServersDefaults() {
    ServerSettings d = SettingsTable.DEFAULTS;
    assertThat(d.state()).contains(ServerConfig.DEFAULT_STATE);
    assertThat(d.dhcpBackends()).isEqualTo(ServerConfig.DEFAULT_BACKENDS);
    assertThat(d.adminHttp()).contains("127.0.0.1:8081");
    assertThat(d.image()).isEqualTo(Optional.empty());
  }
}
