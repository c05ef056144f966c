package dev.lui.nfsroot.bootfiles;

import java.util.Objects;

/**
 * One loader's result.
 *
 * @param loader what it is, e.g. {@code pxelinux.0} or {@code GRUB EFI (grub-mknetdir)}
 * @param target path relative to the TFTP root, the name DHCP hands out
 * @param pkg the Debian package that ships it
 * @param outcome what happened
 * @param detail the source, the backup, or which package to install
 */
public record LoaderResult(
    String loader, String target, String pkg, Outcome outcome, String detail) {
  public LoaderResult {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  /** One line for the CLI: {@code pxelinux.0: copied from /usr/lib/PXELINUX/pxelinux.0}. */
  public String line() {
    return target
        + ": "
        + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
