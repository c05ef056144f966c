package dev.lui.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.core.LuiException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store in one SQLite file (the default: {@code STATE/lui.db}), its schema in {@link
 * SqliteSchema}.
 *
 * <p>One connection guarded by a lock ({@link Jdbc.Connections#single}): lui's writes are small and
 * SQLite serialises writers anyway; WAL keeps readers of other processes (backups, sqlite3 by hand)
 * out of the writers' way.
 */
public final class SqliteStore extends SqlStore {
  private SqliteStore(Connection connection, ObjectMapper json) {
    super(new Jdbc(Jdbc.Connections.single(connection), Dialect.SQLITE), new JsonColumns(json));
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
}
