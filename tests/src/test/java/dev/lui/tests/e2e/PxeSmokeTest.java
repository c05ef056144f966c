package dev.lui.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A VM network-boots through the real dhcpd (with lui's generated configuration) and lui's own TFTP
 * server into lui's boot entry for the node (pxelinux for BIOS, GRUB's network image for UEFI),
 * which loads a kernel and a marker-printing initrd: the plumbing every later e2e scenario stands
 * on.
 */
@Tag("slow")
@Tag("e2e")
class PxeSmokeTest {
  @Test
  void aBiosNodePxeBootsThroughDhcpdAndLuisTftpIntoItsPxelinuxEntry() throws Exception {
    smoke(Qemu.Firmware.BIOS, "52:54:00:e2:e0:01");
  }

  @Test
  void aUefiNodeNetBootsGrubThroughDhcpdAndLuisTftpIntoItsGrubEntry() throws Exception {
    smoke(Qemu.Firmware.UEFI, "52:54:00:e2:e0:11");
  }

  private static void smoke(Qemu.Firmware firmware, String mac) throws Exception {
    RealTools.root();
    boolean uefi = firmware == Qemu.Firmware.UEFI;
    Path dir = E2eDirs.fresh("smoke-" + firmware.name().toLowerCase(java.util.Locale.ROOT));
    Path kernel = E2eCache.kernel();
    Path initrd = SmokeInitrd.build(dir);
    Path jar = LabServer.jarCopy(dir);
    List<String> serverArgs = uefi ? List.of("--boot-file", BootFiles.GRUB_EFI) : List.of();
    try (NetLab lab = NetLab.create(dir.resolve("lab"));
        LabServer lui = LabServer.start(lab, dir.resolve("state"), jar, serverArgs)) {
      // A node is armed (DHCP boot file, boot entry) only when its plan installs a system; the
      // smoke boot stops at a marker before any agent runs, so a placeholder tarball will do.
      Path system =
          java.nio.file.Files.write(
              dir.resolve("system.tar.gz"),
              new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      lui.luiOk("define-resource", "system", "--type", "tarball", "--source", system.toString());
      lui.luiOk(
          "define-node",
          "n01",
          "--mac",
          mac,
          "--ip",
          "10.77.0.50",
          "--netmask",
          "255.255.255.0",
          "--gateway",
          NetLab.ADDRESS,
          "--resource",
          "system");
      if (uefi) {
        BootFiles.grubNetDir(lui.tftpRoot());
      } else {
        BootFiles.pxelinux(lui.tftpRoot());
      }
      BootFiles.installKernel(lui.tftpRoot(), kernel, initrd);
      try (Dhcpd dhcpd = Dhcpd.start(lab, lui.state.resolve("dhcp/dhcpd.conf"))) {
        Map<String, Pattern> marks = new LinkedHashMap<>();
        if (uefi) {
          marks.put("PXE (OVMF)", Pattern.compile("Start PXE over IPv4|PXE"));
          marks.put("GRUB", Pattern.compile("Welcome to GRUB|GNU GRUB|lui install"));
        } else {
          marks.put("iPXE", Pattern.compile("iPXE initialising"));
          marks.put("pxelinux", Pattern.compile("PXELINUX"));
          marks.put("kernel fetched", Pattern.compile("Loading lui/initrd"));
        }
        marks.put("smoke marker", Pattern.compile(SmokeInitrd.MARKER));
        Qemu.Run run =
            Qemu.run(
                lab,
                "smoke",
                firmware,
                Qemu.Boot.NETWORK,
                Qemu.newDisk(dir.resolve("smoke.qcow2"), "1G"),
                mac,
                Duration.ofMinutes(5),
                marks,
                Optional.empty());
        System.out.println(
            "lui-e2e smoke (" + firmware + ", network boot to a marker):\n" + run.timings());
        String why =
            "serial console ("
                + run.serial()
                + "):\n"
                + run.tail(40)
                + "\n--- dhcpd:\n"
                + dhcpd.log()
                + "\n--- lui server:\n"
                + lui.log();
        assertThat(run.saw("smoke marker")).as(why).isTrue();
        assertThat(run.console())
            .as(why)
            .containsPattern("LUI-E2E-CMDLINE: .*lui\\.node=n01")
            .containsPattern("LUI-E2E-CMDLINE: .*nfsroot=" + Pattern.quote(NetLab.ADDRESS) + ":");
        assertThat(dhcpd.log()).contains("DHCPACK on 10.77.0.50 to " + mac);
        // lui's TFTP server recorded what it served, attributed to the node.
        String entry = uefi ? "boot/grub/grub.cfg-01-" : "pxelinux.cfg/01-";
        assertThat(lui.get("/api/v1/transfers"))
            .contains(uefi ? BootFiles.GRUB_EFI : "pxelinux.0")
            .contains(entry + mac.replace(':', '-'))
            .contains("lui/vmlinuz")
            .contains("lui/initrd.img")
            .contains("\"n01\"");
      }
    }
  }
}
