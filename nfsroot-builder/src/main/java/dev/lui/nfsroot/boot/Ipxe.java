package dev.lui.nfsroot.boot;

import dev.lui.nfsroot.check.Checks;
import java.util.Map;

/**
 * iPXE (any firmware). iPXE looks nothing up itself: DHCP hands a chain-loaded iPXE the URL of
 * {@link #CHAIN_PATH}, whose script chains on to the node's own {@code ipxe/<mac with
 * dashes>.ipxe}.
 */
public record Ipxe() implements BootLoader {
  public static final String DIR = "ipxe";

  /** What a chain-loaded iPXE is told to fetch: the same script for every node. */
  public static final String CHAIN_PATH = DIR + "/boot.ipxe";

  /** The first line of every iPXE script. */
  private static final String SHEBANG = "#!ipxe\n";

  private static final EntryPath ENTRIES = new EntryPath(DIR + "/", ".ipxe");

  @Override
  public String name() {
    return "ipxe";
  }

  @Override
  public EntryPath entries() {
    return ENTRIES;
  }

  /**
   * Paths are absolute: iPXE resolves relative ones against the script's own URI ({@code ipxe/}).
   * {@code initrd=<name>} is on the command line for the EFI stub. iPXE has no quoting for '$', so
   * a word containing one is refused rather than expanded.
   */
  @Override
  public String installLines(NodeBoot boot) {
    String initrdName = boot.initrd().substring(boot.initrd().lastIndexOf('/') + 1);
    StringBuilder kernel =
        new StringBuilder("kernel ")
            .append(word("kernel", "/" + boot.kernel()))
            .append(" initrd=")
            .append(word("initrd", initrdName));
    for (String arg : EntryText.kernelArgs(boot)) {
      kernel.append(' ').append(word("kernel argument", arg));
    }
    kernel.append(' ').append(EntryText.bootIf(boot.mac()));
    return kernel + "\n" + "initrd " + word("initrd", "/" + boot.initrd()) + "\n" + "boot\n";
  }

  /** {@code exit} returns to the firmware, which tries the next boot device. */
  @Override
  public String localBootLines() {
    return "exit\n";
  }

  @Override
  public String firstLine() {
    return SHEBANG;
  }

  /** The chain script: iPXE expands {@code ${mac:hexhyp}} itself, one URL in DHCP for all. */
  @Override
  public Map<String, String> fixedFiles() {
    return Map.of(CHAIN_PATH, chainScript());
  }

  /** Chains to this machine's own entry; no entry means boot the next device. */
  public static String chainScript() {
    return SHEBANG
        + "# lui: chain to this machine's own entry; no entry means boot the next device\n"
        + "chain --autofree /"
        + DIR
        + "/${mac:hexhyp}.ipxe || exit\n";
  }

  private static String word(String field, String word) {
    if (word.indexOf('$') >= 0) {
      throw new dev.lui.contract.value.InvalidValueException(
          field,
          word,
          "no '$' (iPXE would expand it)",
          field + " " + Checks.quote(word) + " must not contain '$': iPXE would expand it");
    }
    return word;
  }
}
