package dev.lui.core.plan;

import dev.lui.contract.AgentApi;
import dev.lui.contract.disk.DiskIdentity;
import dev.lui.contract.plan.FirstBoot;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.PlanCodec;
import dev.lui.contract.plan.SshHostKey;
import dev.lui.core.domain.Node;
import dev.lui.core.identity.SshHostKeys;
import dev.lui.core.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * A node's plan from the store: the admin's view ({@code lui show-node --plan}, no secrets) and the
 * node's own (its ssh host keys and its first-boot report with the install token). The same
 * function serves the node root's {@code plan.json} and the agent's plan fetch, so they agree.
 */
public final class NodePlans {
  private final PlanCompiler compiler;
  private final String publicUrl;

  public NodePlans(PlanCompiler compiler, String publicUrl) {
    this.compiler = compiler;
    this.publicUrl = publicUrl.replaceAll("/+$", "");
  }

  /**
   * The plan as the admin sees it ({@code lui show-node --plan}) and as the node root keeps it: no
   * secrets, so a node root holds no private key and the plan can be rehearsed on the node ({@code
   * lui-agent --plan /lui/lui/plan.json --dry-run}).
   */
  public String adminPlan(Store store, Catalog catalog, Node node) {
    return adminPlan(catalog, node, store.installedDisk(node.name()));
  }

  /** The same, pure: the disk of the node's last install given (read in bulk for many nodes). */
  public String adminPlan(Catalog catalog, Node node, Optional<DiskIdentity> installedDisk) {
    return PlanCodec.toJson(plan(catalog, node, List.of(), installedDisk));
  }

  /**
   * The plan as the node's agent gets it over its authenticated fetch: with its ssh host keys and
   * where and how its installed system reports its first boot (the install token it was installed
   * with). The keys are made the first time, then kept: a reinstalled node keeps its identity. Call
   * inside a store transaction.
   */
  public String nodePlan(Store store, Catalog catalog, Node node, String installToken) {
    List<SshHostKey> keys = store.sshHostKeys(node.name());
    if (keys.isEmpty()) {
      keys = List.of(SshHostKeys.ed25519("root@" + node.hostname()));
      store.putSshHostKeys(node.name(), keys);
    }
    String url = publicUrl + AgentApi.firstBootPath(node.name());
    return PlanCodec.toJson(
        plan(catalog, node, keys, store.installedDisk(node.name()))
            .withFirstBoot(Optional.of(new FirstBoot(url, installToken))));
  }

  private InstallPlan plan(
      Catalog catalog, Node node, List<SshHostKey> keys, Optional<DiskIdentity> disk) {
    return compiler
        .compile(
            node, catalog.groupsOf(node), catalog.networkOf(node), catalog.resourcesFor(node), keys)
        .withExpectedDisk(disk);
  }
}
