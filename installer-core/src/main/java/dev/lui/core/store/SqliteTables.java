package dev.lui.core.store;

import dev.lui.contract.disk.DiskIdentity;
import dev.lui.contract.plan.SshHostKey;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SQLite store's tables other than nodes: groups, networks, waves and allocations here,
 * resources ({@link SqliteResources}) and what installs leave ({@link SqliteInstalls}) through
 * delegation.
 */
abstract class SqliteTables implements Store {
  final Jdbc db;
  final JsonColumns codec;
  private final SqliteResources resources;
  private final SqliteInstalls installs;

  SqliteTables(Jdbc db, JsonColumns codec) {
    this.db = db;
    this.codec = codec;
    this.resources = new SqliteResources(db, codec);
    this.installs = new SqliteInstalls(db, codec);
  }

  // ---- groups

  @Override
  public List<Group> groups() {
    return groups("SELECT name, disk FROM groups_ ORDER BY name");
  }

  @Override
  public Optional<Group> group(String name) {
    return groups("SELECT name, disk FROM groups_ WHERE name = ?", name).stream().findFirst();
  }

  private List<Group> groups(String query, Object... args) {
    return db.rows(
        query, rs -> new Group(rs.getString(1), Optional.ofNullable(rs.getString(2))), args);
  }

  @Override
  public void putGroup(Group group) {
    db.update(
        "INSERT INTO groups_ (name, disk) VALUES (?, ?)"
            + " ON CONFLICT(name) DO UPDATE SET disk = excluded.disk",
        group.name(),
        group.disk());
  }

  @Override
  public void deleteGroup(String name) {
    db.update("DELETE FROM groups_ WHERE name = ?", name);
  }

  // ---- networks

  @Override
  public List<dev.lui.core.domain.Network> networks() {
    return networks("SELECT name, cidr, gateway, dns, domain FROM networks ORDER BY name");
  }

  @Override
  public Optional<dev.lui.core.domain.Network> network(String name) {
    return networks("SELECT name, cidr, gateway, dns, domain FROM networks WHERE name = ?", name)
        .stream()
        .findFirst();
  }

  private List<dev.lui.core.domain.Network> networks(String query, Object... args) {
    return db.rows(
        query,
        rs ->
            new dev.lui.core.domain.Network(
                rs.getString(1),
                dev.lui.contract.value.Ipv4Network.parse("cidr", rs.getString(2)),
                Optional.ofNullable(rs.getString(3))
                    .map(g -> dev.lui.contract.value.Ipv4.parse("gateway", g)),
                rs.getString(4).isEmpty()
                    ? List.of()
                    : java.util.Arrays.stream(rs.getString(4).split(","))
                        .map(d -> dev.lui.contract.value.Ipv4.parse("dns", d))
                        .toList(),
                Optional.ofNullable(rs.getString(5))),
        args);
  }

  @Override
  public void putNetwork(dev.lui.core.domain.Network network) {
    db.update(
        "INSERT INTO networks (name, cidr, gateway, dns, domain) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT(name) DO UPDATE SET cidr = excluded.cidr, gateway = excluded.gateway,"
            + " dns = excluded.dns, domain = excluded.domain",
        network.name(),
        network.cidr().toString(),
        network.gateway().map(Object::toString),
        String.join(",", network.dns().stream().map(Object::toString).toList()),
        network.domain());
  }

  @Override
  public void deleteNetwork(String name) {
    db.update("DELETE FROM networks WHERE name = ?", name);
  }

  // ---- waves (#14)

  @Override
  public List<dev.lui.core.domain.Wave> waves() {
    return db.rows(
        "SELECT id, max_active, size, interval_ms, created FROM waves ORDER BY created, id",
        rs ->
            new dev.lui.core.domain.Wave(
                rs.getString(1),
                rs.getObject(2) == null ? Optional.empty() : Optional.of(rs.getInt(2)),
                rs.getObject(3) == null ? Optional.empty() : Optional.of(rs.getInt(3)),
                java.time.Duration.ofMillis(rs.getLong(4)),
                Instant.parse(rs.getString(5))));
  }

  @Override
  public void putWave(dev.lui.core.domain.Wave wave) {
    db.update(
        "INSERT OR REPLACE INTO waves (id, max_active, size, interval_ms, created)"
            + " VALUES (?, ?, ?, ?, ?)",
        wave.id(),
        wave.maxActive().map(Long::valueOf),
        wave.size().map(Long::valueOf),
        wave.interval().toMillis(),
        wave.created().toString());
  }

  @Override
  public void deleteWave(String id) {
    db.update("DELETE FROM waves WHERE id = ?", id);
  }

  // ---- allocations

  @Override
  public List<Allocation> allocations() {
    return db.rows(
        "SELECT resource, kind, target FROM allocations ORDER BY id",
        rs ->
            new Allocation(
                rs.getString(1),
                Allocation.TargetKind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                rs.getString(3)));
  }

  @Override
  public boolean addAllocation(Allocation a) {
    return db.update(
            "INSERT OR IGNORE INTO allocations (resource, kind, target) VALUES (?,?,?)",
            a.resource(),
            a.kind().wireName(),
            a.target())
        > 0;
  }

  @Override
  public boolean deleteAllocation(Allocation a) {
    return db.update(
            "DELETE FROM allocations WHERE resource = ? AND kind = ? AND target = ?",
            a.resource(),
            a.kind().wireName(),
            a.target())
        > 0;
  }

  // ---- resources (SqliteResources), runs, logs and transfers and what installs leave
  // (SqliteInstalls)

  @Override
  public List<Resource> resources() {
    return resources.resources();
  }

  @Override
  public Optional<Resource> resource(String name) {
    return resources.resource(name);
  }

  @Override
  public ResourceVersion putResource(Resource resource, Instant created) {
    return resources.putResource(resource, created);
  }

  @Override
  public List<ResourceVersion> resourceVersions(String name) {
    return resources.resourceVersions(name);
  }

  @Override
  public List<ResourceVersion> currentResourceVersions() {
    return resources.currentResourceVersions();
  }

  @Override
  public List<ResourceVersion> resourceVersionsUsing(String sha256) {
    return resources.resourceVersionsUsing(sha256);
  }

  @Override
  public void setResourceStatus(String name, int version, ResourceVersion.Status status) {
    resources.setResourceStatus(name, version, status);
  }

  @Override
  public void deleteResource(String name) {
    resources.deleteResource(name);
  }

  @Override
  public void putRun(Run run) {
    installs.putRun(run);
  }

  @Override
  public Optional<Run> run(String id) {
    return installs.run(id);
  }

  @Override
  public List<Run> runs(String node) {
    return installs.runs(node);
  }

  @Override
  public boolean appendLog(LogEntry e) {
    return installs.appendLog(e);
  }

  @Override
  public List<LogEntry> log(String node, long afterId, int limit) {
    return installs.log(node, afterId, limit);
  }

  @Override
  public List<LogEntry> log(java.util.Collection<String> nodes, long afterId, int limit) {
    return installs.log(nodes, afterId, limit);
  }

  @Override
  public List<LogEntry> runLog(String node, String runId, java.util.Set<String> kinds) {
    return installs.runLog(node, runId, kinds);
  }

  @Override
  public void deleteLog(String node) {
    installs.deleteLog(node);
  }

  @Override
  public void recordTransfer(TransferEntry t) {
    installs.recordTransfer(t);
  }

  @Override
  public List<TransferEntry> transfers(int limit) {
    return installs.transfers(limit);
  }

  @Override
  public void putInstalledDisk(String node, DiskIdentity disk) {
    installs.putInstalledDisk(node, disk);
  }

  @Override
  public Optional<DiskIdentity> installedDisk(String node) {
    return installs.installedDisk(node);
  }

  @Override
  public Map<String, DiskIdentity> installedDisks() {
    return installs.installedDisks();
  }

  @Override
  public void deleteInstalledDisk(String node) {
    installs.deleteInstalledDisk(node);
  }

  @Override
  public void putSshHostKeys(String node, List<SshHostKey> keys) {
    installs.putSshHostKeys(node, keys);
  }

  @Override
  public List<SshHostKey> sshHostKeys(String node) {
    return installs.sshHostKeys(node);
  }
}
