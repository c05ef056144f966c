package dev.lui.core.server;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.lui.contract.value.Ipv4;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Blob;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.store.LogEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The API's JSON shapes (documented in docs/api.md). Secrets (token hashes) never appear. */
public final class Views {
  private Views() {}

  public record NodeView(
      String name,
      String mac,
      String ip,
      String netmask,
      Optional<String> gateway,
      String hostname,
      List<String> groups,
      String disk,
      String diskFrom,
      String state,
      Optional<String> step,
      Optional<String> error,
      Instant since,
      Optional<Instant> started,
      Optional<Instant> ended,
      List<String> resources,
      String afterInstall,
      boolean armed,
      Optional<String> notArmed,
      Optional<String> network,
      Optional<String> bmc,
      Optional<String> wave,
      boolean waiting,
      Optional<Instant> poweredOn,
      Optional<Instant> firstBootFile) {

    /**
     * {@code disk} is the one the plan targets; {@code diskFrom} says whose selector it is; {@code
     * armed} whether lui publishes its install entries, {@code notArmed} why not; {@code
     * firstBootFile} when the first boot file of this arming's boot was served ({@code
     * power.BootWatch#firstBootFile}).
     */
    static NodeView of(
        Node n,
        List<String> resources,
        dev.lui.core.plan.DiskChoice disk,
        dev.lui.core.plan.Arming arming,
        Optional<Instant> firstBootFile) {
      return new NodeView(
          n.name(),
          n.mac().value(),
          n.ip().toString(),
          n.netmask().toString(),
          n.gateway().map(Ipv4::toString),
          n.hostname(),
          n.groups(),
          disk.selector(),
          disk.from(),
          n.status().state().wireName(),
          n.status().step(),
          n.status().error(),
          n.status().since(),
          n.status().started(),
          n.status().ended(),
          resources,
          n.afterInstall().wireName(),
          arming.armed(),
          arming.armed() ? Optional.empty() : arming.why(),
          n.network(),
          n.bmc().map(Object::toString),
          n.status().wave(),
          n.status().waiting(),
          n.status().poweredOn(),
          firstBootFile);
    }
  }

  /**
   * A wave of power-on admission (#14), as {@code install --max-active} and {@code GET
   * /api/v1/waves} answer it: its limits, its nodes (waiting to be powered on, booting), and {@code
   * paused} with the reason while its boots are in trouble.
   */
  public record WaveView(
      String id,
      Optional<Integer> maxActive,
      Optional<Integer> size,
      long intervalSeconds,
      int nodes,
      int waiting,
      int booting,
      Optional<String> paused,
      Optional<Instant> resumed) {
    /** A new wave of {@code nodes} nodes, all waiting. */
    static WaveView of(dev.lui.core.domain.Wave w, int nodes) {
      return new WaveView(
          w.id(),
          w.maxActive(),
          w.size(),
          w.interval().toSeconds(),
          nodes,
          nodes,
          0,
          w.paused(),
          w.resumed());
    }

    /** Every wave with its members among {@code nodes} counted. */
    static List<WaveView> of(List<dev.lui.core.domain.Wave> waves, List<Node> nodes) {
      return waves.stream()
          .map(
              w -> {
                List<Node> in =
                    nodes.stream()
                        .filter(n -> n.status().wave().equals(Optional.of(w.id())))
                        .toList();
                return new WaveView(
                    w.id(),
                    w.maxActive(),
                    w.size(),
                    w.interval().toSeconds(),
                    in.size(),
                    (int) in.stream().filter(n -> n.status().waiting()).count(),
                    (int) in.stream().filter(n -> n.status().booting()).count(),
                    w.paused(),
                    w.resumed());
              })
          .toList();
    }
  }

  /**
   * A resource as its current version: {@code files} are every content it refers to (a list's list
   * file first), {@code status} whether they are in the content store.
   */
  public record ResourceView(
      String name,
      String type,
      int version,
      Instant created,
      String status,
      List<Blob> files,
      Object spec,
      List<String> allocatedTo) {
    static ResourceView of(ResourceVersion v, List<Allocation> allocations) {
      Resource r = v.resource();
      return new ResourceView(
          r.name(),
          r.type().wireName(),
          v.version(),
          v.created(),
          v.status().wireName(),
          r.contents(),
          r,
          allocationsOf(r.name(), allocations));
    }
  }

  static List<String> allocationsOf(String resource, List<Allocation> allocations) {
    return allocations.stream()
        .filter(a -> a.resource().equals(resource))
        .map(a -> a.kind().wireName() + ":" + a.target())
        .toList();
  }

  /** Every version of a resource, oldest first; {@code current} is the one plans use. */
  public record ResourceHistory(
      String name, String type, int current, List<String> allocatedTo, List<VersionView> versions) {
    static ResourceHistory of(List<ResourceVersion> versions, List<Allocation> allocations) {
      ResourceVersion last = versions.get(versions.size() - 1);
      return new ResourceHistory(
          last.name(),
          last.resource().type().wireName(),
          last.version(),
          allocationsOf(last.name(), allocations),
          versions.stream().map(VersionView::of).toList());
    }
  }

  public record VersionView(
      int version, Instant created, String status, List<Blob> files, Object spec) {
    static VersionView of(ResourceVersion v) {
      return new VersionView(
          v.version(), v.created(), v.status().wireName(), v.resource().contents(), v.resource());
    }
  }

  /**
   * {@code lui update-resource}: the current version afterwards, whether it is new, the nodes it
   * refreshed.
   */
  public record ResourceUpdate(ResourceView resource, boolean changed, List<String> nodes) {}

  /** A network and the nodes on it (#14). */
  public record NetworkView(
      String name,
      String cidr,
      Optional<String> gateway,
      List<String> dns,
      Optional<String> domain,
      List<String> nodes) {
    static NetworkView of(dev.lui.core.domain.Network n, List<String> nodes) {
      return new NetworkView(
          n.name(),
          n.cidr().toString(),
          n.gateway().map(Ipv4::toString),
          n.dns().stream().map(Ipv4::toString).toList(),
          n.domain(),
          nodes);
    }
  }

  public record GroupView(
      String name, Optional<String> disk, List<String> nodes, List<String> resources) {}

  /**
   * A log event of a node, its fields unwrapped in JSON; {@code rehearsal} marks events of a dry
   * run ({@code lui-agent --dry-run}).
   */
  public record LogView(@JsonUnwrapped LogEntry entry, boolean rehearsal) {
    static LogView of(LogEntry e, Optional<dev.lui.core.store.Run> run) {
      return new LogView(e, run.map(dev.lui.core.store.Run::isRehearsal).orElse(false));
    }
  }

  /**
   * A node's line in the batch report; {@code rehearsal} is the outcome of its last dry run ({@code
   * ok}, {@code failed} or {@code running}), which never counts as an install; {@code steps} the
   * durations of its current install's steps ({@link BatchReport}).
   */
  public record Problem(String error, String message) {}

  public record Count(int count) {}
}
