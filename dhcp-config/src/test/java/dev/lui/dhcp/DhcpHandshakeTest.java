package dev.lui.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.dhcp.formats.DhcpFormats;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real DHCP exchange: our rendered config in the real ISC dhcpd and dnsmasq inside network
 * namespace A, the real dhclient in namespace B on the other end of a veth pair carrying the node's
 * MAC. Nothing runs or listens in the root namespace.
 */
@Tag("slow")
class DhcpHandshakeTest {
  private static final Path IP = Path.of("/usr/sbin/ip");
  private static final Path DHCLIENT = Path.of("/usr/sbin/dhclient");
  private static final String MAC = "52:54:00:4c:55:49";
  private static final BootFiles BOOT =
      BootFiles.defaults()
          .withUefiX64("grubx64.efi")
          .withIpxeScriptUrl("http://10.77.0.1/lui/boot.ipxe");

  @TempDir Path dir;
  private final ProcessRunner run = new ProcessRunner(Duration.ofSeconds(120));
  private final String id = UUID.randomUUID().toString().substring(0, 6);
  private final String nsServer = "lui-dhcp-a-" + id;
  private final String nsClient = "lui-dhcp-b-" + id;
  private final String vethServer = "lva" + id;
  private final String vethClient = "lvb" + id;
  private final List<Process> daemons = new ArrayList<>();
  private final List<Long> clientPids = new ArrayList<>();
  private boolean created;

  private static final DhcpHost NODE =
      DhcpHost.of(
              "n1",
              MAC,
              Ipv4.parse("10.77.0.50"),
              Ipv4.parse("255.255.255.0"),
              Ipv4.parse("10.77.0.1"),
              "n1",
              Ipv4.parse("10.77.0.1"),
              "pxelinux.0")
          .withNameService(
              NameService.of("cluster.test", Ipv4.parse("10.77.0.1"), Ipv4.parse("10.77.0.2")));

  @BeforeEach
  void network() throws Exception {
    RealTools.root();
    RealTools.program(IP);
    RealTools.program(DHCLIENT);
    created = true;
    ip("netns", "add", nsServer);
    ip("netns", "add", nsClient);
    ip("link", "add", vethServer, "type", "veth", "peer", "name", vethClient);
    ip("link", "set", vethServer, "netns", nsServer);
    ip("link", "set", vethClient, "netns", nsClient);
    ip("-n", nsClient, "link", "set", vethClient, "address", MAC);
    ip("-n", nsServer, "addr", "add", "10.77.0.1/24", "dev", vethServer);
    for (String[] nsDev :
        new String[][] {
          {nsServer, vethServer}, {nsClient, vethClient}, {nsServer, "lo"}, {nsClient, "lo"}
        }) {
      ip("-n", nsDev[0], "link", "set", nsDev[1], "up");
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
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
      // Deleting a namespace also removes the veth pair (both ends die with either namespace).
      run.run(List.of(IP.toString(), "netns", "del", nsServer));
      run.run(List.of(IP.toString(), "netns", "del", nsClient));
    }
  }

  private void ip(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(IP.toString()));
    cmd.addAll(List.of(args));
    ProcessRunner.Result r = run.run(cmd);
    assertThat(r.succeeded()).as(r.describe()).isTrue();
  }

  private void startInServer(String name, List<String> command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(IP.toString(), "netns", "exec", nsServer));
    cmd.addAll(command);
    daemons.add(
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
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
    Path conf = dir.resolve(label + ".conf");
    Files.writeString(conf, clientConf);
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
      // dhclient creates the pid file before it writes the number: wait for it, boundedly.
      String text = Files.readString(pidFile).trim();
      for (int i = 0; i < 100 && text.isEmpty(); i++) {
        Thread.sleep(20);
        text = Files.readString(pidFile).trim();
      }
      long pid = Long.parseLong(text);
      clientPids.add(pid);
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
    assertThat(r.succeeded()).as(r.describe() + serverLogs()).isTrue();
    Map<String, String> got = new TreeMap<>();
    for (String line : Files.readAllLines(out)) {
      int eq = line.indexOf('=');
      got.put(line.substring(4, eq), line.substring(eq + 1));
    }
    System.out.println(label + " received: " + got);
    return got;
  }

  private String serverLogs() throws IOException {
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        sb.append("\n--- ").append(p.getFileName()).append('\n').append(Files.readString(p));
      }
    }
    return sb.toString();
  }

  private void assertAllFirmwareKinds() throws Exception {
    Map<String, String> bios = lease("bios", "");
    assertThat(bios)
        .containsEntry("ip_address", "10.77.0.50")
        .containsEntry("routers", "10.77.0.1")
        .containsEntry("subnet_mask", "255.255.255.0")
        .containsEntry("next_server", "10.77.0.1")
        .containsEntry("host_name", "n1")
        .containsEntry("domain_name_servers", "10.77.0.1 10.77.0.2")
        .containsEntry("domain_name", "cluster.test")
        .containsEntry("filename", "pxelinux.0");
    Map<String, String> uefi =
        lease("uefi", "option lui-arch code 93 = unsigned integer 16;\nsend lui-arch 7;\n");
    assertThat(uefi)
        .containsEntry("ip_address", "10.77.0.50")
        .containsEntry("filename", "grubx64.efi");
    // iPXE sends its user class as the bare string "iPXE", which is what dhclient sends here.
    Map<String, String> ipxe = lease("ipxe", "send user-class \"iPXE\";\n");
    assertThat(ipxe)
        .containsEntry("ip_address", "10.77.0.50")
        .containsEntry("filename", "http://10.77.0.1/lui/boot.ipxe");
  }

  @Test
  void iscDhcpdHandsTheNodeItsAddressRouterServerAndFirmwareFile() throws Exception {
    Path dhcpd = RealTools.program(DhcpTarget.DHCPD);
    Path conf = dir.resolve("dhcpd.conf");
    Files.writeString(conf, DhcpFormats.isc(BOOT).render(List.of(NODE)));
    Path leases = Files.createFile(dir.resolve("dhcpd.leases"));
    startInServer(
        "dhcpd",
        List.of(
            dhcpd.toString(),
            "-4",
            "-f",
            "-cf",
            conf.toString(),
            "-lf",
            leases.toString(),
            "-pf",
            dir.resolve("dhcpd.pid").toString(),
            vethServer));
    assertAllFirmwareKinds();
  }

  @Test
  void dnsmasqHandsTheNodeItsAddressRouterServerAndFirmwareFile() throws Exception {
    Path dnsmasq = RealTools.program(DhcpTarget.DNSMASQ);
    Path conf = dir.resolve("lui-dnsmasq.conf");
    Files.writeString(conf, DhcpFormats.dnsmasq(BOOT).render(List.of(NODE)));
    startInServer(
        "dnsmasq",
        List.of(
            dnsmasq.toString(),
            "--keep-in-foreground",
            "--conf-file=" + conf,
            // DHCP only: no DNS port, bound to the veth, files in the test's directory.
            "--port=0",
            "--interface=" + vethServer,
            "--bind-interfaces",
            "--user=root",
            "--dhcp-leasefile=" + dir.resolve("dnsmasq.leases"),
            "--pid-file=" + dir.resolve("dnsmasq.pid"),
            "--log-dhcp",
            "--log-facility=-"));
    assertAllFirmwareKinds();
    assertThat(Optional.of(Files.readString(dir.resolve("dnsmasq.log"))))
        .hasValueSatisfying(
            log -> assertThat(log).contains("DHCPACK(" + vethServer + ") 10.77.0.50 " + MAC));
  }
}
