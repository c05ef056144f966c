package dev.lui.core.server;

import dev.lui.core.domain.MacAddress;
import dev.lui.core.domain.Node;
import dev.lui.nfsroot.BootEntries;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request path that names a node's boot entry, for one of the three firmwares. The TFTP server
 * and the HTTP server both answer these from the store, so an entry is never stale.
 */
record BootEntryPath(Firmware firmware, MacAddress mac) {
  enum Firmware { PXELINUX, GRUB, IPXE }

  private static final String HEX_DASHED = "((?:[0-9a-fA-F]{2}-){5}[0-9a-fA-F]{2})";
  private static final Pattern GRUB =
      Pattern.compile(Pattern.quote(BootEntries.GRUB_DIR) + "/grub\\.cfg-01-" + HEX_DASHED);
  private static final Pattern IPXE =
      Pattern.compile(Pattern.quote(BootEntries.IPXE_DIR) + "/" + HEX_DASHED + "\\.ipxe");

  static Optional<BootEntryPath> parse(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    Optional<String> pxe = BootEntries.macFromPxelinuxPath(p);
    if (pxe.isPresent()) {
      return Optional.of(new BootEntryPath(Firmware.PXELINUX, MacAddress.parse("path", pxe.get())));
    }
    Matcher m = GRUB.matcher(p);
    if (m.matches()) {
      return Optional.of(new BootEntryPath(Firmware.GRUB, MacAddress.parse("path", m.group(1).replace('-', ':'))));
    }
    m = IPXE.matcher(p);
    if (m.matches()) {
      return Optional.of(new BootEntryPath(Firmware.IPXE, MacAddress.parse("path", m.group(1).replace('-', ':'))));
    }
    return Optional.empty();
  }

  /** The entry for this firmware: install while armed, local boot once installed. */
  String render(Node node, FilesPublisher files) {
    boolean installed = node.status().state().isInstalled();
    switch (firmware) {
      case GRUB:
        return installed ? BootEntries.renderGrubLocalBoot(node.name()) : BootEntries.renderGrubInstall(files.bootOf(node));
      case IPXE:
        return installed ? BootEntries.renderIpxeLocalBoot(node.name()) : BootEntries.renderIpxeInstall(files.bootOf(node));
      default:
        return installed ? BootEntries.renderLocalBoot(node.name()) : BootEntries.renderInstall(files.bootOf(node));
    }
  }
}
