package dev.lui.core.plan;

import dev.lui.agent.plan.FirstBoot;
import dev.lui.agent.plan.InstallPlan;
import dev.lui.agent.plan.PlanCodec;
import dev.lui.agent.plan.SshHostKey;
import dev.lui.core.domain.Node;
import dev.lui.core.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * A node's plan from the store: the admin's view ({@code lui show-node --plan}, no secrets) and
 * the node's own (its ssh host keys and its first-boot report with the install token). The same
 * function serves the node root's {@code plan.json} and the agent's plan fetch, so they agree.
 */
public final class NodePlans {
  private final PlanCompiler compiler;
  private final String publicUrl;

  public NodePlans(PlanCompiler compiler, String publicUrl) {
    this.compiler = compiler;
    this.publicUrl = publicUrl.replaceAll("/+$", "");
  }

  /** The plan as the admin sees it: no secrets. */
  public String adminPlan(Store store, Catalog catalog, Node node) {
    return PlanCodec.toJson(plan(store, catalog, node, List.of()));
  }

  /**
   * The plan as the node gets it: with its ssh host keys and where and how its installed system
   * reports its first boot (the install token it was installed with).
   */
  public String nodePlan(Store store, Catalog catalog, Node node, String installToken) {
    String url = publicUrl + "/api/v1/agent/" + node.name() + "/first-boot";
    return PlanCodec.toJson(plan(store, catalog, node, store.sshHostKeys(node.name()))
        .withFirstBoot(Optional.of(new FirstBoot(url, installToken))));
  }

  private InstallPlan plan(Store store, Catalog catalog, Node node, List<SshHostKey> keys) {
    return compiler.compile(node, catalog.groupsOf(node), catalog.resourcesFor(node), keys)
        .withExpectedDisk(store.installedDisk(node.name()));
  }
}
