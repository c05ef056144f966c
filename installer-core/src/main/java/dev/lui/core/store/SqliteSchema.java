package dev.lui.core.store;

import dev.lui.core.LuiException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The SQLite store's schema, versioned with {@code PRAGMA user_version}. */
final class SqliteSchema {
  private SqliteSchema() {}

  /** Each entry moves the schema one version up; never edit a released entry, append a new one. */
  static final List<String> MIGRATIONS =
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
          """,
          // Networks (#14): what nodes on a CIDR inherit; dns is the servers, comma-separated.
          """
          CREATE TABLE networks (
            name TEXT PRIMARY KEY,
            cidr TEXT NOT NULL,
            gateway TEXT,
            dns TEXT NOT NULL,
            domain TEXT
          );
          """,
          // The network a node is on (#14): recorded, so remove-network names its users.
          """
          ALTER TABLE nodes ADD COLUMN network TEXT;
          """,
          // A node's BMC (#14), ipmi://USER@HOST:PORT; its password is never stored.
          """
          ALTER TABLE nodes ADD COLUMN bmc TEXT;
          """,
          // Waves (#14): power-on admission of install --power-cycle --max-active; a node names
          // the wave of its arming and when lui powered it on.
          """
          ALTER TABLE nodes ADD COLUMN wave TEXT;
          ALTER TABLE nodes ADD COLUMN powered_on TEXT;
          CREATE TABLE waves (
            id TEXT PRIMARY KEY,
            max_active INTEGER,
            size INTEGER,
            interval_ms INTEGER NOT NULL,
            created TEXT NOT NULL
          );
          """,
          // Waves pause on failed or stalled boot-file transfers (#14): the scheduler reads each
          // booting node's transfers since its power-on, by node.
          """
          ALTER TABLE waves ADD COLUMN paused TEXT;
          ALTER TABLE waves ADD COLUMN resumed TEXT;
          CREATE INDEX transfers_node ON transfers(node, id);
          """,
          // A node's timeline (#16): TFTP transfers' time and refusal reason; what lui did to a
          // node outside its agent's runs (armed it, power actions).
          """
          ALTER TABLE transfers ADD COLUMN elapsed_ms INTEGER;
          ALTER TABLE transfers ADD COLUMN detail TEXT;
          CREATE TABLE node_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            node TEXT NOT NULL,
            arm_id TEXT NOT NULL,
            time TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            detail TEXT NOT NULL,
            ok INTEGER NOT NULL
          );
          CREATE INDEX node_events_node ON node_events(node, id);
          """);

  /** Moves the schema from its version up to {@code target}, one transaction per step. */
  static void migrate(Connection connection, int target) throws SQLException {
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
}
