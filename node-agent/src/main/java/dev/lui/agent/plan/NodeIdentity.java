package dev.lui.agent.plan;

import java.util.Optional;

/** Who the node is once installed: names and its address on the install network. */
public record NodeIdentity(
    String name,
    String hostname,
    String mac,
    String ip,
    String netmask,
    Optional<String> gateway) {}
