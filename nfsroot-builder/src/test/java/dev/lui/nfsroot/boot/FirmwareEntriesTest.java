package dev.lui.nfsroot.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.MacAddress;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareEntriesTest {
  private static final Pxelinux PXELINUX = new Pxelinux();
  private static final Grub GRUB = new Grub();
  private static final Ipxe IPXE = new Ipxe();

  @TempDir Path tftpRoot;
  @TempDir Path scratch;

  private static final NodeBoot BOOT = NodeBootTest.boot(List.of("console=ttyS0,115200n8"));
  private static final String MAC = BOOT.mac();

  @Test
  void grubPathIsThePerMacNameGrubNetBootLooksUp() {
    assertThat(GRUB.entryPath(MacAddress.parse("52:54:00:AA:BB:CC")))
        .isEqualTo("boot/grub/grub.cfg-01-52-54-00-aa-bb-cc");
    assertThat(IPXE.entryPath(MacAddress.parse("52-54-00-aa-bb-cc")))
        .isEqualTo("ipxe/52-54-00-aa-bb-cc.ipxe");
  }

  @Test
  void grubInstallEntryCarriesTheSameCommandLineAsPxelinuxPlusBootif() throws Exception {
    String cfg = GRUB.renderInstall(BOOT);
    assertThat(cfg)
        .contains("set timeout=0\n")
        .contains(
            "  linux /lui/vmlinuz root=/dev/nfs"
                + " nfsroot=10.0.0.1:/var/lib/lui/nfsroot/nodes/node01,ro ip=dhcp boot=nfs"
                + " lui.server=http://10.0.0.1:8080 lui.node=node01 console=ttyS0,115200n8"
                + " BOOTIF=01-"
                + MAC.replace(':', '-')
                + "\n")
        .contains("  initrd /lui/initrd.img\n");
    assertThat(cfg).doesNotContain("token");
    assertGrubAccepts(cfg);
  }

  @Test
  void grubQuotesWordsItWouldOtherwiseExpandOrSplit() throws Exception {
    NodeBoot hostile = NodeBootTest.boot(List.of("a=$x", "b;reboot", "c='q'", "d={x}"));
    String cfg = GRUB.renderInstall(hostile);
    assertThat(cfg).contains(" 'a=$x' 'b;reboot' 'c='\\''q'\\''' 'd={x}' ");
    assertGrubAccepts(cfg);
  }

  @Test
  void grubLocalBootExitsToFirmware() throws Exception {
    String cfg = GRUB.renderLocalBoot("node01");
    assertThat(cfg).contains("menuentry 'local disk' --id local {\n  exit\n}\n");
    assertGrubAccepts(cfg);
  }

  @Test
  void ipxeInstallScriptUsesAbsolutePathsAndNamesTheInitrdForTheEfiStub() {
    assertThat(IPXE.renderInstall(BOOT))
        .startsWith("#!ipxe\n")
        .contains(
            "\nkernel /lui/vmlinuz initrd=initrd.img root=/dev/nfs"
                + " nfsroot=10.0.0.1:/var/lib/lui/nfsroot/nodes/node01,ro ip=dhcp boot=nfs"
                + " lui.server=http://10.0.0.1:8080 lui.node=node01 console=ttyS0,115200n8"
                + " BOOTIF=01-"
                + MAC.replace(':', '-')
                + "\n")
        .endsWith("\ninitrd /lui/initrd.img\nboot\n");
  }

  @Test
  void ipxeRefusesADollarItWouldExpand() {
    NodeBoot hostile = NodeBootTest.boot(List.of("x=${net0/ip}"));
    assertThatThrownBy(() -> IPXE.renderInstall(hostile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"x=${net0/ip}\"")
        .hasMessageContaining("'$'");
  }

  @Test
  void ipxeLocalBootExits() {
    assertThat(IPXE.renderLocalBoot("node01")).startsWith("#!ipxe\n").endsWith("\nexit\n");
  }

  @Test
  void pxelinuxOutputIsUnchangedByTheSharedCommandLine() {
    assertThat(PXELINUX.renderInstall(BOOT))
        .contains(
            "  APPEND initrd=lui/initrd.img "
                + String.join(" ", EntryText.kernelArgs(BOOT))
                + "\n");
  }

  @Test
  void writeAllWritesThreeEntriesAndRemoveAllDeletesThemIdempotently() throws IOException {
    BootEntries entries = new BootEntries(tftpRoot);
    entries.writeInstall(BOOT);
    assertThat(entries.entryPath(PXELINUX, MacAddress.parse(MAC)))
        .hasContent(PXELINUX.renderInstall(BOOT));
    assertThat(entries.entryPath(GRUB, MacAddress.parse(MAC))).hasContent(GRUB.renderInstall(BOOT));
    assertThat(entries.entryPath(IPXE, MacAddress.parse(MAC))).hasContent(IPXE.renderInstall(BOOT));

    entries.writeLocalBoot("node01", MacAddress.parse(MAC));
    assertThat(entries.entryPath(GRUB, MacAddress.parse(MAC)))
        .hasContent(GRUB.renderLocalBoot("node01"));
    assertThat(entries.entryPath(IPXE, MacAddress.parse(MAC)))
        .hasContent(IPXE.renderLocalBoot("node01"));

    entries.remove(MacAddress.parse(MAC));
    entries.remove(MacAddress.parse(MAC));
    assertThat(entries.entryPath(PXELINUX, MacAddress.parse(MAC))).doesNotExist();
    assertThat(entries.entryPath(GRUB, MacAddress.parse(MAC))).doesNotExist();
    assertThat(entries.entryPath(IPXE, MacAddress.parse(MAC))).doesNotExist();
  }

  @Test
  void aValueIpxeRefusesLeavesEveryExistingEntryUntouched() throws IOException {
    BootEntries entries = new BootEntries(tftpRoot);
    entries.writeLocalBoot("node01", MacAddress.parse(MAC));
    NodeBoot hostile = NodeBootTest.boot(List.of("x=$y"));
    assertThatThrownBy(() -> entries.writeInstall(hostile))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(entries.entryPath(PXELINUX, MacAddress.parse(MAC)))
        .hasContent(PXELINUX.renderLocalBoot("node01"));
    assertThat(entries.entryPath(GRUB, MacAddress.parse(MAC)))
        .hasContent(GRUB.renderLocalBoot("node01"));
  }

  private void assertGrubAccepts(String cfg) throws Exception {
    Path check = RealTools.program("grub-script-check");
    Path file = scratch.resolve("grub.cfg");
    Files.writeString(file, cfg, StandardCharsets.US_ASCII);
    Process p =
        new ProcessBuilder(check.toString(), file.toString()).redirectErrorStream(true).start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("grub-script-check finished").isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("grub-script-check: " + out).isZero();
    } finally {
      p.destroyForcibly();
    }
  }
}
