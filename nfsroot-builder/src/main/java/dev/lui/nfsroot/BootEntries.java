package dev.lui.nfsroot;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.contract.value.MacAddress;
import dev.lui.io.AtomicWriter;
import dev.lui.io.FileModes;
import dev.lui.nfsroot.check.Checks;
import dev.lui.nfsroot.fs.SafeDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-node pxelinux entries ({@code pxelinux.cfg/01-aa-bb-cc-dd-ee-ff}) under a TFTP root. The
 * render methods are pure (the TFTP server can also serve their output dynamically); the write
 * methods replace the file atomically, so a node fetching its entry never reads half of one.
 */
public final class BootEntries {
  private static final Logger log = LoggerFactory.getLogger(BootEntries.class);

  /** pxelinux looks for {@code pxelinux.cfg/<ARP type 01>-<mac, lower-case, dashes>}. */
  public static final String PXELINUX_DIR = "pxelinux.cfg";

  private static final Pattern ENTRY_PATH =
      Pattern.compile("/?" + PXELINUX_DIR + "/01-((?:[0-9a-fA-F]{2}-){5}[0-9a-fA-F]{2})");

  private final Path tftpRoot;

  public BootEntries(Path tftpRoot) {
    this.tftpRoot = Objects.requireNonNull(tftpRoot, "tftpRoot").toAbsolutePath().normalize();
  }

  /** {@code pxelinux.cfg/01-<mac with dashes>}, relative to the TFTP root. */
  public static String pxelinuxPath(String mac) {
    return PXELINUX_DIR + "/01-" + MacAddress.parse(mac).value().replace(':', '-');
  }

  /**
   * The inverse of {@link #pxelinuxPath}: the canonical MAC a TFTP request path names, if it names
   * a per-MAC entry (case-insensitive; a leading '/' is tolerated, as some clients send one).
   */
  public static Optional<String> macFromPxelinuxPath(String path) {
    Matcher m = ENTRY_PATH.matcher(Objects.requireNonNull(path, "path"));
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(m.group(1).toLowerCase(Locale.ROOT).replace('-', ':'));
  }

  /**
   * The entry that boots the install kernel with its root on the node's NFS root. No secret goes
   * here: TFTP is unauthenticated, so anyone can read this file.
   */
  public static String renderInstall(NodeBoot boot) {
    Objects.requireNonNull(boot, "boot");
    StringBuilder append =
        new StringBuilder()
            .append("initrd=")
            .append(boot.initrd())
            .append(" root=/dev/nfs nfsroot=")
            .append(boot.nfsRoot())
            .append(",ro ip=dhcp boot=nfs lui.server=")
            .append(boot.serverUrl())
            .append(" lui.node=")
            .append(boot.nodeName());
    for (String arg : boot.extraKernelArgs()) {
      append.append(' ').append(arg);
    }
    return header(boot.nodeName(), "install")
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

  /** The entry that boots the node from its local disk. */
  public static String renderLocalBoot(String nodeName) {
    Checks.nodeName(nodeName);
    return header(nodeName, "local boot")
        + "DEFAULT local\n"
        + "PROMPT 0\n"
        + "TIMEOUT 0\n"
        + "LABEL local\n"
        + "  LOCALBOOT 0\n";
  }

  /**
   * Where GRUB's network boot looks for a per-MAC config: {@code <prefix>/grub.cfg-01-<mac with
   * dashes>}, tried before {@code grub.cfg-<IP in hex>} and {@code grub.cfg}. The prefix is the one
   * {@code grub-mknetdir} installs into, {@code boot/grub} under the TFTP root.
   */
  public static final String GRUB_DIR = "boot/grub";

  /** iPXE looks nothing up itself; the DHCP filename chains to {@code ipxe/${mac:hexhyp}.ipxe}. */
  public static final String IPXE_DIR = "ipxe";

  /** {@code boot/grub/grub.cfg-01-<mac with dashes>}, relative to the TFTP root. */
  public static String grubPath(String mac) {
    return GRUB_DIR + "/grub.cfg-01-" + MacAddress.parse(mac).value().replace(':', '-');
  }

  /** {@code ipxe/<mac with dashes>.ipxe}, relative to the TFTP root. */
  public static String ipxePath(String mac) {
    return IPXE_DIR + "/" + MacAddress.parse(mac).value().replace(':', '-') + ".ipxe";
  }

  /**
   * The GRUB (UEFI) install entry: same kernel command line as pxelinux. GRUB has no IPAPPEND, so
   * BOOTIF is written out from the MAC this file is for. Words GRUB would expand or split ($, ;,
   * quotes, braces...) are single-quoted.
   */
  public static String renderGrubInstall(NodeBoot boot) {
    Objects.requireNonNull(boot, "boot");
    StringBuilder linux = new StringBuilder("  linux ").append(grubWord("/" + boot.kernel()));
    for (String arg : kernelArgs(boot)) {
      linux.append(' ').append(grubWord(arg));
    }
    linux.append(' ').append(grubWord(bootIf(boot.mac())));
    return header(boot.nodeName(), "install")
        + "set default=install\n"
        + "set timeout=0\n"
        + "menuentry 'lui install "
        + boot.nodeName()
        + "' --id install {\n"
        + linux
        + "\n"
        + "  initrd "
        + grubWord("/" + boot.initrd())
        + "\n"
        + "}\n";
  }

  /** GRUB local boot: {@code exit} hands control back to the firmware's next boot option. */
  public static String renderGrubLocalBoot(String nodeName) {
    Checks.nodeName(nodeName);
    return header(nodeName, "local boot")
        + "set default=local\n"
        + "set timeout=0\n"
        + "menuentry 'local disk' --id local {\n"
        + "  exit\n"
        + "}\n";
  }

  /**
   * The iPXE install script. Paths are absolute: iPXE resolves relative ones against the script's
   * own URI ({@code ipxe/}). {@code initrd=<name>} is on the command line for the EFI stub. iPXE
   * has no quoting for '$', so a word containing one is refused rather than expanded.
   */
  public static String renderIpxeInstall(NodeBoot boot) {
    Objects.requireNonNull(boot, "boot");
    String initrdName = boot.initrd().substring(boot.initrd().lastIndexOf('/') + 1);
    StringBuilder kernel =
        new StringBuilder("kernel ")
            .append(ipxeWord("kernel", "/" + boot.kernel()))
            .append(" initrd=")
            .append(ipxeWord("initrd", initrdName));
    for (String arg : kernelArgs(boot)) {
      kernel.append(' ').append(ipxeWord("kernel argument", arg));
    }
    kernel.append(' ').append(bootIf(boot.mac()));
    return "#!ipxe\n"
        + header(boot.nodeName(), "install")
        + kernel
        + "\n"
        + "initrd "
        + ipxeWord("initrd", "/" + boot.initrd())
        + "\n"
        + "boot\n";
  }

  /** iPXE local boot: {@code exit} returns to the firmware, which tries the next boot device. */
  public static String renderIpxeLocalBoot(String nodeName) {
    Checks.nodeName(nodeName);
    return "#!ipxe\n" + header(nodeName, "local boot") + "exit\n";
  }

  public Path grubEntryPath(String mac) {
    return tftpRoot.resolve(grubPath(mac));
  }

  public Path ipxeEntryPath(String mac) {
    return tftpRoot.resolve(ipxePath(mac));
  }

  /** Writes the install entry for all three firmwares: pxelinux, GRUB (UEFI) and iPXE. */
  public void writeInstallAll(NodeBoot boot) throws IOException {
    // Render everything first so a refused value leaves all existing entries untouched.
    String pxe = renderInstall(boot);
    String grub = renderGrubInstall(boot);
    String ipxe = renderIpxeInstall(boot);
    write(entryPath(boot.mac()), pxe);
    write(grubEntryPath(boot.mac()), grub);
    write(ipxeEntryPath(boot.mac()), ipxe);
    log.info(
        "wrote install boot entries (pxelinux, grub, ipxe) for {} ({})",
        boot.nodeName(),
        boot.mac());
  }

  /** Writes the local-boot entry for all three firmwares. */
  public void writeLocalBootAll(String nodeName, String mac) throws IOException {
    String pxe = renderLocalBoot(nodeName);
    String grub = renderGrubLocalBoot(nodeName);
    String ipxe = renderIpxeLocalBoot(nodeName);
    write(entryPath(mac), pxe);
    write(grubEntryPath(mac), grub);
    write(ipxeEntryPath(mac), ipxe);
    log.info(
        "wrote local boot entries (pxelinux, grub, ipxe) for {} ({})",
        nodeName,
        MacAddress.parse(mac).value());
  }

  /** Removes all three entries for the MAC. Idempotent. */
  public void removeAll(String mac) throws IOException {
    boolean any = AtomicWriter.deleteIfExists(entryPath(mac));
    any |= AtomicWriter.deleteIfExists(grubEntryPath(mac));
    any |= AtomicWriter.deleteIfExists(ipxeEntryPath(mac));
    if (any) {
      log.info("removed boot entries for {}", MacAddress.parse(mac).value());
    }
  }

  /** lui's kernel arguments after the kernel/initrd, shared by every firmware's entry. */
  static List<String> kernelArgs(NodeBoot boot) {
    List<String> args = new ArrayList<>();
    args.add("root=/dev/nfs");
    args.add("nfsroot=" + boot.nfsRoot() + ",ro");
    args.add("ip=dhcp");
    args.add("boot=nfs");
    args.add("lui.server=" + boot.serverUrl());
    args.add("lui.node=" + boot.nodeName());
    args.addAll(boot.extraKernelArgs());
    return args;
  }

  private static String bootIf(String mac) {
    return "BOOTIF=01-" + mac.replace(':', '-');
  }

  private static final Pattern GRUB_SAFE = Pattern.compile("[A-Za-z0-9._/:=,+@%-]+");

  /** A word GRUB's parser passes through literally. */
  static String grubWord(String word) {
    if (GRUB_SAFE.matcher(word).matches()) {
      return word;
    }
    // Inside '...' GRUB takes everything literally; a ' itself is closed, escaped and reopened.
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static String ipxeWord(String field, String word) {
    if (word.indexOf('$') >= 0) {
      throw new InvalidValueException(
          field,
          word,
          "no '$' (iPXE would expand it)",
          field + " " + Checks.quote(word) + " must not contain '$': iPXE would expand it");
    }
    return word;
  }

  /** Where the entry for {@code mac} lives on disk. */
  public Path entryPath(String mac) {
    return tftpRoot.resolve(pxelinuxPath(mac));
  }

  public void writeInstall(NodeBoot boot) throws IOException {
    write(boot.mac(), renderInstall(boot));
    log.info("wrote install boot entry for {} ({})", boot.nodeName(), boot.mac());
  }

  public void writeLocalBoot(String nodeName, String mac) throws IOException {
    write(mac, renderLocalBoot(nodeName));
    log.info("wrote local boot entry for {} ({})", nodeName, MacAddress.parse(mac).value());
  }

  /** Removes the node's entry; pxelinux then falls back to {@code default}. Idempotent. */
  public void remove(String mac) throws IOException {
    if (AtomicWriter.deleteIfExists(entryPath(mac))) {
      log.info("removed boot entry for {}", MacAddress.parse(mac).value());
    }
  }

  private void write(String mac, String content) throws IOException {
    write(entryPath(mac), content);
  }

  private void write(Path target, String content) throws IOException {
    SafeDirectories.ensureDirectory(tftpRoot, target.getParent(), FileModes.MODE_0755);
    AtomicWriter.write(
        target,
        content.getBytes(StandardCharsets.US_ASCII),
        FileModes.MODE_0644,
        AtomicWriter.Option.FSYNC);
  }

  private static String header(String nodeName, String what) {
    return "# " + what + " entry generated by lui for " + nodeName + "; lui rewrites this file\n";
  }
}
