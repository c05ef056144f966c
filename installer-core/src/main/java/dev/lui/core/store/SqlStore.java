package dev.lui.core.store;

import dev.lui.contract.value.Ipv4;
import dev.lui.contract.value.MacAddress;
import dev.lui.core.LuiException;
import dev.lui.core.domain.AfterInstall;
import dev.lui.core.domain.InstallStatus;
import dev.lui.core.domain.Node;
import dev.lui.core.domain.NodeState;
import dev.lui.core.domain.Values;
import dev.lui.power.BmcAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server's store in SQL: SQLite ({@link SqliteStore}, the default) or PostgreSQL ({@link
 * PostgresStore}), one SQL text for both where they agree and their differences in {@link Dialect}.
 *
 * <p>The nodes table lives here; groups, networks, waves and allocations, and the classes of the
 * other tables, are reached through {@link SqlTables}.
 */
public abstract sealed class SqlStore extends SqlTables permits SqliteStore, PostgresStore {
  SqlStore(Jdbc db, JsonColumns codec) {
    super(db, codec);
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

  /** Counted in SQL: no row becomes a {@link Node} (a scrape of 10,000 nodes stays cheap). */
  @Override
  public Map<NodeState, Long> nodeCountsByState() {
    Map<NodeState, Long> counts = new java.util.EnumMap<>(NodeState.class);
    db.rows(
            "SELECT state, COUNT(*) FROM nodes GROUP BY state",
            rs -> Map.entry(NodeState.fromWire(rs.getString(1)), rs.getLong(2)))
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
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
    // Both reads in one transaction, so no writer comes between them.
    return db.transaction(
        () -> {
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
    writeNode(node, true);
  }

  /** A new node: its name, MAC, address or host name on another row is refused by the database. */
  @Override
  public void addNode(Node node) {
    writeNode(node, false);
  }

  private void writeNode(Node node, boolean replace) {
    InstallStatus s = node.status();
    db.transaction(
        () -> {
          try {
            db.update(
                "INSERT INTO nodes (name, mac, ip, netmask, gateway, hostname, disk, state,"
                    + " step, error, token_hash, since, started, ended, after_install, arm_id,"
                    + " network, bmc, wave, powered_on) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                    + (replace ? UPSERT_NODE : ""),
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
          } catch (Dialect.UniqueViolation e) {
            throw taken(node, e);
          }
          db.update("DELETE FROM node_groups WHERE node = ?", node.name());
          List<Object[]> rows = new ArrayList<>();
          for (String g : node.groups()) {
            rows.add(new Object[] {node.name(), g, rows.size()});
          }
          db.batch("INSERT INTO node_groups (node, grp, position) VALUES (?,?,?)", rows);
          return null;
        });
  }

  private static final String UPSERT_NODE =
      " ON CONFLICT(name) DO UPDATE SET mac=excluded.mac, ip=excluded.ip,"
          + " netmask=excluded.netmask, gateway=excluded.gateway,"
          + " hostname=excluded.hostname, disk=excluded.disk, state=excluded.state,"
          + " step=excluded.step, error=excluded.error,"
          + " token_hash=excluded.token_hash, since=excluded.since,"
          + " started=excluded.started, ended=excluded.ended,"
          + " after_install=excluded.after_install, arm_id=excluded.arm_id,"
          + " network=excluded.network, bmc=excluded.bmc, wave=excluded.wave,"
          + " powered_on=excluded.powered_on";

  /**
   * The database's refusal in the words of define-node's own check ({@code NodeUniqueness}): the
   * same error whether the check saw the other node or a concurrent transaction defined it first.
   */
  private static LuiException taken(Node node, Dialect.UniqueViolation e) {
    String value =
        switch (e.column()) {
          case "nodes.name" -> "node name '" + node.name() + "' is already defined";
          case "nodes.mac" -> "--mac '" + node.mac() + "' is already used by another node";
          case "nodes.ip" -> "--ip '" + node.ip() + "' is already used by another node";
          case "nodes.hostname" ->
              "--hostname '" + node.hostname() + "' is already used by another node";
          default -> e.getMessage();
        };
    return new LuiException(
        e.kind(), value + " (the store's UNIQUE constraint on " + e.column() + ")", e);
  }

  @Override
  public void deleteNode(String name) {
    db.update("DELETE FROM nodes WHERE name = ?", name);
    db.update("DELETE FROM node_events WHERE node = ?", name);
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
