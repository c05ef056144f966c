package dev.lui.core.store;

import dev.lui.contract.disk.DiskIdentity;
import dev.lui.contract.plan.SshHostKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What installs leave in the store: runs, logs, installed disks, ssh host keys, transfers.
 *
 * <p>The base of the SQL store's classes, one per group of tables, each extending the last ({@link
 * SqlResources}, {@link SqlTables}, {@link SqlStore}): one database, no forwarding.
 */
abstract class SqlInstalls implements Store {
  final Jdbc db;
  final JsonColumns codec;

  SqlInstalls(Jdbc db, JsonColumns codec) {
    this.db = db;
    this.codec = codec;
  }

  // ---- runs

  @Override
  public void putRun(Run run) {
    db.update(
        "INSERT INTO runs (id, node, arm_id, kind, opened, ended, ok, disk) VALUES (?,?,?,?,?,?,?,?)"
            + " ON CONFLICT(id) DO UPDATE SET ended=excluded.ended, ok=excluded.ok, disk=excluded.disk",
        run.id(),
        run.node(),
        run.armId(),
        run.kind().wireName(),
        run.opened().toString(),
        run.ended().map(Instant::toString),
        run.ok(),
        run.disk().map(d -> codec.encode(d, "a disk identity")));
  }

  @Override
  public Optional<Run> run(String id) {
    return db.rows("SELECT * FROM runs WHERE id = ?", this::readRun, id).stream().findFirst();
  }

  @Override
  public List<Run> runs(String node) {
    // Insertion order breaks ties: SQLite's rowid, a column of that name in PostgreSQL.
    return db.rows("SELECT * FROM runs WHERE node = ? ORDER BY opened, rowid", this::readRun, node);
  }

  @Override
  public void deleteRuns(String node, java.util.Collection<String> runIds) {
    String ids = jsonArray(runIds);
    db.update(
        "DELETE FROM install_log WHERE node = ? AND run_id IN " + db.dialect().jsonTexts(),
        node,
        ids);
    db.update("DELETE FROM runs WHERE node = ? AND id IN " + db.dialect().jsonTexts(), node, ids);
  }

  private Run readRun(ResultSet rs) throws SQLException {
    return new Run(
        rs.getString("id"),
        rs.getString("node"),
        rs.getString("arm_id"),
        Run.Kind.fromWire(rs.getString("kind")),
        Instant.parse(rs.getString("opened")),
        Jdbc.text(rs, "ended").map(Instant::parse),
        Jdbc.flag(rs, "ok"),
        Jdbc.text(rs, "disk").map(text -> codec.decode(text, DiskIdentity.class, "disk of a run")));
  }

  // ---- install log

  @Override
  public boolean appendLog(LogEntry e) {
    return db.update(
            "INSERT INTO install_log (node, run_id, seq, time, kind, step, stream, text, ok)"
                + " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
            e.node(),
            e.runId(),
            e.seq(),
            e.time().toString(),
            e.kind(),
            e.step(),
            e.stream(),
            e.text(),
            e.ok())
        > 0;
  }

  @Override
  public List<LogEntry> log(String node, long afterId, int limit) {
    return db.rows(
        "SELECT * FROM install_log WHERE node = ? AND id > ? ORDER BY id LIMIT ?",
        SqlInstalls::logEntry,
        node,
        afterId,
        limit);
  }

  /** Many nodes' logs after one cursor; the names go in as one JSON array parameter. */
  @Override
  public List<LogEntry> log(java.util.Collection<String> nodes, long afterId, int limit) {
    return db.rows(
        "SELECT * FROM install_log WHERE id > ? AND node IN "
            + db.dialect().jsonTexts()
            + " ORDER BY id LIMIT ?",
        SqlInstalls::logEntry,
        afterId,
        jsonArray(nodes),
        limit);
  }

  @Override
  public List<LogEntry> runLog(String node, String runId, java.util.Set<String> kinds) {
    return db.rows(
        "SELECT * FROM install_log WHERE node = ? AND run_id = ? AND kind IN "
            + db.dialect().jsonTexts()
            + " ORDER BY id",
        SqlInstalls::logEntry,
        node,
        runId,
        jsonArray(kinds));
  }

  private static String jsonArray(java.util.Collection<String> texts) {
    try {
      return dev.lui.core.Json.json().writeValueAsString(List.copyOf(texts));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static LogEntry logEntry(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new LogEntry(
        rs.getLong("id"),
        rs.getString("node"),
        rs.getString("run_id"),
        rs.getLong("seq"),
        Instant.parse(rs.getString("time")),
        rs.getString("kind"),
        Jdbc.text(rs, "step"),
        Jdbc.text(rs, "stream"),
        Jdbc.text(rs, "text"),
        Jdbc.flag(rs, "ok"));
  }

  @Override
  public void deleteLog(String node) {
    db.update("DELETE FROM install_log WHERE node = ?", node);
  }

  // ---- transfers

  @Override
  public void recordTransfer(TransferEntry t) {
    db.update(
        "INSERT INTO transfers (time, client, path, bytes, outcome, node, elapsed_ms, detail)"
            + " VALUES (?,?,?,?,?,?,?,?)",
        t.time().toString(),
        t.client(),
        t.path(),
        t.bytes(),
        t.outcome(),
        t.node(),
        t.elapsed().map(java.time.Duration::toMillis),
        t.detail());
  }

  private static TransferEntry transfer(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new TransferEntry(
        Instant.parse(rs.getString("time")),
        rs.getString("client"),
        rs.getString("path"),
        rs.getLong("bytes"),
        rs.getString("outcome"),
        Jdbc.text(rs, "node"),
        Jdbc.text(rs, "elapsed_ms").map(ms -> java.time.Duration.ofMillis(Long.parseLong(ms))),
        Jdbc.text(rs, "detail"));
  }

  @Override
  public List<TransferEntry> transfers(int limit) {
    return db.rows(
        "SELECT * FROM (SELECT * FROM transfers ORDER BY id DESC LIMIT ?) t ORDER BY id",
        SqlInstalls::transfer,
        limit);
  }

  @Override
  public List<TransferEntry> transfersOf(String node, Instant since, int limit) {
    // Times are Instant.toString: equal-length up to the second, so compare that prefix in SQL
    // (the index on node does the rest) and the exact instant here.
    return db
        .rows(
            "SELECT * FROM transfers WHERE node = ? AND substr(time, 1, 19) >= ? ORDER BY id",
            SqlInstalls::transfer,
            node,
            since.toString().substring(0, 19))
        .stream()
        .filter(t -> !t.time().isBefore(since))
        .limit(limit)
        .toList();
  }

  // ---- installed disks

  @Override
  public void putInstalledDisk(String node, DiskIdentity disk) {
    db.update(
        "INSERT INTO node_disks (node, identity) VALUES (?,?)"
            + " ON CONFLICT(node) DO UPDATE SET identity=excluded.identity",
        node,
        codec.encode(disk, "a disk identity"));
  }

  @Override
  public Optional<DiskIdentity> installedDisk(String node) {
    return db.strings("SELECT identity FROM node_disks WHERE node = ?", node).stream()
        .findFirst()
        .map(text -> codec.decode(text, DiskIdentity.class, "disk row of " + node));
  }

  @Override
  public Map<String, DiskIdentity> installedDisks() {
    Map<String, DiskIdentity> out = new LinkedHashMap<>();
    db.rows(
        "SELECT node, identity FROM node_disks",
        rs ->
            out.put(
                rs.getString(1), codec.decode(rs.getString(2), DiskIdentity.class, "disk row")));
    return out;
  }

  @Override
  public void deleteInstalledDisk(String node) {
    db.update("DELETE FROM node_disks WHERE node = ?", node);
  }

  // ---- ssh host keys (secrets: the file is 0600 and they are never logged)

  @Override
  public void putSshHostKeys(String node, List<SshHostKey> keys) {
    db.update(
        "INSERT INTO node_ssh_keys (node, keys) VALUES (?,?)"
            + " ON CONFLICT(node) DO UPDATE SET keys=excluded.keys",
        node,
        codec.encode(keys, "the ssh host keys of " + node));
  }

  @Override
  public List<SshHostKey> sshHostKeys(String node) {
    return db.strings("SELECT keys FROM node_ssh_keys WHERE node = ?", node).stream()
        .findFirst()
        .map(text -> List.of(codec.decode(text, SshHostKey[].class, "ssh host keys of " + node)))
        .orElse(List.of());
  }

  // ---- node events

  @Override
  public void recordNodeEvent(NodeEvent e) {
    db.update(
        "INSERT INTO node_events (node, arm_id, time, kind, title, detail, ok) VALUES (?,?,?,?,?,?,?)",
        e.node(),
        e.armId(),
        e.time().toString(),
        e.kind().wireName(),
        e.title(),
        e.detail(),
        e.ok());
    // A bound per node: far more than any number of armings a timeline shows.
    db.update(
        "DELETE FROM node_events WHERE node = ? AND id <= (SELECT max(id) FROM node_events WHERE"
            + " node = ?) - ?",
        e.node(),
        e.node(),
        NodeEvent.KEPT);
  }

  @Override
  public List<NodeEvent> nodeEvents(String node) {
    return db.rows(
        "SELECT * FROM node_events WHERE node = ? ORDER BY id",
        rs ->
            new NodeEvent(
                rs.getString("node"),
                rs.getString("arm_id"),
                Instant.parse(rs.getString("time")),
                NodeEvent.Kind.fromWire(rs.getString("kind")),
                rs.getString("title"),
                rs.getString("detail"),
                rs.getBoolean("ok")),
        node);
  }
}
