package dev.lui.core.inventory;

/**
 * Brings generated files (DHCP/BOOTP, boot entries, NFS roots) in line with the store. Called
 * inside the store transaction, after the change: if it throws, the change is rolled back, so a
 * definition whose files cannot be written is not kept either.
 */
@FunctionalInterface
public interface Publication {
  void publish(Change change);

  Publication NONE = change -> {};
}
