package dev.lui.core.store;

import dev.lui.contract.disk.DiskIdentity;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.domain.Wave;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** The in-memory twin of {@link SqliteStore}: same contract, same test suite. */
public final class MemoryStore implements Store {
  private final ReentrantLock lock = new ReentrantLock();
  private State state = new State();

  /** Everything, copyable so a failed transaction can be rolled back by restoring a snapshot. */
  private static final class State {
    final TreeMap<String, Node> nodes = new TreeMap<>();
    final TreeMap<String, Group> groups = new TreeMap<>();
    final TreeMap<String, dev.lui.core.domain.Network> networks = new TreeMap<>();
    final Map<String, dev.lui.core.domain.Wave> waves = new LinkedHashMap<>();
    final TreeMap<String, Resource> resources = new TreeMap<>();
    final TreeMap<String, List<ResourceVersion>> versions = new TreeMap<>();
    final List<Allocation> allocations = new ArrayList<>();
    final Map<String, List<LogEntry>> logs = new LinkedHashMap<>();
    final List<TransferEntry> transfers = new ArrayList<>();
    final Map<String, DiskIdentity> disks = new LinkedHashMap<>();
    final Map<String, List<dev.lui.contract.plan.SshHostKey>> sshKeys = new LinkedHashMap<>();
    final Map<String, Run> runs = new LinkedHashMap<>();
    final Map<String, List<NodeEvent>> events = new LinkedHashMap<>();
    long nextLogId = 1;
    long serial = 1;

    State copy() {
      State s = new State();
      s.nodes.putAll(nodes);
      s.groups.putAll(groups);
      s.networks.putAll(networks);
      s.waves.putAll(waves);
      s.resources.putAll(resources);
      versions.forEach((k, v) -> s.versions.put(k, new ArrayList<>(v)));
      s.allocations.addAll(allocations);
      logs.forEach((k, v) -> s.logs.put(k, new ArrayList<>(v)));
      s.transfers.addAll(transfers);
      s.disks.putAll(disks);
      s.sshKeys.putAll(sshKeys);
      s.runs.putAll(runs);
      events.forEach((k, v) -> s.events.put(k, new ArrayList<>(v)));
      s.nextLogId = nextLogId;
      s.serial = serial;
      return s;
    }
  }

  @Override
  public <T> T transaction(Supplier<T> work) {
    lock.lock();
    try {
      if (lock.getHoldCount() > 1) {
        return work.get();
      }
      State snapshot = state.copy();
      try {
        return work.get();
      } catch (RuntimeException | Error e) {
        state = snapshot;
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private <T> T locked(Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Node> nodes() {
    return locked(() -> List.copyOf(state.nodes.values()));
  }

  @Override
  public Optional<Node> node(String name) {
    return locked(() -> Optional.ofNullable(state.nodes.get(name)));
  }

  @Override
  public Optional<Node> nodeByMac(dev.lui.contract.value.MacAddress mac) {
    return locked(() -> state.nodes.values().stream().filter(n -> n.mac().equals(mac)).findFirst());
  }

  @Override
  public Optional<Node> nodeByIp(dev.lui.contract.value.Ipv4 ip) {
    return locked(() -> state.nodes.values().stream().filter(n -> n.ip().equals(ip)).findFirst());
  }

  @Override
  public void putNode(Node node) {
    locked(() -> state.nodes.put(node.name(), node));
  }

  @Override
  public void deleteNode(String name) {
    locked(
        () -> {
          state.disks.remove(name);
          state.sshKeys.remove(name);
          state.runs.values().removeIf(r -> r.node().equals(name));
          state.events.remove(name);
          return state.nodes.remove(name);
        });
  }

  @Override
  public void putInstalledDisk(String node, DiskIdentity disk) {
    locked(() -> state.disks.put(node, disk));
  }

  @Override
  public Optional<DiskIdentity> installedDisk(String node) {
    return locked(() -> Optional.ofNullable(state.disks.get(node)));
  }

  @Override
  public Map<String, DiskIdentity> installedDisks() {
    return locked(() -> Map.copyOf(state.disks));
  }

  @Override
  public void deleteInstalledDisk(String node) {
    locked(() -> state.disks.remove(node));
  }

  @Override
  public void putSshHostKeys(String node, List<dev.lui.contract.plan.SshHostKey> keys) {
    locked(() -> state.sshKeys.put(node, List.copyOf(keys)));
  }

  @Override
  public List<dev.lui.contract.plan.SshHostKey> sshHostKeys(String node) {
    return locked(() -> state.sshKeys.getOrDefault(node, List.of()));
  }

  @Override
  public long serial() {
    return locked(() -> state.serial);
  }

  @Override
  public long nextSerial() {
    return locked(() -> ++state.serial);
  }

  @Override
  public void putRun(Run run) {
    locked(() -> state.runs.put(run.id(), run));
  }

  @Override
  public Optional<Run> run(String id) {
    return locked(() -> Optional.ofNullable(state.runs.get(id)));
  }

  @Override
  public List<Run> runs(String node) {
    return locked(() -> state.runs.values().stream().filter(r -> r.node().equals(node)).toList());
  }

  @Override
  public void deleteRuns(String node, java.util.Collection<String> runIds) {
    locked(
        () -> {
          state.runs.values().removeIf(r -> r.node().equals(node) && runIds.contains(r.id()));
          return state
              .logs
              .getOrDefault(node, new ArrayList<>())
              .removeIf(e -> runIds.contains(e.runId()));
        });
  }

  @Override
  public List<Group> groups() {
    return locked(() -> List.copyOf(state.groups.values()));
  }

  @Override
  public Optional<Group> group(String name) {
    return locked(() -> Optional.ofNullable(state.groups.get(name)));
  }

  @Override
  public void putGroup(Group group) {
    locked(() -> state.groups.put(group.name(), group));
  }

  @Override
  public void deleteGroup(String name) {
    locked(() -> state.groups.remove(name));
  }

  @Override
  public List<dev.lui.core.domain.Network> networks() {
    return locked(() -> List.copyOf(state.networks.values()));
  }

  @Override
  public Optional<dev.lui.core.domain.Network> network(String name) {
    return locked(() -> Optional.ofNullable(state.networks.get(name)));
  }

  @Override
  public void putNetwork(dev.lui.core.domain.Network network) {
    locked(() -> state.networks.put(network.name(), network));
  }

  @Override
  public void deleteNetwork(String name) {
    locked(() -> state.networks.remove(name));
  }

  @Override
  public List<dev.lui.core.domain.Wave> waves() {
    return locked(
        () -> state.waves.values().stream().sorted(Comparator.comparing(Wave::created)).toList());
  }

  @Override
  public void putWave(dev.lui.core.domain.Wave wave) {
    locked(() -> state.waves.put(wave.id(), wave));
  }

  @Override
  public void deleteWave(String id) {
    locked(() -> state.waves.remove(id));
  }

  @Override
  public List<Resource> resources() {
    return locked(() -> List.copyOf(state.resources.values()));
  }

  @Override
  public Optional<Resource> resource(String name) {
    return locked(() -> Optional.ofNullable(state.resources.get(name)));
  }

  @Override
  public ResourceVersion putResource(Resource resource, Instant created) {
    return locked(
        () -> {
          List<ResourceVersion> all =
              state.versions.computeIfAbsent(resource.name(), k -> new ArrayList<>());
          int next = all.isEmpty() ? 1 : all.get(all.size() - 1).version() + 1;
          ResourceVersion v =
              new ResourceVersion(resource, next, created, ResourceVersion.Status.READY);
          all.add(v);
          state.resources.put(resource.name(), resource);
          return v;
        });
  }

  @Override
  public List<ResourceVersion> resourceVersions(String name) {
    return locked(() -> List.copyOf(state.versions.getOrDefault(name, List.of())));
  }

  @Override
  public List<ResourceVersion> currentResourceVersions() {
    return locked(() -> state.versions.values().stream().map(v -> v.get(v.size() - 1)).toList());
  }

  @Override
  public List<ResourceVersion> resourceVersionsUsing(String sha256) {
    return locked(
        () ->
            state.versions.values().stream()
                .flatMap(List::stream)
                .filter(
                    v -> v.resource().contents().stream().anyMatch(b -> b.sha256().equals(sha256)))
                .toList());
  }

  @Override
  public void setResourceStatus(String name, int version, ResourceVersion.Status status) {
    locked(
        () -> {
          List<ResourceVersion> all = state.versions.getOrDefault(name, new ArrayList<>());
          all.replaceAll(v -> v.version() == version ? v.withStatus(status) : v);
          return null;
        });
  }

  @Override
  public void deleteResource(String name) {
    locked(
        () -> {
          state.versions.remove(name);
          return state.resources.remove(name);
        });
  }

  @Override
  public List<Allocation> allocations() {
    return locked(() -> List.copyOf(state.allocations));
  }

  @Override
  public boolean addAllocation(Allocation allocation) {
    return locked(
        () -> !state.allocations.contains(allocation) && state.allocations.add(allocation));
  }

  @Override
  public boolean deleteAllocation(Allocation allocation) {
    return locked(() -> state.allocations.remove(allocation));
  }

  @Override
  public boolean appendLog(LogEntry entry) {
    return locked(
        () -> {
          List<LogEntry> log = state.logs.computeIfAbsent(entry.node(), k -> new ArrayList<>());
          boolean seen =
              log.stream().anyMatch(e -> e.runId().equals(entry.runId()) && e.seq() == entry.seq());
          if (seen) {
            return false;
          }
          log.add(entry.withId(state.nextLogId++));
          return true;
        });
  }

  @Override
  public List<LogEntry> log(String node, long afterId, int limit) {
    return locked(
        () ->
            state.logs.getOrDefault(node, List.of()).stream()
                .filter(e -> e.id() > afterId)
                .limit(limit)
                .toList());
  }

  @Override
  public void deleteLog(String node) {
    locked(() -> state.logs.remove(node));
  }

  @Override
  public void recordTransfer(TransferEntry transfer) {
    locked(() -> state.transfers.add(transfer));
  }

  @Override
  public List<TransferEntry> transfers(int limit) {
    return locked(
        () -> {
          List<TransferEntry> all = state.transfers;
          return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
        });
  }

  @Override
  public List<TransferEntry> transfersOf(String node, java.time.Instant since, int limit) {
    return locked(
        () ->
            state.transfers.stream()
                .filter(t -> t.node().equals(Optional.of(node)) && !t.time().isBefore(since))
                .limit(limit)
                .toList());
  }

  @Override
  public void recordNodeEvent(NodeEvent e) {
    locked(() -> NodeEvent.append(state.events, e));
  }

  @Override
  public List<NodeEvent> nodeEvents(String node) {
    return locked(() -> List.copyOf(state.events.getOrDefault(node, List.of())));
  }

  @Override
  public void close() {}
}
