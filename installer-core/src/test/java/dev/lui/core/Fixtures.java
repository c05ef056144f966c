package dev.lui.core;

import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Values;
import dev.lui.core.inventory.NodeSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Nodes for tests: node(1) is n01, 52:54:00:00:00:01, 10.0.0.11/24. */
public final class Fixtures {
  private Fixtures() {}

  public static Node node(int i, String... groups) {
    return new Node(
        String.format("n%02d", i),
        Values.mac("mac", String.format("52:54:00:00:00:%02x", i)),
        Values.ipv4("ip", "10.0.0." + (10 + i)),
        Values.ipv4("netmask", "255.255.255.0"),
        Optional.of(Values.ipv4("gateway", "10.0.0.1")),
        String.format("n%02d", i),
        List.of(groups),
        Optional.of("path=/dev/sda"),
        InstallStatus.armed("arm" + i, "hash" + i, Instant.parse("2026-12-01T00:00:00Z")));
  }

  /** Node {@code i} with a BMC at 10.0.1.i (the fake drivers key BMCs by host). */
  public static Node nodeWithBmc(int i, String... groups) {
    Node n = node(i, groups);
    return new Node(
        n.name(),
        n.mac(),
        n.ip(),
        n.netmask(),
        n.gateway(),
        n.hostname(),
        n.groups(),
        n.disk(),
        n.status(),
        n.afterInstall(),
        Optional.empty(),
        Optional.of(dev.lui.power.BmcAddress.parse("ipmi://admin@10.0.1." + i)));
  }

  public static NodeSpec spec(int i, String... groups) {
    return new NodeSpec(
        String.format("n%02d", i),
        String.format("52:54:00:00:00:%02x", i),
        "10.0.0." + (10 + i),
        "255.255.255.0",
        Optional.of("10.0.0.1"),
        Optional.empty(),
        List.of(groups),
        List.of(),
        Optional.empty());
  }
}
