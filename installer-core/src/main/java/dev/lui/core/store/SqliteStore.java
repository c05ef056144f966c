package dev.lui.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.contract.disk.DiskIdentity;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The server's store: one SQLite file, schema versioned with {@code PRAGMA user_version}.
 *
 * <p>One connection guarded by a lock: lui's writes are small and SQLite serialises writers anyway;
 * WAL keeps readers of other processes (backups, sqlite3 by hand) out of the writers' way.
 */
public final class SqliteStore implements Store {
  /** Each entry moves the schema one version up; never edit a released entry, append a new one. */
  private static final List<String> MIGRATIONS =
      List.of(
          """
          CREATE TABLE nodes (
            name TEXT PRIMARY KEY,
            mac TEXT NOT NULL UNIQUE,
            ip TEXT NOT NULL UNIQUE,
            netmask TEXT NOT NULL,
            gateway TEXT,
            hostname TEXT NOT NULL UNIQUE,
            disk TEXT NOT NULL,
            state TEXT NOT NULL,
            step TEXT,
            error TEXT,
            token_hash TEXT NOT NULL,
            since TEXT NOT NULL,
            started TEXT,
            ended TEXT
          );
          CREATE TABLE groups_ (name TEXT PRIMARY KEY);
          CREATE TABLE node_groups (
            node TEXT NOT NULL REFERENCES nodes(name) ON DELETE CASCADE,
            grp TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (node, grp)
          );
          CREATE TABLE resources (name TEXT PRIMARY KEY, type TEXT NOT NULL, spec TEXT NOT NULL);
          CREATE TABLE allocations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            resource TEXT NOT NULL,
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            UNIQUE (resource, kind, target)
          );
          CREATE TABLE install_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            node TEXT NOT NULL,
            run_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            time TEXT NOT NULL,
            kind TEXT NOT NULL,
            step TEXT,
            stream TEXT,
            text TEXT,
            ok INTEGER,
            UNIQUE (node, run_id, seq)
          );
          CREATE INDEX install_log_node ON install_log(node, id);
          CREATE TABLE transfers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            client TEXT NOT NULL,
            path TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            node TEXT
          );
          """,
          """
          CREATE TABLE node_disks (
            node TEXT PRIMARY KEY REFERENCES nodes(name) ON DELETE CASCADE,
            identity TEXT NOT NULL
          );
          """,
          """
          ALTER TABLE nodes ADD COLUMN after_install TEXT NOT NULL DEFAULT 'remove';
          """,
          """
          CREATE TABLE node_ssh_keys (
            node TEXT PRIMARY KEY REFERENCES nodes(name) ON DELETE CASCADE,
            keys TEXT NOT NULL
          );
          """,
          // A group's disk selector; a node's disk '' means "not its own" (groups, table, default).
          """
          ALTER TABLE groups_ ADD COLUMN disk TEXT;
          """,
          // Install tokens derive from the arm id and the server's key; agent runs the server
          // issued (events are accepted only for those); the serial of published DNS zones.
          """
          ALTER TABLE nodes ADD COLUMN arm_id TEXT NOT NULL DEFAULT '';
          CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            node TEXT NOT NULL REFERENCES nodes(name) ON DELETE CASCADE,
            arm_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            opened TEXT NOT NULL,
            ended TEXT,
            ok INTEGER
          );
          CREATE INDEX runs_node ON runs(node, opened);
          CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
          INSERT INTO meta (key, value) VALUES ('serial', 1);
          -- Resources are content: every version of a resource (resources.spec stays the current
          -- one) and the contents each version refers to. Resources defined before refer to files
          -- on the server: they become version 1, to import at the next server start.
          CREATE TABLE resource_versions (
            resource TEXT NOT NULL,
            version INTEGER NOT NULL,
            spec TEXT NOT NULL,
            created TEXT NOT NULL,
            status TEXT NOT NULL,
            PRIMARY KEY (resource, version)
          );
          CREATE TABLE resource_contents (
            resource TEXT NOT NULL,
            version INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (resource, version, sha256),
            FOREIGN KEY (resource, version) REFERENCES resource_versions(resource, version) ON DELETE CASCADE
          );
          CREATE INDEX resource_contents_sha256 ON resource_contents(sha256);
          INSERT INTO resource_versions (resource, version, spec, created, status)
            SELECT name, 1, spec, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'import' FROM resources;
          INSERT OR IGNORE INTO resource_contents (resource, version, sha256)
            SELECT r.name, 1, t.atom FROM resources r, json_tree(r.spec) t WHERE t.key = 'sha256' AND t.type = 'text';
          """,
          // The disk a run's agent selected (its disk-selected event, as node_disks.identity).
          """
          ALTER TABLE runs ADD COLUMN disk TEXT;
          """);

  private final Connection connection;
  private final ObjectMapper json;
  private final ReentrantLock lock = new ReentrantLock();

  private SqliteStore(Connection connection, ObjectMapper json) {
    this.connection = connection;
    this.json = json;
  }

  /** Opens (creating and migrating as needed) the store at {@code file}. */
  public static SqliteStore open(Path file, ObjectMapper json) {
    return open(file, json, MIGRATIONS.size());
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
      SqliteStore store = new SqliteStore(c, json);
      store.migrate(version);
      return store;
    } catch (SQLException e) {
      throw LuiException.failed("cannot open the store " + file + ": " + e.getMessage(), e);
    }
  }

  /** The schema version this build writes. */
  public static int schemaVersion() {
    return MIGRATIONS.size();
  }

  private void migrate(int target) throws SQLException {
    int version;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      version = rs.getInt(1);
    }
    if (version > MIGRATIONS.size()) {
      throw LuiException.failed(
          "the store has schema version "
              + version
              + " but this lui knows only up to "
              + MIGRATIONS.size()
              + ": use a newer lui");
    }
    for (int v = version; v < target; v++) {
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        for (String sql : MIGRATIONS.get(v).split(";")) {
          if (!sql.isBlank()) {
            s.execute(sql);
          }
        }
        s.execute("PRAGMA user_version = " + (v + 1));
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  @FunctionalInterface
  private interface Sql<T> {
    T run() throws SQLException;
  }

  private <T> T sql(Sql<T> work) {
    lock.lock();
    try {
      return work.run();
    } catch (SQLException e) {
      throw LuiException.failed("store: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> T transaction(Supplier<T> work) {
    lock.lock();
    try {
      if (lock.getHoldCount() > 1) {
        return work.get();
      }
      connection.setAutoCommit(false);
      try {
        T result = work.get();
        connection.commit();
        return result;
      } catch (RuntimeException | Error e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw LuiException.failed("store transaction: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  // ---- nodes

  @Override
  public List<Node> nodes() {
    return sql(() -> queryNodes("", null));
  }

  @Override
  public Optional<Node> node(String name) {
    return sql(() -> queryNodes("WHERE name = ?", name).stream().findFirst());
  }

  @Override
  public Optional<Node> nodeByMac(MacAddress mac) {
    return sql(() -> queryNodes("WHERE mac = ?", mac.value()).stream().findFirst());
  }

  @Override
  public Optional<Node> nodeByIp(Ipv4 ip) {
    return sql(() -> queryNodes("WHERE ip = ?", ip.toString()).stream().findFirst());
  }

  /** Nodes matching {@code where} (empty, or a clause with at most one {@code ?}), by name. */
  private List<Node> queryNodes(String where, String arg) throws SQLException {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT node, grp FROM node_groups WHERE node IN (SELECT name FROM nodes "
                + where
                + ") ORDER BY node, position")) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          groups.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    }
    List<Node> out = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT * FROM nodes " + where + " ORDER BY name")) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString("name");
          InstallStatus status =
              new InstallStatus(
                  NodeState.fromWire(rs.getString("state")),
                  Optional.ofNullable(rs.getString("step")),
                  Optional.ofNullable(rs.getString("error")),
                  rs.getString("arm_id"),
                  rs.getString("token_hash"),
                  Instant.parse(rs.getString("since")),
                  Optional.ofNullable(rs.getString("started")).map(Instant::parse),
                  Optional.ofNullable(rs.getString("ended")).map(Instant::parse));
          out.add(
              new Node(
                  name,
                  Values.mac("mac", rs.getString("mac")),
                  Values.ipv4("ip", rs.getString("ip")),
                  Values.ipv4("netmask", rs.getString("netmask")),
                  Optional.ofNullable(rs.getString("gateway")).map(g -> Values.ipv4("gateway", g)),
                  rs.getString("hostname"),
                  groups.getOrDefault(name, List.of()),
                  Optional.of(rs.getString("disk")),
                  status,
                  AfterInstall.parse("after_install", rs.getString("after_install"))));
        }
      }
    }
    return out;
  }

  @Override
  public void putNode(Node node) {
    transaction(
        () ->
            sql(
                () -> {
                  try (PreparedStatement ps =
                      connection.prepareStatement(
                          "INSERT INTO nodes (name, mac, ip, netmask, gateway, hostname, disk, state,"
                              + " step, error, token_hash, since, started, ended, after_install, arm_id)"
                              + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                              + " ON CONFLICT(name) DO UPDATE SET mac=excluded.mac, ip=excluded.ip,"
                              + " netmask=excluded.netmask, gateway=excluded.gateway,"
                              + " hostname=excluded.hostname, disk=excluded.disk, state=excluded.state,"
                              + " step=excluded.step, error=excluded.error,"
                              + " token_hash=excluded.token_hash, since=excluded.since,"
                              + " started=excluded.started, ended=excluded.ended,"
                              + " after_install=excluded.after_install, arm_id=excluded.arm_id")) {
                    InstallStatus s = node.status();
                    ps.setString(1, node.name());
                    ps.setString(2, node.mac().value());
                    ps.setString(3, node.ip().toString());
                    ps.setString(4, node.netmask().toString());
                    setOptional(ps, 5, node.gateway().map(Ipv4::toString));
                    ps.setString(6, node.hostname());
                    ps.setString(7, node.disk().orElse(""));
                    ps.setString(8, s.state().wireName());
                    setOptional(ps, 9, s.step());
                    setOptional(ps, 10, s.error());
                    ps.setString(11, s.tokenHash());
                    ps.setString(12, s.since().toString());
                    setOptional(ps, 13, s.started().map(Instant::toString));
                    setOptional(ps, 14, s.ended().map(Instant::toString));
                    ps.setString(15, node.afterInstall().wireName());
                    ps.setString(16, s.armId());
                    ps.executeUpdate();
                  }
                  try (PreparedStatement ps =
                      connection.prepareStatement("DELETE FROM node_groups WHERE node = ?")) {
                    ps.setString(1, node.name());
                    ps.executeUpdate();
                  }
                  try (PreparedStatement ps =
                      connection.prepareStatement(
                          "INSERT INTO node_groups (node, grp, position) VALUES (?,?,?)")) {
                    int position = 0;
                    for (String g : node.groups()) {
                      ps.setString(1, node.name());
                      ps.setString(2, g);
                      ps.setInt(3, position++);
                      ps.addBatch();
                    }
                    ps.executeBatch();
                  }
                  return null;
                }));
  }

  private static void setOptional(PreparedStatement ps, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      ps.setString(index, value.get());
    } else {
      ps.setNull(index, Types.VARCHAR);
    }
  }

  @Override
  public void deleteNode(String name) {
    update("DELETE FROM nodes WHERE name = ?", name);
  }

  private int update(String statement, String... args) {
    return sql(
        () -> {
          try (PreparedStatement ps = connection.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
              ps.setString(i + 1, args[i]);
            }
            return ps.executeUpdate();
          }
        });
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Every row of {@code query} (string parameters), read by {@code row}. */
  private <T> List<T> rows(String query, Row<T> row, String... args) {
    return sql(
        () -> {
          try (PreparedStatement ps = connection.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
              ps.setString(i + 1, args[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(row.read(rs));
              }
            }
            return out;
          }
        });
  }

  private List<String> strings(String query, String... args) {
    return rows(query, rs -> rs.getString(1), args);
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

  private List<Group> groups(String query, String... args) {
    return rows(
        query, rs -> new Group(rs.getString(1), Optional.ofNullable(rs.getString(2))), args);
  }

  @Override
  public void putGroup(Group group) {
    sql(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO groups_ (name, disk) VALUES (?, ?)"
                      + " ON CONFLICT(name) DO UPDATE SET disk = excluded.disk")) {
            ps.setString(1, group.name());
            setOptional(ps, 2, group.disk());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public void deleteGroup(String name) {
    update("DELETE FROM groups_ WHERE name = ?", name);
  }

  // ---- resources

  @Override
  public List<Resource> resources() {
    return strings("SELECT spec FROM resources ORDER BY name").stream()
        .map(this::readResource)
        .toList();
  }

  @Override
  public Optional<Resource> resource(String name) {
    return strings("SELECT spec FROM resources WHERE name = ?", name).stream()
        .findFirst()
        .map(this::readResource);
  }

  private Resource readResource(String spec) {
    try {
      return json.readValue(spec, Resource.class);
    } catch (JsonProcessingException e) {
      throw LuiException.failed("store: unreadable resource row: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public ResourceVersion putResource(Resource resource, Instant created) {
    String spec;
    try {
      spec = json.writeValueAsString(resource);
    } catch (JsonProcessingException e) {
      throw LuiException.failed("store: cannot encode resource " + resource.name(), e);
    }
    return transaction(
        () -> {
          int version =
              rows(
                      "SELECT COALESCE(MAX(version), 0) + 1 FROM resource_versions WHERE resource = ?",
                      rs -> rs.getInt(1),
                      resource.name())
                  .get(0);
          sql(
              () -> {
                try (PreparedStatement ps =
                    connection.prepareStatement(
                        "INSERT INTO resource_versions (resource, version, spec, created, status) VALUES (?,?,?,?,?)")) {
                  ps.setString(1, resource.name());
                  ps.setInt(2, version);
                  ps.setString(3, spec);
                  ps.setString(4, created.toString());
                  ps.setString(5, ResourceVersion.Status.READY.wireName());
                  ps.executeUpdate();
                }
                try (PreparedStatement ps =
                    connection.prepareStatement(
                        "INSERT OR IGNORE INTO resource_contents (resource, version, sha256) VALUES (?,?,?)")) {
                  for (var blob : resource.contents()) {
                    ps.setString(1, resource.name());
                    ps.setInt(2, version);
                    ps.setString(3, blob.sha256());
                    ps.addBatch();
                  }
                  ps.executeBatch();
                }
                return null;
              });
          update(
              "INSERT INTO resources (name, type, spec) VALUES (?,?,?)"
                  + " ON CONFLICT(name) DO UPDATE SET type=excluded.type, spec=excluded.spec",
              resource.name(),
              resource.type().wireName(),
              spec);
          return new ResourceVersion(resource, version, created, ResourceVersion.Status.READY);
        });
  }

  private static final String VERSION_COLUMNS = "v.spec, v.version, v.created, v.status";

  private ResourceVersion readVersion(ResultSet rs) throws SQLException {
    return new ResourceVersion(
        readResource(rs.getString(1)),
        rs.getInt(2),
        Instant.parse(rs.getString(3)),
        ResourceVersion.Status.fromWire(rs.getString(4)));
  }

  @Override
  public List<ResourceVersion> resourceVersions(String name) {
    return rows(
        "SELECT "
            + VERSION_COLUMNS
            + " FROM resource_versions v WHERE v.resource = ? ORDER BY v.version",
        this::readVersion,
        name);
  }

  @Override
  public List<ResourceVersion> currentResourceVersions() {
    return rows(
        "SELECT "
            + VERSION_COLUMNS
            + " FROM resource_versions v"
            + " WHERE v.version = (SELECT MAX(w.version) FROM resource_versions w WHERE w.resource = v.resource)"
            + " ORDER BY v.resource",
        this::readVersion);
  }

  @Override
  public List<ResourceVersion> resourceVersionsUsing(String sha256) {
    return rows(
        "SELECT "
            + VERSION_COLUMNS
            + " FROM resource_versions v JOIN resource_contents c"
            + " ON c.resource = v.resource AND c.version = v.version WHERE c.sha256 = ? ORDER BY v.resource, v.version",
        this::readVersion,
        sha256);
  }

  @Override
  public void setResourceStatus(String name, int version, ResourceVersion.Status status) {
    sql(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "UPDATE resource_versions SET status = ? WHERE resource = ? AND version = ?")) {
            ps.setString(1, status.wireName());
            ps.setString(2, name);
            ps.setInt(3, version);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public void deleteResource(String name) {
    transaction(
        () -> {
          update("DELETE FROM resource_versions WHERE resource = ?", name);
          update("DELETE FROM resources WHERE name = ?", name);
        });
  }

  // ---- allocations

  @Override
  public List<Allocation> allocations() {
    return sql(
        () -> {
          List<Allocation> out = new ArrayList<>();
          try (PreparedStatement ps =
                  connection.prepareStatement(
                      "SELECT resource, kind, target FROM allocations ORDER BY id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new Allocation(
                      rs.getString(1),
                      Allocation.TargetKind.valueOf(
                          rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                      rs.getString(3)));
            }
          }
          return out;
        });
  }

  @Override
  public boolean addAllocation(Allocation a) {
    return update(
            "INSERT OR IGNORE INTO allocations (resource, kind, target) VALUES (?,?,?)",
            a.resource(),
            a.kind().wireName(),
            a.target())
        > 0;
  }

  @Override
  public boolean deleteAllocation(Allocation a) {
    return update(
            "DELETE FROM allocations WHERE resource = ? AND kind = ? AND target = ?",
            a.resource(),
            a.kind().wireName(),
            a.target())
        > 0;
  }

  // ---- installed disks

  @Override
  public void putInstalledDisk(String node, DiskIdentity disk) {
    update(
        "INSERT INTO node_disks (node, identity) VALUES (?,?)"
            + " ON CONFLICT(node) DO UPDATE SET identity=excluded.identity",
        node,
        diskJson(disk));
  }

  @Override
  public Optional<DiskIdentity> installedDisk(String node) {
    return strings("SELECT identity FROM node_disks WHERE node = ?", node).stream()
        .findFirst()
        .map(text -> disk(text, node));
  }

  @Override
  public Map<String, DiskIdentity> installedDisks() {
    Map<String, DiskIdentity> out = new LinkedHashMap<>();
    for (List<String> row :
        rows(
            "SELECT node, identity FROM node_disks",
            rs -> List.of(rs.getString(1), rs.getString(2)))) {
      out.put(row.get(0), disk(row.get(1), row.get(0)));
    }
    return out;
  }

  /** A disk identity as stored (node_disks.identity, runs.disk): its JSON. */
  private String diskJson(DiskIdentity disk) {
    try {
      return json.writeValueAsString(disk);
    } catch (JsonProcessingException e) {
      throw LuiException.failed("store: cannot encode a disk identity", e);
    }
  }

  private DiskIdentity disk(String text, String of) {
    try {
      return json.readValue(text, DiskIdentity.class);
    } catch (JsonProcessingException e) {
      throw LuiException.failed("store: unreadable disk row of " + of, e);
    }
  }

  @Override
  public void deleteInstalledDisk(String node) {
    update("DELETE FROM node_disks WHERE node = ?", node);
  }

  // ---- ssh host keys (secrets: the file is 0600 and they are never logged)

  @Override
  public void putSshHostKeys(String node, List<dev.lui.contract.plan.SshHostKey> keys) {
    String text;
    try {
      text = json.writeValueAsString(keys);
    } catch (JsonProcessingException e) {
      throw LuiException.failed("store: cannot encode the ssh host keys of " + node, e);
    }
    update(
        "INSERT INTO node_ssh_keys (node, keys) VALUES (?,?) ON CONFLICT(node) DO UPDATE SET keys=excluded.keys",
        node,
        text);
  }

  @Override
  public List<dev.lui.contract.plan.SshHostKey> sshHostKeys(String node) {
    return strings("SELECT keys FROM node_ssh_keys WHERE node = ?", node).stream()
        .findFirst()
        .map(
            text -> {
              try {
                return List.of(json.readValue(text, dev.lui.contract.plan.SshHostKey[].class));
              } catch (JsonProcessingException e) {
                throw LuiException.failed("store: unreadable ssh host keys of " + node, null);
              }
            })
        .orElse(List.of());
  }

  // ---- serial

  @Override
  public long serial() {
    return rows("SELECT value FROM meta WHERE key = 'serial'", rs -> rs.getLong(1)).stream()
        .findFirst()
        .orElse(1L);
  }

  @Override
  public long nextSerial() {
    return transaction(
        () -> {
          update("UPDATE meta SET value = value + 1 WHERE key = 'serial'");
          return serial();
        });
  }

  // ---- runs

  @Override
  public void putRun(Run run) {
    sql(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO runs (id, node, arm_id, kind, opened, ended, ok, disk) VALUES (?,?,?,?,?,?,?,?)"
                      + " ON CONFLICT(id) DO UPDATE SET ended=excluded.ended, ok=excluded.ok, disk=excluded.disk")) {
            ps.setString(1, run.id());
            ps.setString(2, run.node());
            ps.setString(3, run.armId());
            ps.setString(4, run.kind().wireName());
            ps.setString(5, run.opened().toString());
            setOptional(ps, 6, run.ended().map(Instant::toString));
            if (run.ok().isPresent()) {
              ps.setInt(7, run.ok().get() ? 1 : 0);
            } else {
              ps.setNull(7, Types.INTEGER);
            }
            setOptional(ps, 8, run.disk().map(this::diskJson));
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Run> run(String id) {
    return rows("SELECT * FROM runs WHERE id = ?", this::readRun, id).stream().findFirst();
  }

  @Override
  public List<Run> runs(String node) {
    return rows("SELECT * FROM runs WHERE node = ? ORDER BY opened, rowid", this::readRun, node);
  }

  private Run readRun(ResultSet rs) throws SQLException {
    int ok = rs.getInt("ok");
    Optional<Boolean> okValue = rs.wasNull() ? Optional.empty() : Optional.of(ok == 1);
    return new Run(
        rs.getString("id"),
        rs.getString("node"),
        rs.getString("arm_id"),
        Run.Kind.fromWire(rs.getString("kind")),
        Instant.parse(rs.getString("opened")),
        Optional.ofNullable(rs.getString("ended")).map(Instant::parse),
        okValue,
        Optional.ofNullable(rs.getString("disk")).map(text -> disk(text, "a run")));
  }

  // ---- install log

  @Override
  public boolean appendLog(LogEntry e) {
    return sql(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT OR IGNORE INTO install_log (node, run_id, seq, time, kind, step, stream,"
                      + " text, ok) VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, e.node());
            ps.setString(2, e.runId());
            ps.setLong(3, e.seq());
            ps.setString(4, e.time().toString());
            ps.setString(5, e.kind());
            setOptional(ps, 6, e.step());
            setOptional(ps, 7, e.stream());
            setOptional(ps, 8, e.text());
            if (e.ok().isPresent()) {
              ps.setInt(9, e.ok().get() ? 1 : 0);
            } else {
              ps.setNull(9, Types.INTEGER);
            }
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public List<LogEntry> log(String node, long afterId, int limit) {
    return sql(
        () -> {
          List<LogEntry> out = new ArrayList<>();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT * FROM install_log WHERE node = ? AND id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, node);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                int ok = rs.getInt("ok");
                Optional<Boolean> okValue = rs.wasNull() ? Optional.empty() : Optional.of(ok == 1);
                out.add(
                    new LogEntry(
                        rs.getLong("id"),
                        rs.getString("node"),
                        rs.getString("run_id"),
                        rs.getLong("seq"),
                        Instant.parse(rs.getString("time")),
                        rs.getString("kind"),
                        Optional.ofNullable(rs.getString("step")),
                        Optional.ofNullable(rs.getString("stream")),
                        Optional.ofNullable(rs.getString("text")),
                        okValue));
              }
            }
          }
          return out;
        });
  }

  @Override
  public void deleteLog(String node) {
    update("DELETE FROM install_log WHERE node = ?", node);
  }

  // ---- transfers

  @Override
  public void recordTransfer(TransferEntry t) {
    sql(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO transfers (time, client, path, bytes, outcome, node)"
                      + " VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, t.time().toString());
            ps.setString(2, t.client());
            ps.setString(3, t.path());
            ps.setLong(4, t.bytes());
            ps.setString(5, t.outcome());
            setOptional(ps, 6, t.node());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public List<TransferEntry> transfers(int limit) {
    return sql(
        () -> {
          List<TransferEntry> out = new ArrayList<>();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT * FROM (SELECT * FROM transfers ORDER BY id DESC LIMIT ?) ORDER BY id")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new TransferEntry(
                        Instant.parse(rs.getString("time")),
                        rs.getString("client"),
                        rs.getString("path"),
                        rs.getLong("bytes"),
                        rs.getString("outcome"),
                        Optional.ofNullable(rs.getString("node"))));
              }
            }
          }
          return out;
        });
  }

  @Override
  public void close() {
    sql(
        () -> {
          connection.close();
          return null;
        });
  }
}
