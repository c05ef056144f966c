package dev.lui.nfsroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
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
  @TempDir Path tftpRoot;
  @TempDir Path scratch;

  private static final NodeBoot BOOT = NodeBootTest.boot(List.of("console=ttyS0,115200n8"));
  private static final String MAC = BOOT.mac();

  @Test
  void grubPathIsThePerMacNameGrubNetBootLooksUp() {
    assertThat(BootEntries.grubPath("52:54:00:AA:BB:CC"))
        .isEqualTo("boot/grub/grub.cfg-01-52-54-00-aa-bb-cc");
    assertThat(BootEntries.ipxePath("52-54-00-aa-bb-cc")).isEqualTo("ipxe/52-54-00-aa-bb-cc.ipxe");
  }

  @Test
  void grubInstallEntryCarriesTheSameCommandLineAsPxelinuxPlusBootif() throws Exception {
    String cfg = BootEntries.renderGrubInstall(BOOT);
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
    String cfg = BootEntries.renderGrubInstall(hostile);
    assertThat(cfg).contains(" 'a=$x' 'b;reboot' 'c='\\''q'\\''' 'd={x}' ");
    assertGrubAccepts(cfg);
  }

  @Test
  void grubLocalBootExitsToFirmware() throws Exception {
    String cfg = BootEntries.renderGrubLocalBoot("node01");
    assertThat(cfg).contains("menuentry 'local disk' --id local {\n  exit\n}\n");
    assertGrubAccepts(cfg);
  }

  @Test
  void ipxeInstallScriptUsesAbsolutePathsAndNamesTheInitrdForTheEfiStub() {
    assertThat(BootEntries.renderIpxeInstall(BOOT))
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
    assertThatThrownBy(() -> BootEntries.renderIpxeInstall(hostile))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("\"x=${net0/ip}\"")
        .hasMessageContaining("'$'");
  }

  @Test
  void ipxeLocalBootExits() {
    assertThat(BootEntries.renderIpxeLocalBoot("node01"))
        .startsWith("#!ipxe\n")
        .endsWith("\nexit\n");
  }

  @Test
  void pxelinuxOutputIsUnchangedByTheSharedCommandLine() {
    assertThat(BootEntries.renderInstall(BOOT))
        .contains(
            "  APPEND initrd=lui/initrd.img "
                + String.join(" ", BootEntries.kernelArgs(BOOT))
                + "\n");
  }

  @Test
  void writeAllWritesThreeEntriesAndRemoveAllDeletesThemIdempotently() throws IOException {
    BootEntries entries = new BootEntries(tftpRoot);
    entries.writeInstallAll(BOOT);
    assertThat(entries.entryPath(MAC)).hasContent(BootEntries.renderInstall(BOOT));
    assertThat(entries.grubEntryPath(MAC)).hasContent(BootEntries.renderGrubInstall(BOOT));
    assertThat(entries.ipxeEntryPath(MAC)).hasContent(BootEntries.renderIpxeInstall(BOOT));

    entries.writeLocalBootAll("node01", MAC);
    assertThat(entries.grubEntryPath(MAC)).hasContent(BootEntries.renderGrubLocalBoot("node01"));
    assertThat(entries.ipxeEntryPath(MAC)).hasContent(BootEntries.renderIpxeLocalBoot("node01"));

    entries.removeAll(MAC);
    entries.removeAll(MAC);
    assertThat(entries.entryPath(MAC)).doesNotExist();
    assertThat(entries.grubEntryPath(MAC)).doesNotExist();
    assertThat(entries.ipxeEntryPath(MAC)).doesNotExist();
  }

  @Test
  void aValueIpxeRefusesLeavesEveryExistingEntryUntouched() throws IOException {
    BootEntries entries = new BootEntries(tftpRoot);
    entries.writeLocalBootAll("node01", MAC);
    NodeBoot hostile = NodeBootTest.boot(List.of("x=$y"));
    assertThatThrownBy(() -> entries.writeInstallAll(hostile))
        .isInstanceOf(InvalidValueException.class);
    assertThat(entries.entryPath(MAC)).hasContent(BootEntries.renderLocalBoot("node01"));
    assertThat(entries.grubEntryPath(MAC)).hasContent(BootEntries.renderGrubLocalBoot("node01"));
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
