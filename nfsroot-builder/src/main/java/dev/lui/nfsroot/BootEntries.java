package dev.lui.nfsroot;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Per-node pxelinux entries ({@code pxelinux.cfg/01-aa-bb-cc-dd-ee-ff}) under a TFTP root.
 * STUB: the nfsroot module fills this in.
 */
public final class BootEntries {
  public BootEntries(Path tftpRoot) {}

  /** {@code pxelinux.cfg/01-<mac with dashes>}, relative to the TFTP root. */
  public static String pxelinuxPath(String mac) {
    throw new UnsupportedOperationException("stub");
  }

  /** The entry that boots the install kernel with its root on the node's NFS root. */
  public static String renderInstall(NodeBoot boot) {
    throw new UnsupportedOperationException("stub");
  }

  /** The entry that boots the node from its local disk. */
  public static String renderLocalBoot(String nodeName) {
    throw new UnsupportedOperationException("stub");
  }

  public void writeInstall(NodeBoot boot) throws IOException {}

  public void writeLocalBoot(String nodeName, String mac) throws IOException {}

  public void remove(String mac) throws IOException {}
}
