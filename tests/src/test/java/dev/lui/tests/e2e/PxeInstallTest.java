package dev.lui.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole path, as in the issue: a VM PXE-boots through the real dhcpd and lui's TFTP into the
 * install environment on NFS (nfs-ganesha), its agent installs the plan (a Debian root tarball, a
 * partition table, a file, a script) on the virtio disk and reboots; then the VM boots that disk
 * and reports its identity on the serial console. A failure carries the console's tail, the agent's
 * log and the server's view of the node.
 */
@Tag("slow")
@Tag("e2e")
class PxeInstallTest {
  static final String NODE = "n01";
  static final String IP = "10.77.0.50";

  @Test
  void aBiosNodeInstallsItselfOverTheNetworkAndBootsItsDisk() throws Exception {
    scenario(Qemu.Firmware.BIOS, "52:54:00:e2:e0:02");
  }

  @Test
  void aUefiNodeInstallsItselfOverTheNetworkAndBootsItsDisk() throws Exception {
    scenario(Qemu.Firmware.UEFI, "52:54:00:e2:e0:12");
  }

  private static void scenario(Qemu.Firmware firmware, String mac) throws Exception {
    RealTools.root();
    boolean uefi = firmware == Qemu.Firmware.UEFI;
    String fw = firmware.name();
    Path image = E2eCache.image().orElse(null);
    if (image == null) {
      RealTools.missing(
          "no install image in " + E2eCache.dir().resolve("images") + " after lui image build");
    }
    Path tarball = E2eCache.targetTarball();
    Path dir = E2eDirs.fresh("install-" + fw.toLowerCase(java.util.Locale.ROOT));
    Payload.Files3 payload = Payload.write(dir, firmware);
    Path jar = LabServer.jarCopy(dir);
    Map<String, Duration> phases = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    List<String> serverArgs =
        new ArrayList<>(
            List.of(
                "--install-root",
                image.resolve("root").toString(),
                "--kernel-arg",
                "console=ttyS0,115200"));
    if (uefi) {
      serverArgs.addAll(List.of("--boot-file", BootFiles.GRUB_EFI));
    }
    try (NetLab lab = NetLab.create(dir.resolve("lab"));
        LabServer lui = LabServer.start(lab, dir.resolve("state"), jar, serverArgs)) {
      lui.luiOk("define-resource", "debian", "--type", "tarball", "--source", tarball.toString());
      lui.luiOk(
          "define-resource",
          "disk",
          "--type",
          "partition-table",
          "--source",
          payload.table().toString());
      lui.luiOk(
          "define-resource",
          "e2e-file",
          "--type",
          "file",
          "--source",
          payload.file().toString(),
          "--target",
          Payload.FILE_TARGET,
          "--mode",
          "0644");
      lui.luiOk(
          "define-resource",
          "e2e-booted",
          "--type",
          "script",
          "--source",
          payload.script().toString());
      lui.luiOk(
          "define-node",
          NODE,
          "--mac",
          mac,
          "--ip",
          IP,
          "--netmask",
          "255.255.255.0",
          "--gateway",
          NetLab.ADDRESS,
          "--disk",
          "path=/dev/vda",
          "--resource",
          "debian",
          "--resource",
          "disk",
          "--resource",
          "e2e-file",
          "--resource",
          "e2e-booted");
      if (uefi) {
        BootFiles.grubNetDir(lui.tftpRoot());
      } else {
        BootFiles.pxelinux(lui.tftpRoot());
      }
      BootFiles.installKernel(
          lui.tftpRoot(), image.resolve("vmlinuz"), image.resolve("initrd.img"));
      Path entry =
          lui.tftpRoot()
              .resolve(
                  (uefi ? "boot/grub/grub.cfg-01-" : "pxelinux.cfg/01-") + mac.replace(':', '-'));
      assertThat(Files.readString(entry))
          .contains(
              "lui.noderoot=" + NetLab.ADDRESS + ":" + lui.state.resolve("nfsroot/nodes/" + NODE));
      try (Dhcpd dhcpd = Dhcpd.start(lab, lui.state.resolve("dhcp/dhcpd.conf"));
          Ganesha nfs = Ganesha.start(lab, ganeshaConf(lui, image))) {
        phases.put("lab up", since(t0));
        Path disk = Qemu.newDisk(dir.resolve("disk.qcow2"), "4G");
        Map<String, Pattern> marks = new LinkedHashMap<>();
        if (uefi) {
          marks.put("PXE (OVMF)", Pattern.compile("Start PXE over IPv4|PXE"));
          marks.put("GRUB", Pattern.compile("Welcome to GRUB|GNU GRUB|lui install"));
        } else {
          marks.put("iPXE", Pattern.compile("iPXE initialising"));
          marks.put("pxelinux", Pattern.compile("PXELINUX"));
        }
        marks.put("kernel started", Pattern.compile("Linux version"));
        marks.put("systemd (NFS root)", Pattern.compile("systemd\\[1\\]|Welcome to Debian"));
        marks.put("agent started", Pattern.compile("lui install agent|lui-agent"));
        marks.put("rebooting", Pattern.compile("reboot: Restarting system"));
        Qemu.Run install =
            Qemu.run(
                lab,
                "install",
                firmware,
                Qemu.Boot.NETWORK,
                disk,
                mac,
                Duration.ofMinutes(10),
                marks,
                Optional.empty());
        phases.put("network install (QEMU)", install.total());
        System.out.println("lui-e2e " + fw + " install, from QEMU start:\n" + install.timings());
        String why = failureReport(install, lui, dhcpd, nfs);
        assertThat(install.exited())
            .as("the VM ends its install by rebooting (-no-reboot):\n" + why)
            .isTrue();

        System.out.println(
            "lui-e2e "
                + fw
                + " agent steps:\n"
                + indent(
                    String.join(
                        "\n",
                        install
                            .console()
                            .lines()
                            .filter(l -> l.contains("<== ") || l.contains("install finished"))
                            .toList())));

        // Everything below is checked softly: one run reports every difference at once.
        SoftAssertions softly = new SoftAssertions();
        // The server's view: installed, every step logged, boot and DHCP entries gone, files
        // recorded.
        JsonNode node = new ObjectMapper().readTree(lui.get("/api/v1/nodes/" + NODE));
        softly
            .assertThat(node.path("state").asText())
            .as("node state after the install:\n" + why)
            .isEqualTo("installed");
        String log = lui.luiOk("logs", NODE);
        for (String step :
            List.of(
                "partition", "make-filesystems", "payloads", "bootloader", "scripts", "unmount")) {
          softly.assertThat(log).as("the log has step " + step).contains(step + " == ok");
        }
        softly.assertThat(log).contains("payload e2e-file").contains("e2e-booted");
        softly.assertThat(entry).as("the boot entry is removed after the install").doesNotExist();
        softly
            .assertThat(Files.readString(lui.state.resolve("dhcp/dhcpd.conf")))
            .as("DHCP entry removed")
            .doesNotContain("host " + NODE);
        softly
            .assertThat(lui.get("/api/v1/transfers"))
            .as("served files recorded")
            .contains(uefi ? BootFiles.GRUB_EFI : "pxelinux.0")
            .contains("lui/vmlinuz")
            .contains("lui/initrd.img")
            .contains("\"" + NODE + "\"");

        // The installed disk boots on its own and is the node of the plan.
        Map<String, Pattern> diskMarks = new LinkedHashMap<>();
        diskMarks.put("bootloader", Pattern.compile("GRUB|Booting"));
        diskMarks.put("booted marker", Pattern.compile(Payload.BOOTED));
        // Both the marker unit and the first-boot unit run after network-online: the VM is stopped
        // only once the marker is on the console and the server has the first-boot report (or at
        // the timeout), never in between.
        Pattern booted = Pattern.compile(Payload.BOOTED + "[^\\r\\n]*[\\r\\n]");
        long[] lastAsk = {0};
        Predicate<String> bootedAndVerified =
            console -> {
              if (!booted.matcher(console).find()
                  || System.nanoTime() - lastAsk[0] < 1_000_000_000L) {
                return false;
              }
              lastAsk[0] = System.nanoTime();
              return nodeState(lui).equals("verified");
            };
        Qemu.Run boot =
            Qemu.run(
                lab,
                "disk-boot",
                firmware,
                Qemu.Boot.DISK,
                disk,
                mac,
                Duration.ofMinutes(6),
                diskMarks,
                Optional.of(bootedAndVerified));
        phases.put("disk boot (QEMU)", boot.total());
        System.out.println("lui-e2e " + fw + " disk boot, from QEMU start:\n" + boot.timings());
        String bootWhy = "disk boot serial (" + boot.serial() + "):\n" + boot.tail(60);
        softly.assertThat(boot.saw("booted marker")).as(bootWhy).isTrue();
        softly
            .assertThat(boot.console())
            .as(bootWhy)
            .containsPattern(Payload.BOOTED + " hostname=" + NODE + " ")
            .containsPattern("addrs=[^\\r\\n]*" + Pattern.quote(IP + "/24"))
            .contains("file=" + Payload.FILE_CONTENT.replace(' ', '_'));
        // The installed system's first-boot unit reports to the server: the node becomes verified.
        softly
            .assertThat(nodeState(lui))
            .as(
                "node state after the disk boot:\n"
                    + bootWhy
                    + "\n--- lui server:\n"
                    + tail(lui.log(), 30))
            .isEqualTo("verified");
        softly.assertAll();
      }
    } finally {
      phases.put("total", since(t0));
      StringBuilder b = new StringBuilder("lui-e2e " + fw + " phases:\n");
      phases.forEach(
          (k, v) -> b.append(String.format("  %-26s %6.1f s%n", k, v.toMillis() / 1000.0)));
      System.out.println(b);
    }
  }

  /** lui's own nfs-ganesha configuration, after checking it exports what this node needs. */
  static Path ganeshaConf(LabServer lui, Path image) throws java.io.IOException {
    Path conf = lui.state.resolve("nfs/ganesha.conf");
    String text = Files.readString(conf);
    assertThat(text)
        .as(conf.toString())
        .contains("Path = \"" + image.resolve("root") + "\"")
        .contains("Path = \"" + lui.state.resolve("nfsroot/nodes/" + NODE) + "\"")
        .contains("Clients = " + IP + ";")
        .contains("Bind_addr = " + NetLab.ADDRESS + ";");
    return conf;
  }

  static String nodeState(LabServer lui) {
    try {
      return new ObjectMapper().readTree(lui.get("/api/v1/nodes/" + NODE)).path("state").asText();
    } catch (java.io.IOException | RuntimeException e) {
      return "(no answer: " + e.getMessage() + ")";
    }
  }

  static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  static String indent(String s) {
    return s.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
  }

  /** What a failed run must show: the console, the agent's log, the node as the server sees it. */
  static String failureReport(Qemu.Run run, LabServer lui, Dhcpd dhcpd, Ganesha nfs) {
    List<String> parts = new ArrayList<>();
    parts.add("--- serial console (" + run.serial() + "), last lines:\n" + run.tail(60));
    Cmd.Result log = lui.lui("logs", NODE);
    parts.add("--- agent log (lui logs " + NODE + "):\n" + tail(log.output(), 60));
    Cmd.Result show = lui.lui("show-node", NODE);
    parts.add("--- lui show-node " + NODE + ":\n" + show.output());
    parts.add("--- dhcpd:\n" + tail(dhcpd.log(), 15));
    parts.add("--- ganesha:\n" + tail(nfs.log(), 15));
    parts.add("--- lui server:\n" + tail(lui.log(), 30));
    return String.join("\n", parts);
  }

  static String tail(String s, int lines) {
    List<String> all = s.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
