package dev.lui.nfsroot;

import java.util.List;

/**
 * What a node's install boot entry needs.
 *
 * @param mac lower-case, colon-separated
 * @param serverUrl the lui server's HTTP URL as the node reaches it
 * @param nfsRoot {@code server:/export/path} of the node's root
 * @param kernel path of the install kernel relative to the TFTP root
 * @param initrd path of the install initramfs relative to the TFTP root
 */
public record NodeBoot(
    String nodeName,
    String mac,
    String serverUrl,
    String nfsRoot,
    String kernel,
    String initrd,
    List<String> extraKernelArgs) {
  public NodeBoot {
    extraKernelArgs = List.copyOf(extraKernelArgs);
  }
}
