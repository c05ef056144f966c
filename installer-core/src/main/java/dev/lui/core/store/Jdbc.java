package dev.lui.core.store;

import dev.lui.core.LuiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One JDBC connection guarded by one lock, with the few statement shapes the store needs.
 *
 * <p>Parameters bind by their Java type, so a call site lists values, not {@code setString} calls:
 * {@code String}, {@code Long}, {@code Integer}, {@code Boolean} (stored 1/0), and an {@code
 * Optional} of those or {@code null} (stored NULL).
 */
final class Jdbc implements AutoCloseable {
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  Jdbc(Connection connection) {
    this.connection = connection;
  }

  @FunctionalInterface
  interface Sql<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Runs {@code work} holding the lock; an SQL error becomes a failed {@link LuiException}. */
  <T> T sql(Sql<T> work) {
    lock.lock();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw LuiException.failed("store: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} in one transaction; nested calls join the outer one. */
  <T> T transaction(Supplier<T> work) {
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

  /** Executes one statement; the number of rows it changed. */
  int update(String statement, Object... args) {
    return sql(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            bind(ps, args);
            return ps.executeUpdate();
          }
        });
  }

  /** Executes one statement per row of {@code batch}, as one JDBC batch. */
  void batch(String statement, List<Object[]> batch) {
    sql(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            for (Object[] args : batch) {
              bind(ps, args);
              ps.addBatch();
            }
            return ps.executeBatch();
          }
        });
  }

  /** Every row of {@code query}, read by {@code row}. */
  <T> List<T> rows(String query, Row<T> row, Object... args) {
    return sql(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(query)) {
            bind(ps, args);
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

  List<String> strings(String query, Object... args) {
    return rows(query, rs -> rs.getString(1), args);
  }

  /** A nullable text column. */
  static Optional<String> text(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  /** A nullable 1/0 column. */
  static Optional<Boolean> flag(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(value == 1);
  }

  private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object value = args[i] instanceof Optional<?> o ? o.orElse(null) : args[i];
      int index = i + 1;
      if (value == null) {
        ps.setNull(index, Types.VARCHAR);
      } else if (value instanceof String s) {
        ps.setString(index, s);
      } else if (value instanceof Long l) {
        ps.setLong(index, l);
      } else if (value instanceof Integer n) {
        ps.setInt(index, n);
      } else if (value instanceof Boolean b) {
        ps.setInt(index, b ? 1 : 0);
      } else {
        throw new IllegalArgumentException("no SQL binding for " + value.getClass().getName());
      }
    }
  }

  @Override
  public void close() {
    sql(
        c -> {
          c.close();
          return null;
        });
  }
}
