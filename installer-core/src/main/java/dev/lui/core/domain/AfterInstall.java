package dev.lui.core.domain;

import dev.lui.core.LuiException;
import java.util.Locale;

/**
 * What happens to a node's entries when its install succeeds. LUI removed them ({@link #REMOVE});
 * many sites now keep the DHCP entry (the node keeps its address) and point the boot entry at the
 * local disk ({@link #LOCAL_BOOT}), so a node set to boot from the network still comes up.
 */
public enum AfterInstall {
  REMOVE,
  LOCAL_BOOT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static AfterInstall parse(String field, String text) {
    for (AfterInstall a : values()) {
      if (a.wireName().equals(text)) {
        return a;
      }
    }
    throw LuiException.invalid(
        field,
        text,
        "one of remove (LUI's way: entries go) or local-boot (DHCP stays, boot entry boots the disk)");
  }
}
