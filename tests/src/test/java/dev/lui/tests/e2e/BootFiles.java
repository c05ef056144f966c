package dev.lui.tests.e2e;

import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** First-stage loaders and the install kernel, placed in lui's TFTP root where DHCP points. */
final class BootFiles {
  static final Path PXELINUX = Path.of("/usr/lib/PXELINUX/pxelinux.0");
  static final Path LDLINUX = Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32");

  private BootFiles() {}

  /** pxelinux.0 loads ldlinux.c32 from its own directory, then asks for pxelinux.cfg/01-MAC. */
  static void pxelinux(Path tftpRoot) {
    copy(RealTools.file(PXELINUX, "pxelinux"), tftpRoot.resolve("pxelinux.0"));
    copy(RealTools.file(LDLINUX, "syslinux-common"), tftpRoot.resolve("ldlinux.c32"));
  }

  /** Where DHCP points UEFI clients: GRUB's network image, made by grub-mknetdir. */
  static final String GRUB_EFI = "boot/grub/x86_64-efi/core.efi";

  /**
   * GRUB's network image and modules under boot/grub; the image looks for boot/grub/grub.cfg-01-MAC
   * (lui's per-node entry) before grub.cfg.
   */
  static void grubNetDir(Path tftpRoot) {
    RealTools.program("grub-mknetdir");
    RealTools.file(Path.of("/usr/lib/grub/x86_64-efi/kernel.img"), "grub-efi-amd64-bin");
    Cmd.run(
        java.time.Duration.ofMinutes(2),
        "grub-mknetdir",
        "--net-directory=" + tftpRoot,
        "--subdir=boot/grub",
        "-d",
        "/usr/lib/grub/x86_64-efi");
  }

  /** The kernel and initrd where lui's boot entries name them (lui/vmlinuz, lui/initrd.img). */
  static void installKernel(Path tftpRoot, Path kernel, Path initrd) {
    copy(kernel, tftpRoot.resolve("lui/vmlinuz"));
    copy(initrd, tftpRoot.resolve("lui/initrd.img"));
  }

  static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }
}
