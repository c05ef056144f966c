package dev.lui.core.domain;

import dev.lui.core.WireNames;

/** A resource given to a node or to a group (and so to its members). */
public record Allocation(String resource, TargetKind kind, String target) {
  public enum TargetKind {
    NODE,
    GROUP;

    public String wireName() {
      return WireNames.of(this);
    }
  }
}
