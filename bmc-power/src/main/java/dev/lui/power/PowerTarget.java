package dev.lui.power;

import java.util.Objects;

/** One node of a {@link PowerBatch}: its name (for results and messages) and its BMC. */
public record PowerTarget(String node, BmcAddress bmc) {
  public PowerTarget {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(bmc, "bmc");
  }
}
