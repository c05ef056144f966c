package dev.lui.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lui.core.LuiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * The store in a PostgreSQL database ({@code lui server --store postgresql://...}): a pool of
 * connections (HikariCP), each transaction on one of them, READ COMMITTED; what must not happen
 * twice (a second node with one name or MAC) is refused by the database's constraints, not by a
 * read before the write. The schema is migrated by Flyway from {@code
 * dev/lui/core/store/postgresql/V*.sql}; several servers starting at once migrate once (Flyway
 * takes a database lock).
 */
public final class PostgresStore extends SqlStore {
  static final String MIGRATIONS = "classpath:dev/lui/core/store/postgresql";

  private PostgresStore(HikariDataSource pool, ObjectMapper json) {
    super(new Jdbc(pooled(pool), Dialect.POSTGRESQL), new JsonColumns(json));
  }

  /** Connects to {@code target} and migrates its schema to this build's. */
  public static PostgresStore open(PostgresTarget target, ObjectMapper json) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("lui-store");
    config.setJdbcUrl(target.jdbcUrl());
    config.setUsername(target.user());
    target.passwordFile().ifPresent(f -> config.setPassword(password(f)));
    config.setMaximumPoolSize(10);
    config.setConnectionTimeout(10_000);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw LuiException.failed(
          "cannot open the store " + target + ": " + rootMessage(e) + hint(target, rootMessage(e)),
          e);
    }
    try {
      migrate(pool);
      return new PostgresStore(pool, json);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static void migrate(HikariDataSource pool) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(pool)
            .locations(MIGRATIONS)
            .ignoreMigrationPatterns("")
            .load();
    try {
      MigrationInfo[] applied = flyway.info().applied();
      if (Arrays.stream(applied).anyMatch(m -> m.getState() == MigrationState.FUTURE_SUCCESS)) {
        throw LuiException.failed(
            "the store has schema version "
                + flyway.info().current().getVersion()
                + " but this lui knows only up to "
                + schemaVersion(flyway)
                + ": use a newer lui");
      }
      flyway.migrate();
    } catch (FlywayException e) {
      throw LuiException.failed("store: migrating the PostgreSQL schema: " + e.getMessage(), e);
    }
  }

  private static String schemaVersion(Flyway flyway) {
    return Arrays.stream(flyway.info().all())
        .filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS)
        .map(m -> m.getVersion().toString())
        .reduce((a, b) -> b)
        .orElse("0");
  }

  private static String password(java.nio.file.Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw LuiException.invalid(
          "--store-password-file", file.toString(), "cannot read it: " + e.getMessage());
    }
  }

  private static String hint(PostgresTarget target, String message) {
    return target.passwordFile().isEmpty() && String.valueOf(message).contains("password")
        ? " (no --store-password-file: the driver looked in PGPASSFILE and ~/.pgpass)"
        : "";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static Jdbc.Connections pooled(HikariDataSource pool) {
    return new Jdbc.Connections() {
      @Override
      public Connection borrow() throws SQLException {
        return pool.getConnection();
      }

      @Override
      public void giveBack(Connection connection) throws SQLException {
        connection.close();
      }

      @Override
      public void close() {
        pool.close();
      }
    };
  }
}
