package dev.lui.core.domain;

import java.util.Optional;

/**
 * A named set of nodes that resources can be allocated to. Membership lives on {@link Node}.
 *
 * @param disk the disk selector of members that have none of their own
 */
public record Group(String name, Optional<String> disk) {
  public Group {
    disk = disk == null ? Optional.empty() : disk.filter(d -> !d.isBlank());
  }

  public Group(String name) {
    this(name, Optional.empty());
  }
}
