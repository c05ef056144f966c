package dev.lui.nfsroot.boot;

import dev.lui.nfsroot.check.Checks;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * UEFI through GRUB's network image: {@code boot/grub/grub.cfg-01-<mac with dashes>}, which GRUB
 * tries before {@code grub.cfg-<IP in hex>} and {@code grub.cfg}. The prefix is the one {@code
 * grub-mknetdir} installs into, {@code boot/grub} under the TFTP root.
 */
public record Grub() implements BootLoader {
  public static final String DIR = "boot/grub";

  private static final EntryPath ENTRIES = new EntryPath(DIR + "/grub.cfg-01-", "");

  private static final Pattern GRUB_SAFE = Pattern.compile("[A-Za-z0-9._/:=,+@%-]+");

  @Override
  public String name() {
    return "grub";
  }

  @Override
  public EntryPath entries() {
    return ENTRIES;
  }

  /**
   * Same kernel command line as pxelinux. GRUB has no IPAPPEND, so BOOTIF is written out from the
   * MAC this file is for. Words GRUB would expand or split ($, ;, quotes, braces...) are
   * single-quoted.
   */
  @Override
  public String renderInstall(NodeBoot boot) {
    Objects.requireNonNull(boot, "boot");
    StringBuilder linux = new StringBuilder("  linux ").append(word("/" + boot.kernel()));
    for (String arg : EntryText.kernelArgs(boot)) {
      linux.append(' ').append(word(arg));
    }
    linux.append(' ').append(word(EntryText.bootIf(boot.mac())));
    return EntryText.header(boot.nodeName(), "install")
        + "set default=install\n"
        + "set timeout=0\n"
        + "menuentry 'lui install "
        + boot.nodeName()
        + "' --id install {\n"
        + linux
        + "\n"
        + "  initrd "
        + word("/" + boot.initrd())
        + "\n"
        + "}\n";
  }

  /** {@code exit} hands control back to the firmware's next boot option. */
  @Override
  public String renderLocalBoot(String nodeName) {
    Checks.nodeName(nodeName);
    return EntryText.header(nodeName, "local boot")
        + "set default=local\n"
        + "set timeout=0\n"
        + "menuentry 'local disk' --id local {\n"
        + "  exit\n"
        + "}\n";
  }

  /** A word GRUB's parser passes through literally. */
  static String word(String word) {
    if (GRUB_SAFE.matcher(word).matches()) {
      return word;
    }
    // Inside '...' GRUB takes everything literally; a ' itself is closed, escaped and reopened.
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
