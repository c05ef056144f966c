package dev.lui.core.plan;

import dev.lui.contract.AgentApi;
import dev.lui.contract.plan.Finish;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.InvalidPlanException;
import dev.lui.contract.plan.NodeIdentity;
import dev.lui.contract.plan.PartitionLayout;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.contract.plan.Payload;
import dev.lui.contract.plan.PlanCodec;
import dev.lui.contract.plan.ScriptStep;
import dev.lui.contract.value.Ipv4;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Network;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Node + its resources -> the agent's install plan. Pure: the same inputs give the same plan, so
 * {@code lui show-node --plan} shows exactly what the node will get.
 *
 * <p>Payload order follows LUI: packages (rpm, deb), then tarballs, then files, then the kernel;
 * within a kind, allocation order. Scripts run last, in allocation order.
 */
public final class PlanCompiler {
  /**
   * Used when no partition-table resource is allocated: BIOS boot partition, then one ext4 root.
   */
  public static final PartitionLayout DEFAULT_LAYOUT =
      new PartitionLayout(
          "gpt",
          List.of(
              new PartitionSpec(
                  "1M", "none", Optional.empty(), Optional.empty(), List.of("bios_grub")),
              new PartitionSpec("rest", "ext4", Optional.of("/"), Optional.of("root"), List.of())));

  private final String serverUrl;
  private final Finish finish;

  /**
   * @param serverUrl the server's URL as nodes reach it; payload sources point under it
   */
  public PlanCompiler(String serverUrl, Finish finish) {
    this.serverUrl = serverUrl.replaceAll("/+$", "");
    this.finish = finish;
  }

  public InstallPlan compile(Node node, List<Resource> resources) {
    return compile(node, resources, List.of());
  }

  /** With the ssh host keys the server keeps for the node (the agent installs them). */
  public InstallPlan compile(
      Node node, List<Resource> resources, List<dev.lui.contract.plan.SshHostKey> sshHostKeys) {
    return compile(node, Map.of(), resources, sshHostKeys);
  }

  /** With the node's groups, whose disk selectors apply to members naming none. */
  public InstallPlan compile(
      Node node,
      Map<String, Group> groups,
      List<Resource> resources,
      List<dev.lui.contract.plan.SshHostKey> sshHostKeys) {
    return compile(node, groups, Optional.empty(), resources, sshHostKeys);
  }

  /**
   * With the node's network too (#14): its DNS servers become the plan's {@code nameservers}, its
   * domain the {@code searchDomains}.
   */
  public InstallPlan compile(
      Node node,
      Map<String, Group> groups,
      Optional<Network> network,
      List<Resource> resources,
      List<dev.lui.contract.plan.SshHostKey> sshHostKeys) {
    Parts parts = new Parts(node);
    resources.forEach(r -> r.accept(parts));
    List<Payload> payloads = new ArrayList<>(parts.packages);
    payloads.addAll(parts.tarballs);
    payloads.addAll(parts.files);
    payloads.addAll(parts.kernels);
    NodeIdentity identity =
        new NodeIdentity(
            node.name(),
            node.hostname(),
            node.mac().value(),
            node.ip().toString(),
            node.netmask().toString(),
            node.gateway().map(Ipv4::toString),
            network.map(n -> n.dns().stream().map(Ipv4::toString).toList()).orElse(List.of()),
            network.flatMap(Network::domain).stream().toList(),
            sshHostKeys);
    InstallPlan plan =
        new InstallPlan(
                InstallPlan.CURRENT_VERSION,
                identity,
                DiskChoice.of(node, groups, resources).selector(),
                parts.layout,
                payloads,
                parts.scripts,
                finish)
            .withBootloader(parts.bootloader);
    try {
      PlanCodec.validate(plan);
    } catch (InvalidPlanException e) {
      throw LuiException.invalid(
          "the plan of node " + node.name() + " is not valid: " + e.getMessage());
    }
    return plan;
  }

  /** What each kind of resource puts in the plan, in the plan's order of kinds. */
  private final class Parts implements Resource.Visitor<Void> {
    private final Node node;
    PartitionLayout layout = DEFAULT_LAYOUT;
    Optional<dev.lui.contract.plan.Bootloader> bootloader = Optional.empty();
    final List<Payload> packages = new ArrayList<>();
    final List<Payload> tarballs = new ArrayList<>();
    final List<Payload> files = new ArrayList<>();
    final List<Payload> kernels = new ArrayList<>();
    final List<ScriptStep> scripts = new ArrayList<>();

    Parts(Node node) {
      this.node = node;
    }

    @Override
    public Void partitionTable(Resource.PartitionTable t) {
      layout = t.layout();
      bootloader = t.bootloader();
      return null;
    }

    @Override
    public Void rpmList(Resource.RpmList l) {
      packages.add(new Payload.RpmList(l.name(), sources(node, l)));
      return null;
    }

    @Override
    public Void debList(Resource.DebList l) {
      packages.add(new Payload.DebList(l.name(), sources(node, l)));
      return null;
    }

    @Override
    public Void tarball(Resource.Tarball t) {
      tarballs.add(
          new Payload.Tarball(
              t.name(), url(node, t.archive()), t.archive().sha256(), t.directory()));
      return null;
    }

    @Override
    public Void file(Resource.FileResource f) {
      files.add(
          new Payload.FileCopy(
              f.name(),
              url(node, f.source()),
              f.source().sha256(),
              f.target(),
              f.mode(),
              f.owner()));
      return null;
    }

    @Override
    public Void kernel(Resource.Kernel k) {
      kernels.add(
          new Payload.Kernel(
              k.name(),
              new Payload.Source(url(node, k.image()), k.image().sha256()),
              k.initrd().map(i -> new Payload.Source(url(node, i), i.sha256())),
              k.version()));
      return null;
    }

    @Override
    public Void script(Resource.Script s) {
      scripts.add(new ScriptStep(s.name(), url(node, s.script()), s.script().sha256()));
      return null;
    }
  }

  /**
   * Where the agent fetches a file: the content by its digest, authenticated by the node's token
   * (served only while a resource allocated to the node refers to it).
   */
  public String url(Node node, Blob blob) {
    return serverUrl + AgentApi.contentPath(node.name(), blob.sha256());
  }

  private List<Payload.Source> sources(Node node, Resource r) {
    List<Payload.Source> out = new ArrayList<>();
    for (Blob blob : r.blobs()) {
      out.add(new Payload.Source(url(node, blob), blob.sha256()));
    }
    return out;
  }

  /** Checks a partition-table resource with the agent's own rules, on a probe plan. */
  public static void checkLayout(String source, PartitionLayout layout) {
    checkLayout(source, layout, Optional.empty());
  }

  /** The same, with the table's bootloader (which must fit the layout: extlinux on ext4, ...). */
  public static void checkLayout(
      String source,
      PartitionLayout layout,
      Optional<dev.lui.contract.plan.Bootloader> bootloader) {
    InstallPlan probe =
        new InstallPlan(
                InstallPlan.CURRENT_VERSION,
                new NodeIdentity(
                    "probe",
                    "probe",
                    "52:54:00:00:00:01",
                    "10.0.0.2",
                    "255.255.255.0",
                    Optional.empty()),
                "path=/dev/sda",
                layout,
                List.of(),
                List.of(),
                Finish.NONE)
            .withBootloader(bootloader);
    try {
      PlanCodec.validate(probe);
    } catch (InvalidPlanException e) {
      throw LuiException.invalid("--source", source, e.getMessage());
    }
  }
}
