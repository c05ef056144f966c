package dev.lui.core.store;

import dev.lui.core.domain.Resource;
import dev.lui.core.domain.ResourceVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The resources and their versions in the store. */
abstract class SqlResources extends SqlInstalls {
  SqlResources(Jdbc db, JsonColumns codec) {
    super(db, codec);
  }

  // ---- resources

  @Override
  public List<Resource> resources() {
    return db.strings("SELECT spec FROM resources ORDER BY name").stream()
        .map(this::readResource)
        .toList();
  }

  @Override
  public Optional<Resource> resource(String name) {
    return db.strings("SELECT spec FROM resources WHERE name = ?", name).stream()
        .findFirst()
        .map(this::readResource);
  }

  private Resource readResource(String spec) {
    return codec.decode(spec, Resource.class, "resource row");
  }

  @Override
  public ResourceVersion putResource(Resource resource, Instant created) {
    String spec = codec.encode(resource, "resource " + resource.name());
    return db.transaction(
        () -> {
          // The resource's row first: it locks the row (PostgreSQL), so a concurrent definition
          // of the same resource waits here and then reads the version this one adds.
          db.update(
              "INSERT INTO resources (name, type, spec) VALUES (?,?,?)"
                  + " ON CONFLICT(name) DO UPDATE SET type=excluded.type, spec=excluded.spec",
              resource.name(),
              resource.type().wireName(),
              spec);
          int version =
              db.rows(
                      "SELECT COALESCE(MAX(version), 0) + 1 FROM resource_versions WHERE resource = ?",
                      rs -> rs.getInt(1),
                      resource.name())
                  .get(0);
          db.update(
              "INSERT INTO resource_versions (resource, version, spec, created, status)"
                  + " VALUES (?,?,?,?,?)",
              resource.name(),
              version,
              spec,
              created.toString(),
              ResourceVersion.Status.READY.wireName());
          db.batch(
              "INSERT INTO resource_contents (resource, version, sha256) VALUES (?,?,?)"
                  + " ON CONFLICT DO NOTHING",
              resource.contents().stream()
                  .map(blob -> new Object[] {resource.name(), version, blob.sha256()})
                  .toList());
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
    return db.rows(
        "SELECT "
            + VERSION_COLUMNS
            + " FROM resource_versions v WHERE v.resource = ? ORDER BY v.version",
        this::readVersion,
        name);
  }

  @Override
  public List<ResourceVersion> currentResourceVersions() {
    return db.rows(
        "SELECT "
            + VERSION_COLUMNS
            + " FROM resource_versions v WHERE v.version ="
            + " (SELECT MAX(w.version) FROM resource_versions w WHERE w.resource = v.resource)"
            + " ORDER BY v.resource",
        this::readVersion);
  }

  @Override
  public List<ResourceVersion> resourceVersionsUsing(String sha256) {
    return db.rows(
        "SELECT "
            + VERSION_COLUMNS
            + " FROM resource_versions v JOIN resource_contents c"
            + " ON c.resource = v.resource AND c.version = v.version WHERE c.sha256 = ?"
            + " ORDER BY v.resource, v.version",
        this::readVersion,
        sha256);
  }

  @Override
  public void setResourceStatus(String name, int version, ResourceVersion.Status status) {
    db.update(
        "UPDATE resource_versions SET status = ? WHERE resource = ? AND version = ?",
        status.wireName(),
        name,
        version);
  }

  @Override
  public void deleteResource(String name) {
    db.transaction(
        () -> {
          db.update("DELETE FROM resource_versions WHERE resource = ?", name);
          return db.update("DELETE FROM resources WHERE name = ?", name);
        });
  }
}
