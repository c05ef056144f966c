package dev.lui.nfsroot.boot;

import dev.lui.nfsroot.check.Checks;
import java.util.Objects;

/** BIOS through pxelinux: {@code pxelinux.cfg/01-<ARP type 01>-<mac, lower-case, dashes>}. */
public record Pxelinux() implements BootLoader {
  /** pxelinux looks for {@code pxelinux.cfg/01-<mac>}, then falls back to {@code default}. */
  public static final String DIR = "pxelinux.cfg";

  private static final EntryPath ENTRIES = new EntryPath(DIR + "/01-", "");

  @Override
  public String name() {
    return "pxelinux";
  }

  @Override
  public EntryPath entries() {
    return ENTRIES;
  }

  @Override
  public String renderInstall(NodeBoot boot) {
    Objects.requireNonNull(boot, "boot");
    StringBuilder append = new StringBuilder().append("initrd=").append(boot.initrd()).append(' ');
    append.append(String.join(" ", EntryText.kernelArgs(boot)));
    return EntryText.header(boot.nodeName(), "install")
        + "DEFAULT install\n"
        + "PROMPT 0\n"
        + "TIMEOUT 0\n"
        + "LABEL install\n"
        + "  KERNEL "
        + boot.kernel()
        + "\n"
        + "  APPEND "
        + append
        + "\n"
        // BOOTIF=01-<mac> on the command line: lets the initramfs configure the NIC that booted.
        + "  IPAPPEND 2\n";
  }

  @Override
  public String renderLocalBoot(String nodeName) {
    Checks.nodeName(nodeName);
    return EntryText.header(nodeName, "local boot")
        + "DEFAULT local\n"
        + "PROMPT 0\n"
        + "TIMEOUT 0\n"
        + "LABEL local\n"
        + "  LOCALBOOT 0\n";
  }
}
