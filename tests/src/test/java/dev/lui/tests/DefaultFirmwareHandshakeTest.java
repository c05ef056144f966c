package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.config.ServerConfig;
import dev.lui.core.settings.Resolver;
import dev.lui.core.settings.SettingsFile;
import dev.lui.core.settings.SettingsTable;
import dev.lui.io.ProcessRunner;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firmware entries a server writes with no boot-file flag, when the loaders are in its TFTP
 * root: the dhcpd.conf it publishes passes the real {@code dhcpd -t}, and the real dhcpd, in
 * network namespace A, hands the real dhclient in namespace B GRUB for option 93 = 7 (x86-64 UEFI)
 * and 11 (ARM64 UEFI), pxelinux.0 without it. Nothing runs or listens in the root namespace but the
 * lui server, on loopback.
 */
@Tag("slow")
class DefaultFirmwareHandshakeTest {
  private static final Path IP = Path.of("/usr/sbin/ip");
  private static final Path DHCLIENT = Path.of("/usr/sbin/dhclient");
  private static final Path DHCPD = Path.of("/usr/sbin/dhcpd");
  private static final String MAC = "52:54:00:4c:55:4a";
  private static final String X64 = "boot/grub/x86_64-efi/core.efi";
  private static final String ARM64 = "grubnetaa64.efi";

  @TempDir Path dir;
  private final ProcessRunner run = new ProcessRunner(Duration.ofSeconds(120));
  private final String id = UUID.randomUUID().toString().substring(0, 6);
  private final String nsServer = "lui-fw-a-" + id;
  private final String nsClient = "lui-fw-b-" + id;
  private final String vethServer = "lfa" + id;
  private final String vethClient = "lfb" + id;
  private final List<Process> daemons = new ArrayList<>();
  private final List<Long> clientPids = new ArrayList<>();
  private boolean created;
  private LiveServer lui;

  @BeforeEach
  void network() throws Exception {
    RealTools.root();
    RealTools.program(IP);
    RealTools.program(DHCLIENT);
    RealTools.program(DHCPD);
    created = true;
    ip("netns", "add", nsServer);
    ip("netns", "add", nsClient);
    ip("link", "add", vethServer, "type", "veth", "peer", "name", vethClient);
    ip("link", "set", vethServer, "netns", nsServer);
    ip("link", "set", vethClient, "netns", nsClient);
    ip("-n", nsClient, "link", "set", vethClient, "address", MAC);
    ip("-n", nsServer, "addr", "add", "10.78.0.1/24", "dev", vethServer);
    for (String[] nsDev : new String[][] {{nsServer, vethServer}, {nsClient, vethClient}}) {
      ip("-n", nsDev[0], "link", "set", nsDev[1], "up");
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (lui != null) {
      lui.close();
    }
    for (long pid : clientPids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
    for (Process p : daemons) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (created) {
      // Deleting a namespace also removes the veth pair.
      run.run(List.of(IP.toString(), "netns", "del", nsServer));
      run.run(List.of(IP.toString(), "netns", "del", nsClient));
    }
  }

  @Test
  void withLoadersInTheTftpRootEachFirmwareGetsItsOwnWithoutAFlag() throws Exception {
    Path state = dir.resolve("state");
    for (String loader : List.of("pxelinux.0", X64, ARM64)) {
      Path f = state.resolve("tftp").resolve(loader);
      Files.createDirectories(f.getParent());
      Files.write(f, new byte[] {1});
    }
    ServerConfig config =
        Resolver.config(
            SettingsTable.over(
                SettingsFile.parse(
                    "test",
                    "state: "
                        + state
                        + "\nhttp: 127.0.0.1:0\ntftp: 127.0.0.1:0\nallow-loopback: true\n"
                        + "dhcp-backends: [isc]\n"),
                SettingsTable.DEFAULTS));
    assertThat(config.boot().firmware().uefiX64()).contains(X64);
    assertThat(config.boot().firmware().uefiArm64()).contains(ARM64);
    lui = new LiveServer(state, loopback -> config).withSystem();
    LiveServer.Result r =
        lui.lui(
            "define-node",
            "n1",
            "--mac",
            MAC,
            "--ip",
            "10.78.0.50",
            "--netmask",
            "255.255.255.0",
            "--gateway",
            "10.78.0.1",
            "--disk",
            "path=/dev/vda",
            "--resource",
            LiveServer.SYSTEM);
    assertThat(r.code()).as(r.err()).isZero();
    Path conf = lui.dhcpdConf();
    ProcessRunner.Result check =
        run.run(List.of(DHCPD.toString(), "-t", "-4", "-cf", conf.toString()));
    assertThat(check.succeeded()).as(check.describe()).isTrue();
    startDhcpd(conf);
    assertThat(lease("bios", ""))
        .containsEntry("ip_address", "10.78.0.50")
        .containsEntry("next_server", "127.0.0.1")
        .containsEntry("filename", "pxelinux.0");
    String arch = "option lui-arch code 93 = unsigned integer 16;\n";
    assertThat(lease("uefi-x64", arch + "send lui-arch 7;\n"))
        .containsEntry("ip_address", "10.78.0.50")
        .containsEntry("filename", X64);
    assertThat(lease("uefi-arm64", arch + "send lui-arch 11;\n"))
        .containsEntry("ip_address", "10.78.0.50")
        .containsEntry("filename", ARM64);
  }

  private void ip(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(IP.toString()));
    cmd.addAll(List.of(args));
    ProcessRunner.Result r = run.run(cmd);
    assertThat(r.succeeded()).as(r.describe()).isTrue();
  }

  private void startDhcpd(Path conf) throws IOException {
    Path leases = Files.createFile(dir.resolve("dhcpd.leases"));
    daemons.add(
        new ProcessBuilder(
                IP.toString(),
                "netns",
                "exec",
                nsServer,
                DHCPD.toString(),
                "-4",
                "-f",
                "-cf",
                conf.toString(),
                "-lf",
                leases.toString(),
                "-pf",
                dir.resolve("dhcpd.pid").toString(),
                vethServer)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("dhcpd.log").toFile())
            .start());
  }

  /** Runs dhclient once in the client namespace; returns the new_* values it handed its script. */
  private Map<String, String> lease(String label, String clientConf) throws Exception {
    Path out = dir.resolve(label + ".env");
    Path script = dir.resolve(label + ".sh");
    Files.writeString(
        script,
        "#!/bin/sh\n[ \"$reason\" = BOUND ] && env | grep '^new_' > '" + out + "'\nexit 0\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Path conf = Files.writeString(dir.resolve(label + ".conf"), clientConf);
    Path pidFile = dir.resolve(label + ".pid");
    ProcessRunner.Result r =
        run.run(
            List.of(
                IP.toString(),
                "netns",
                "exec",
                nsClient,
                DHCLIENT.toString(),
                "-1",
                "-v",
                "-cf",
                conf.toString(),
                "-sf",
                script.toString(),
                "-lf",
                dir.resolve(label + ".leases").toString(),
                "-pf",
                pidFile.toString(),
                vethClient));
    // dhclient forks to the background once bound: stop it now, by its PID.
    if (Files.exists(pidFile)) {
      String text = Files.readString(pidFile).trim();
      for (int i = 0; i < 100 && text.isEmpty(); i++) {
        Thread.sleep(20); // dhclient creates the file before it writes the number
        text = Files.readString(pidFile).trim();
      }
      long pid = Long.parseLong(text);
      clientPids.add(pid);
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
    assertThat(r.succeeded())
        .as(r.describe() + "\n--- dhcpd:\n" + Files.readString(dir.resolve("dhcpd.log")))
        .isTrue();
    Map<String, String> got = new TreeMap<>();
    for (String line : Files.readAllLines(out)) {
      int eq = line.indexOf('=');
      got.put(line.substring(4, eq), line.substring(eq + 1));
    }
    return got;
  }
}
