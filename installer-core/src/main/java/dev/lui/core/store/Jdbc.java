package dev.lui.core.store;

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
 * The store's JDBC access: the few statement shapes it needs, its transactions, and its one
 * translation of SQL errors ({@link Dialect#error}).
 *
 * <p>Connections come from a {@link Connections}: SQLite's one connection under one lock, or
 * PostgreSQL's pool. A transaction keeps its connection for the thread that runs it, so every
 * statement inside it, and nested transactions, join it.
 *
 * <p>Parameters bind by their Java type, so a call site lists values, not {@code setString} calls:
 * {@code String}, {@code Long}, {@code Integer}, {@code Boolean} (stored 1/0), and an {@code
 * Optional} of those or {@code null} (stored NULL).
 */
final class Jdbc implements AutoCloseable {
  private final Connections connections;
  private final Dialect dialect;
  private final ThreadLocal<Connection> transaction = new ThreadLocal<>();

  Jdbc(Connections connections, Dialect dialect) {
    this.connections = connections;
    this.dialect = dialect;
  }

  /** Where connections come from, and go back to. */
  interface Connections extends AutoCloseable {
    Connection borrow() throws SQLException;

    void giveBack(Connection connection) throws SQLException;

    @Override
    void close() throws SQLException;

    /** One connection for every thread, one at a time (SQLite serialises writers anyway). */
    static Connections single(Connection connection) {
      ReentrantLock lock = new ReentrantLock();
      return new Connections() {
        @Override
        public Connection borrow() {
          lock.lock();
          return connection;
        }

        @Override
        public void giveBack(Connection c) {
          lock.unlock();
        }

        @Override
        public void close() throws SQLException {
          lock.lock();
          try {
            connection.close();
          } finally {
            lock.unlock();
          }
        }
      };
    }
  }

  @FunctionalInterface
  interface Sql<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  Dialect dialect() {
    return dialect;
  }

  /** Runs {@code work} on this thread's transaction, or a connection of its own. */
  <T> T sql(Sql<T> work) {
    Connection joined = transaction.get();
    try {
      if (joined != null) {
        return work.run(joined);
      }
      Connection c = connections.borrow();
      try {
        return work.run(c);
      } finally {
        connections.giveBack(c);
      }
    } catch (SQLException e) {
      throw dialect.error("store", e);
    }
  }

  /** Runs {@code work} in one transaction; nested calls join the outer one. */
  <T> T transaction(Supplier<T> work) {
    if (transaction.get() != null) {
      return work.get();
    }
    try {
      Connection c = connections.borrow();
      try {
        c.setAutoCommit(false);
        transaction.set(c);
        try {
          T result = work.get();
          c.commit();
          return result;
        } catch (RuntimeException | Error e) {
          c.rollback();
          throw e;
        } finally {
          transaction.remove();
          c.setAutoCommit(true);
        }
      } finally {
        connections.giveBack(c);
      }
    } catch (SQLException e) {
      throw dialect.error("store transaction", e);
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
        ps.setNull(index, Types.NULL); // untyped: PostgreSQL infers it
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
    try {
      connections.close();
    } catch (SQLException e) {
      throw dialect.error("store: closing", e);
    }
  }
}
