package dev.lui.core.store;

import dev.lui.contract.disk.DiskIdentity;
import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.MacAddress;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where lui keeps what admins defined and what nodes reported. Two implementations share one test
 * suite: {@link MemoryStore} (tests, the demo's twin) and {@link SqliteStore} (the server).
 *
 * <p>Each method is atomic on its own; {@link #transaction} makes a group of calls atomic, so a
 * batch definition either lands whole or not at all. The store checks no business rules (the
 * inventory does), except that it never keeps two rows with one key.
 */
public interface Store extends AutoCloseable {

  /**
   * Runs {@code work} so that all of its writes land or none do; nested calls join the outer one.
   */
  <T> T transaction(Supplier<T> work);

  default void transaction(Runnable work) {
    transaction(
        () -> {
          work.run();
          return null;
        });
  }

  List<Node> nodes();

  /** How many nodes are in each state (states without nodes left out): {@code /metrics}. */
  default java.util.Map<dev.lui.core.domain.NodeState, Long> nodeCountsByState() {
    java.util.Map<dev.lui.core.domain.NodeState, Long> counts =
        new java.util.EnumMap<>(dev.lui.core.domain.NodeState.class);
    nodes().forEach(n -> counts.merge(n.status().state(), 1L, Long::sum));
    return counts;
  }

  Optional<Node> node(String name);

  /** Looked up by index: the TFTP server asks for every boot-entry request and transfer. */
  Optional<Node> nodeByMac(MacAddress mac);

  Optional<Node> nodeByIp(Ipv4 ip);

  /** Inserts or replaces the node with this name. */
  void putNode(Node node);

  /**
   * Inserts a new node: one with its name (or, in the SQL stores, its MAC, address or host name)
   * already stored is a conflict. The SQL stores leave that to the database's constraints, so two
   * servers defining the same node at once end with one node and one clear error.
   */
  default void addNode(Node node) {
    transaction(
        () -> {
          if (node(node.name()).isPresent()) {
            throw dev.lui.core.LuiException.conflict(
                "node name '" + node.name() + "' is already defined");
          }
          putNode(node);
        });
  }

  void deleteNode(String name);

  List<Group> groups();

  Optional<Group> group(String name);

  void putGroup(Group group);

  void deleteGroup(String name);

  /** Every network, by name (#14). */
  List<dev.lui.core.domain.Network> networks();

  Optional<dev.lui.core.domain.Network> network(String name);

  /** Stores the network, replacing one of that name. */
  void putNetwork(dev.lui.core.domain.Network network);

  void deleteNetwork(String name);

  /** Every wave of power-on admission (#14), oldest first. */
  List<dev.lui.core.domain.Wave> waves();

  /** Stores the wave, replacing one with its id. */
  void putWave(dev.lui.core.domain.Wave wave);

  void deleteWave(String id);

  List<Resource> resources();

  Optional<Resource> resource(String name);

  /**
   * Stores {@code resource} as the next version of its name (version 1 for a new name), made at
   * {@code created}, with its files' content references; it becomes the current version, which
   * {@link #resources} and {@link #resource} return.
   */
  ResourceVersion putResource(Resource resource, Instant created);

  /**
   * Every version of the resource, oldest first (the last is current); empty if it is not defined.
   */
  List<ResourceVersion> resourceVersions(String name);

  /** The current version of every resource, by name. */
  List<ResourceVersion> currentResourceVersions();

  /**
   * Versions (current or not) of any resource whose files include this content, by name and
   * version.
   */
  List<ResourceVersion> resourceVersionsUsing(String sha256);

  /** Records whether a version's files are in the content store (the upgrade's import). */
  void setResourceStatus(String name, int version, ResourceVersion.Status status);

  /** Deletes the resource with every version. */
  void deleteResource(String name);

  /** In the order they were made: that order is the order payloads install in. */
  List<Allocation> allocations();

  /** Adds it unless the same allocation exists; returns whether it was added. */
  boolean addAllocation(Allocation allocation);

  boolean deleteAllocation(Allocation allocation);

  /**
   * The disk the node's last successful install went to; the next plan makes the agent check it.
   */
  void putInstalledDisk(String node, DiskIdentity disk);

  Optional<DiskIdentity> installedDisk(String node);

  /** Every node's recorded disk, by node name (one read for a whole batch's plans). */
  java.util.Map<String, DiskIdentity> installedDisks();

  /** Forgets it (the disk was replaced on purpose: {@code lui install --new-disk}). */
  void deleteInstalledDisk(String node);

  /** The node's ssh host keys, kept across reinstalls; they go with the node. */
  void putSshHostKeys(String node, List<dev.lui.contract.plan.SshHostKey> keys);

  List<dev.lui.contract.plan.SshHostKey> sshHostKeys(String node);

  /**
   * A counter raised by every change the publisher commits (the DNS zones' SOA serial): read {@link
   * #serial}, raise it with {@link #nextSerial} inside the change's transaction.
   */
  long serial();

  long nextSerial();

  /** Inserts or replaces the run with this id. */
  void putRun(Run run);

  Optional<Run> run(String id);

  /** The node's runs, oldest first. */
  List<Run> runs(String node);

  /**
   * Deletes these runs of the node with their log entries (the retention of {@code log-runs-kept}:
   * the caller picks which runs go).
   */
  void deleteRuns(String node, java.util.Collection<String> runIds);

  /** Appends an agent event unless (node, runId, seq) is already stored; returns whether it was. */
  boolean appendLog(LogEntry entry);

  /**
   * A node's log entries with id greater than {@code afterId}, oldest first, at most {@code limit}.
   */
  List<LogEntry> log(String node, long afterId, int limit);

  /**
   * The log entries of any of {@code nodes} with id greater than {@code afterId}, oldest first, at
   * most {@code limit}: one cursor over many nodes' logs (ids are the store's, one sequence for
   * every node). This default reads each node's log; stores answer it in one query.
   */
  default List<LogEntry> log(java.util.Collection<String> nodes, long afterId, int limit) {
    List<LogEntry> all = new java.util.ArrayList<>();
    for (String node : new java.util.LinkedHashSet<>(nodes)) {
      all.addAll(log(node, afterId, limit));
    }
    all.sort(java.util.Comparator.comparingLong(LogEntry::id));
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /**
   * The entries of one run of a node whose kind is one of {@code kinds}, oldest first (the batch
   * report reads step events without reading every output line into memory).
   */
  default List<LogEntry> runLog(String node, String runId, java.util.Set<String> kinds) {
    List<LogEntry> out = new java.util.ArrayList<>();
    long after = 0;
    while (true) {
      List<LogEntry> page = log(node, after, 1000);
      for (LogEntry e : page) {
        after = e.id();
        if (e.runId().equals(runId) && kinds.contains(e.kind())) {
          out.add(e);
        }
      }
      if (page.size() < 1000) {
        return out;
      }
    }
  }

  void deleteLog(String node);

  void recordTransfer(TransferEntry transfer);

  /** Most recent last. */
  List<TransferEntry> transfers(int limit);

  /**
   * The transfers attributed to {@code node} at or after {@code since}, oldest first, at most
   * {@code limit} (#14: where a booting node's boot stands).
   */
  List<TransferEntry> transfersOf(String node, java.time.Instant since, int limit);

  /** Records something lui did to a node: armed it, a power action (#16). */
  void recordNodeEvent(NodeEvent event);

  /** The node's recorded events, oldest first; they go with the node. */
  List<NodeEvent> nodeEvents(String node);

  @Override
  void close();
}
