package dev.lui.core.domain;

import dev.lui.core.LuiException;
import dev.lui.core.WireNames;

/**
 * What happens to a node's entries when its install succeeds. LUI removed them ({@link #REMOVE});
 * many sites now keep the DHCP entry (the node keeps its address) and point the boot entry at the
 * local disk ({@link #LOCAL_BOOT}), so a node set to boot from the network still comes up.
 */
public enum AfterInstall {
  REMOVE,
  LOCAL_BOOT;

  public String wireName() {
    return WireNames.of(this);
  }

  public static AfterInstall parse(String field, String text) {
    return WireNames.find(AfterInstall.class, text)
        .orElseThrow(
            () ->
                LuiException.invalid(
                    field,
                    text,
                    "one of remove (LUI's way: entries go) or local-boot (DHCP stays, boot entry"
                        + " boots the disk)"));
  }
}
