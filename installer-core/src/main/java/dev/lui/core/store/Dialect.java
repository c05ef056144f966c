package dev.lui.core.store;

import dev.lui.core.LuiException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between the store's two databases, SQLite and PostgreSQL, in the SQL it runs and the
 * errors it gets; everything else is one SQL text for both (upserts are {@code ON CONFLICT}, which
 * both speak). The schemas differ too, and live apart: {@link SqliteSchema}, and the Flyway
 * migrations of {@link PostgresStore}.
 */
enum Dialect {
  SQLITE,
  POSTGRESQL;

  private static final Pattern SQLITE_UNIQUE =
      Pattern.compile("UNIQUE constraint failed: (\\w+\\.\\w+)");
  private static final Pattern POSTGRES_KEY = Pattern.compile("Key \\((\\w+)\\)=");

  /** A subquery of the texts of one JSON array parameter, for {@code IN (...)}. */
  String jsonTexts() {
    return switch (this) {
      case SQLITE -> "(SELECT value FROM json_each(?))";
      case POSTGRESQL -> "(SELECT json_array_elements_text(CAST(? AS json)))";
    };
  }

  /**
   * The one translation of the store's SQL errors: a second row with a unique value (node name,
   * MAC...) is a {@link UniqueViolation}, a transaction that lost a race to a concurrent one a
   * conflict to retry, anything else a failure.
   */
  LuiException error(String what, SQLException e) {
    Optional<String> unique = uniqueColumn(e);
    if (unique.isPresent()) {
      return new UniqueViolation(unique.get(), e);
    }
    String state = Optional.ofNullable(e.getSQLState()).orElse("");
    if (this == POSTGRESQL && (state.equals("40001") || state.equals("40P01"))) {
      return new LuiException(
          dev.lui.core.ErrorKind.CONFLICT,
          what + ": a concurrent change to the same data came first; try again",
          e);
    }
    return LuiException.failed(what + ": " + e.getMessage(), e);
  }

  /** {@code table.column} of the unique constraint {@code e} broke, if that is what it is. */
  private Optional<String> uniqueColumn(SQLException e) {
    String message = Optional.ofNullable(e.getMessage()).orElse("");
    switch (this) {
      case SQLITE -> {
        Matcher m = SQLITE_UNIQUE.matcher(message);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
      }
      case POSTGRESQL -> {
        if (!"23505".equals(e.getSQLState())
            || !(e instanceof org.postgresql.util.PSQLException p)
            || p.getServerErrorMessage() == null) {
          return Optional.empty();
        }
        var server = p.getServerErrorMessage();
        Matcher m = POSTGRES_KEY.matcher(Optional.ofNullable(server.getDetail()).orElse(""));
        return Optional.of(
            server.getTable() + "." + (m.find() ? m.group(1) : server.getConstraint()));
      }
    }
    return Optional.empty();
  }

  /** A row whose unique value another row has: {@link #column} says which ({@code nodes.mac}). */
  static final class UniqueViolation extends LuiException {
    private static final long serialVersionUID = 1L;
    private final String column;

    UniqueViolation(String column, SQLException cause) {
      super(
          dev.lui.core.ErrorKind.CONFLICT,
          "store: another row already has this " + column + " (UNIQUE constraint)",
          cause);
      this.column = column;
    }

    String column() {
      return column;
    }
  }
}
