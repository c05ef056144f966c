package dev.lui.nfsroot.boot;

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
  public String installLines(NodeBoot boot) {
    StringBuilder linux = new StringBuilder("  linux ").append(word("/" + boot.kernel()));
    for (String arg : EntryText.kernelArgs(boot)) {
      linux.append(' ').append(word(arg));
    }
    linux.append(' ').append(word(EntryText.bootIf(boot.mac())));
    return only(
        "install",
        "lui install " + boot.nodeName(),
        linux + "\n" + "  initrd " + word("/" + boot.initrd()) + "\n");
  }

  /** {@code exit} hands control back to the firmware's next boot option. */
  @Override
  public String localBootLines() {
    return only("local", "local disk", "  exit\n");
  }

  /**
   * One menu entry {@code id}, booted at once. {@code title} is fixed text and a node name at most,
   * which has no quotes (see {@code Checks.nodeName}).
   */
  private static String only(String id, String title, String body) {
    return "set default="
        + id
        + "\n"
        + "set timeout=0\n"
        + "menuentry '"
        + title
        + "' --id "
        + id
        + " {\n"
        + body
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
