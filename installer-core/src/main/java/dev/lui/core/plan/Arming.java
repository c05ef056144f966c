package dev.lui.core.plan;

import dev.lui.core.domain.AfterInstall;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeState;
import dev.lui.core.domain.Resource;
import java.util.List;
import java.util.Optional;

/**
 * The one rule for what lui publishes for a node. A node is <b>armed</b> (its DHCP entry hands out
 * a boot file, its boot entries boot the installer, its NFS root holds its plan and token) when it
 * waits for, runs or retries an install ({@code defined}, {@code installing}, {@code failed}) and
 * its plan installs a system. A plan without a tarball, rpm-list or deb-list would wipe the disk
 * and leave an empty file system, so such a node is defined but never armed.
 *
 * @param armed whether the node gets install entries, a node root and an export
 * @param localBoot whether an installed node keeps its DHCP entry and boots its disk
 * @param why for a node that is not armed, why (for messages: "not armed, WHY")
 */
public record Arming(boolean armed, boolean localBoot, Optional<String> why) {
  public static final String NO_SYSTEM =
      "its plan installs no system; allocate a tarball, rpm-list or deb-list";

  public static Arming of(Node node, List<Resource> resources) {
    NodeState state = node.status().state();
    if (state.isInstalled()) {
      return new Arming(
          false,
          node.afterInstall() == AfterInstall.LOCAL_BOOT,
          Optional.of(
              "it is " + state.wireName() + "; re-arm it with 'lui install " + node.name() + "'"));
    }
    if (resources.stream().noneMatch(Resource::installsSystem)) {
      return new Arming(false, false, Optional.of(NO_SYSTEM));
    }
    return new Arming(true, false, Optional.empty());
  }

  /** Whether DHCP answers for the node: armed, or installed and booting its disk. */
  public boolean inDhcp() {
    return armed || localBoot;
  }
}
