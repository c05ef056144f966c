package dev.lui.nfsroot.boot;

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
  public String installLines(NodeBoot boot) {
    StringBuilder append = new StringBuilder().append("initrd=").append(boot.initrd()).append(' ');
    append.append(String.join(" ", EntryText.kernelArgs(boot)));
    return only("install")
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
  public String localBootLines() {
    return only("local") + "  LOCALBOOT 0\n";
  }

  /** Boots {@code label} at once, without a prompt; its lines follow. */
  private static String only(String label) {
    return "DEFAULT " + label + "\n" + "PROMPT 0\n" + "TIMEOUT 0\n" + "LABEL " + label + "\n";
  }
}
