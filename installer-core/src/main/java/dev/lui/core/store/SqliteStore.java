package dev.lui.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.contract.disk.DiskIdentity;
import dev.lui.contract.plan.SshHostKey;
import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.MacAddress;
import dev.lui.core.LuiException;
import dev.lui.core.domain.AfterInstall;
import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Group;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeState;
import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import dev.lui.core.domain.Values;
import dev.lui.power.BmcAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server's store: one SQLite file, its schema in {@link SqliteSchema}.
 *
 * <p>One connection guarded by a lock ({@link Jdbc}): lui's writes are small and SQLite serialises
 * writers anyway; WAL keeps readers of other processes (backups, sqlite3 by hand) out of the
 * writers' way.
 */
public final class SqliteStore implements Store {
  private final Jdbc db;
  private final JsonColumns codec;
  private final SqliteResources resources;
  private final SqliteInstalls installs;

  private SqliteStore(Connection connection, ObjectMapper json) {
    this.db = new Jdbc(connection);
    this.codec = new JsonColumns(json);
    this.resources = new SqliteResources(db, codec);
    this.installs = new SqliteInstalls(db, codec);
  }

  /** Opens (creating and migrating as needed) the store at {@code file}. */
  public static SqliteStore open(Path file, ObjectMapper json) {
    return open(file, json, SqliteSchema.MIGRATIONS.size());
  }

  /** Opens it migrated only up to {@code version}: for tests of upgrades from older releases. */
  static SqliteStore open(Path file, ObjectMapper json, int version) {
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA foreign_keys=ON");
        s.execute("PRAGMA busy_timeout=5000");
      }
      SqliteSchema.migrate(c, version);
      return new SqliteStore(c, json);
    } catch (SQLException e) {
      throw LuiException.failed("cannot open the store " + file + ": " + e.getMessage(), e);
    }
  }

  /** The schema version this build writes. */
  public static int schemaVersion() {
    return SqliteSchema.MIGRATIONS.size();
  }

  @Override
  public <T> T transaction(Supplier<T> work) {
    return db.transaction(work);
  }

  // ---- nodes

  @Override
  public List<Node> nodes() {
    return queryNodes("", null);
  }

  @Override
  public Optional<Node> node(String name) {
    return queryNodes("WHERE name = ?", name).stream().findFirst();
  }

  @Override
  public Optional<Node> nodeByMac(MacAddress mac) {
    return queryNodes("WHERE mac = ?", mac.value()).stream().findFirst();
  }

  @Override
  public Optional<Node> nodeByIp(Ipv4 ip) {
    return queryNodes("WHERE ip = ?", ip.toString()).stream().findFirst();
  }

  /** Nodes matching {@code where} (empty, or a clause with at most one {@code ?}), by name. */
  private List<Node> queryNodes(String where, String arg) {
    Object[] args = arg == null ? new Object[0] : new Object[] {arg};
    // Both reads under the store's lock, so no writer comes between them.
    return db.sql(
        c -> {
          Map<String, List<String>> groups = new LinkedHashMap<>();
          db.rows(
              "SELECT node, grp FROM node_groups WHERE node IN (SELECT name FROM nodes "
                  + where
                  + ") ORDER BY node, position",
              rs ->
                  groups
                      .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                      .add(rs.getString(2)),
              args);
          return db.rows(
              "SELECT * FROM nodes " + where + " ORDER BY name", rs -> readNode(rs, groups), args);
        });
  }

  private static Node readNode(ResultSet rs, Map<String, List<String>> groups) throws SQLException {
    String name = rs.getString("name");
    InstallStatus status =
        new InstallStatus(
            NodeState.fromWire(rs.getString("state")),
            Jdbc.text(rs, "step"),
            Jdbc.text(rs, "error"),
            rs.getString("arm_id"),
            rs.getString("token_hash"),
            Instant.parse(rs.getString("since")),
            Jdbc.text(rs, "started").map(Instant::parse),
            Jdbc.text(rs, "ended").map(Instant::parse),
            Jdbc.text(rs, "wave"),
            Jdbc.text(rs, "powered_on").map(Instant::parse));
    return new Node(
        name,
        Values.mac("mac", rs.getString("mac")),
        Values.ipv4("ip", rs.getString("ip")),
        Values.ipv4("netmask", rs.getString("netmask")),
        Jdbc.text(rs, "gateway").map(g -> Values.ipv4("gateway", g)),
        rs.getString("hostname"),
        groups.getOrDefault(name, List.of()),
        Optional.of(rs.getString("disk")),
        status,
        AfterInstall.parse("after_install", rs.getString("after_install")),
        Jdbc.text(rs, "network"),
        Jdbc.text(rs, "bmc").map(b -> BmcAddress.parse("bmc", b)));
  }

  @Override
  public void putNode(Node node) {
    InstallStatus s = node.status();
    db.transaction(
        () -> {
          db.update(
              "INSERT INTO nodes (name, mac, ip, netmask, gateway, hostname, disk, state,"
                  + " step, error, token_hash, since, started, ended, after_install, arm_id, network,"
                  + " bmc, wave, powered_on) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                  + " ON CONFLICT(name) DO UPDATE SET mac=excluded.mac, ip=excluded.ip,"
                  + " netmask=excluded.netmask, gateway=excluded.gateway,"
                  + " hostname=excluded.hostname, disk=excluded.disk, state=excluded.state,"
                  + " step=excluded.step, error=excluded.error,"
                  + " token_hash=excluded.token_hash, since=excluded.since,"
                  + " started=excluded.started, ended=excluded.ended,"
                  + " after_install=excluded.after_install, arm_id=excluded.arm_id,"
                  + " network=excluded.network, bmc=excluded.bmc, wave=excluded.wave,"
                  + " powered_on=excluded.powered_on",
              node.name(),
              node.mac().value(),
              node.ip().toString(),
              node.netmask().toString(),
              node.gateway().map(Ipv4::toString),
              node.hostname(),
              node.disk().orElse(""),
              s.state().wireName(),
              s.step(),
              s.error(),
              s.tokenHash(),
              s.since().toString(),
              s.started().map(Instant::toString),
              s.ended().map(Instant::toString),
              node.afterInstall().wireName(),
              s.armId(),
              node.network(),
              node.bmc().map(Object::toString),
              s.wave(),
              s.poweredOn().map(Instant::toString));
          db.update("DELETE FROM node_groups WHERE node = ?", node.name());
          List<Object[]> rows = new ArrayList<>();
          for (String g : node.groups()) {
            rows.add(new Object[] {node.name(), g, rows.size()});
          }
          db.batch("INSERT INTO node_groups (node, grp, position) VALUES (?,?,?)", rows);
          return null;
        });
  }

  @Override
  public void deleteNode(String name) {
    db.update("DELETE FROM nodes WHERE name = ?", name);
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

  // ---- serial

  @Override
  public long serial() {
    return db.rows("SELECT value FROM meta WHERE key = 'serial'", rs -> rs.getLong(1)).stream()
        .findFirst()
        .orElse(1L);
  }

  @Override
  public long nextSerial() {
    return db.transaction(
        () -> {
          db.update("UPDATE meta SET value = value + 1 WHERE key = 'serial'");
          return serial();
        });
  }

  @Override
  public void close() {
    db.close();
  }
}
