package dev.lui.core.store;

import dev.lui.core.domain.Allocation;
import dev.lui.core.domain.Group;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SQL store's groups, networks, waves and allocations; resources and what installs leave come
 * from the classes it extends ({@link SqlResources}, {@link SqlInstalls}).
 */
abstract class SqlTables extends SqlResources {
  SqlTables(Jdbc db, JsonColumns codec) {
    super(db, codec);
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
        "SELECT id, max_active, size, interval_ms, created, paused, resumed FROM waves"
            + " ORDER BY created, id",
        rs ->
            new dev.lui.core.domain.Wave(
                rs.getString(1),
                rs.getObject(2) == null ? Optional.empty() : Optional.of(rs.getInt(2)),
                rs.getObject(3) == null ? Optional.empty() : Optional.of(rs.getInt(3)),
                java.time.Duration.ofMillis(rs.getLong(4)),
                Instant.parse(rs.getString(5)),
                Jdbc.text(rs, "paused"),
                Jdbc.text(rs, "resumed").map(Instant::parse)));
  }

  @Override
  public void putWave(dev.lui.core.domain.Wave wave) {
    db.update(
        "INSERT INTO waves (id, max_active, size, interval_ms, created, paused, resumed)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            + " max_active = excluded.max_active, size = excluded.size,"
            + " interval_ms = excluded.interval_ms, created = excluded.created,"
            + " paused = excluded.paused, resumed = excluded.resumed",
        wave.id(),
        wave.maxActive().map(Long::valueOf),
        wave.size().map(Long::valueOf),
        wave.interval().toMillis(),
        wave.created().toString(),
        wave.paused(),
        wave.resumed().map(Instant::toString));
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
            "INSERT INTO allocations (resource, kind, target) VALUES (?,?,?) ON CONFLICT DO NOTHING",
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
}
