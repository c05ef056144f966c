package dev.lui.nfsroot.boot;

import dev.lui.contract.value.MacAddress;
import dev.lui.nfsroot.check.Checks;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A network boot loader lui writes per-node entries for: where it looks for a node's entry under
 * the TFTP root, and what the entry says to install the node or to boot its local disk. Entries are
 * pure text (the TFTP and HTTP servers answer them from the store on each request); none holds a
 * secret, since TFTP serves them to anyone.
 *
 * <p>Adding a loader is one new permit here and one line in {@link BootLoaders#ALL}; {@code
 * BootLoadersTest} fails for a permit that is not registered.
 */
public sealed interface BootLoader permits Pxelinux, Grub, Ipxe {
  /** A short lower-case name for logs and help: {@code pxelinux}. */
  String name();

  /** Where this loader looks for a node's entry. */
  EntryPath entries();

  /** The entry that boots the install kernel with its root on the node's NFS root. */
  default String renderInstall(NodeBoot boot) {
    Objects.requireNonNull(boot, "boot");
    return firstLine() + EntryText.header(boot.nodeName(), "install") + installLines(boot);
  }

  /** The entry that boots the node from its local disk. */
  default String renderLocalBoot(String nodeName) {
    Checks.nodeName(nodeName);
    return firstLine() + EntryText.header(nodeName, "local boot") + localBootLines();
  }

  /** What the install entry says after lui's header, each line ending in '\n'. */
  String installLines(NodeBoot boot);

  /** What the local-boot entry says after lui's header, each line ending in '\n'. */
  String localBootLines();

  /** A line the loader needs before lui's header comment (iPXE's {@code #!ipxe}); else empty. */
  default String firstLine() {
    return "";
  }

  /**
   * Files this loader needs that are the same for every node, by path relative to the TFTP root
   * (iPXE's chain script). Answered at request time like the entries; never written.
   */
  default Map<String, String> fixedFiles() {
    return Map.of();
  }

  /** The node's entry path, relative to the TFTP root. */
  default String entryPath(MacAddress mac) {
    return entries().of(mac);
  }

  /** The MAC a requested path names if it is one of this loader's entries. */
  default Optional<MacAddress> macOf(String requestPath) {
    return entries().macOf(requestPath);
  }
}
