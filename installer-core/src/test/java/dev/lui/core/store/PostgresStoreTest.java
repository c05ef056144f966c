package dev.lui.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.ErrorKind;
import dev.lui.core.Fixtures;
import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.domain.Node;
import dev.lui.testkit.Postgres;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real PostgreSQL (test-kit starts one per class), and its own tests. */
@Tag("slow")
class PostgresStoreTest extends StoreContract {
  private static Postgres pg;
  private String database;
  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  Store open() throws Exception {
    if (database == null) {
      database = pg.createDatabase();
    }
    return openAgain();
  }

  private PostgresStore openAgain() {
    return PostgresStore.open(
        PostgresTarget.parse("--store", pg.url(database), Optional.of(pg.passwordFile())),
        Json.json());
  }

  @Test
  void keepsDataAcrossReopening() {
    store.putNode(Fixtures.node(1, "compute"));
    store.close();
    store = openAgain();
    assertThat(store.node("n01")).contains(Fixtures.node(1, "compute"));
  }

  @Test
  void twoTransactionsDefiningOneNodeNameAtOnceEndWithOneNodeAndOneClearError() throws Exception {
    Node first = Fixtures.node(1, "compute");
    Node n02 = Fixtures.node(2, "gpu"); // named n01: its MAC, address and host name are free
    Node second =
        new Node(
            "n01",
            n02.mac(),
            n02.ip(),
            n02.netmask(),
            n02.gateway(),
            n02.hostname(),
            n02.groups(),
            n02.disk(),
            n02.status(),
            n02.afterInstall(),
            n02.network(),
            n02.bmc());
    List<Throwable> errors = race(first, second);
    assertThat(errors).singleElement().satisfies(e -> assertConflict(e, "node name 'n01'"));
    assertThat(store.nodes()).singleElement().isIn(first, second);
  }

  @Test
  void twoTransactionsDefiningOneMacAtOnceEndWithOneNodeAndOneClearError() throws Exception {
    Node first = Fixtures.node(1);
    Node second = withMac(Fixtures.node(2), first.mac());
    List<Throwable> errors = race(first, second);
    assertThat(errors)
        .singleElement()
        .satisfies(e -> assertConflict(e, "--mac '" + first.mac() + "' is already used"));
    assertThat(store.nodes()).singleElement().isIn(first, second);
  }

  private static void assertConflict(Throwable e, String text) {
    assertThat(e).isInstanceOf(LuiException.class).hasMessageContaining(text);
    assertThat(((LuiException) e).kind()).isEqualTo(ErrorKind.CONFLICT);
  }

  /**
   * Two threads, each in a transaction that first sees no such node (as define-node's own check
   * does), then, once both have looked, adds its node: the database alone decides.
   */
  private List<Throwable> race(Node a, Node b) throws Exception {
    CyclicBarrier bothLooked = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Node n : List.of(a, b)) {
        done.add(
            threads.submit(
                () ->
                    store.transaction(
                        () -> {
                          assertThat(store.node(n.name())).isEmpty();
                          assertThat(store.nodeByMac(n.mac())).isEmpty();
                          await(bothLooked);
                          store.addNode(n);
                        })));
      }
      List<Throwable> errors = new ArrayList<>();
      for (Future<?> f : done) {
        try {
          f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          errors.add(e.getCause());
        }
      }
      return errors;
    } finally {
      threads.shutdownNow();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Node withMac(Node n, dev.lui.contract.value.MacAddress mac) {
    return new Node(
        n.name(),
        mac,
        n.ip(),
        n.netmask(),
        n.gateway(),
        n.hostname(),
        n.groups(),
        n.disk(),
        n.status(),
        n.afterInstall(),
        n.network(),
        n.bmc());
  }

  @Test
  void refusesTwoNodesWithOneMacEvenIfACallerForgetsToCheck() {
    store.putNode(Fixtures.node(1));
    assertThatThrownBy(() -> store.putNode(withMac(Fixtures.node(2), Fixtures.node(1).mac())))
        .hasMessageContaining("--mac '52:54:00:00:00:01' is already used by another node")
        .hasMessageContaining("UNIQUE");
    assertThat(store.nodes()).containsExactly(Fixtures.node(1));
  }

  @Test
  void withoutItsPasswordTheStoreIsNotOpenedAndTheErrorSaysWhereItLooked() {
    assertThatThrownBy(
            () ->
                PostgresStore.open(
                    PostgresTarget.parse("--store", pg.url(database), Optional.empty()),
                    Json.json()))
        .isInstanceOf(LuiException.class)
        .hasMessageStartingWith("cannot open the store " + pg.url(database) + ": ")
        .hasMessageContaining("password")
        .hasMessageContaining("PGPASSFILE");
  }

  @Test
  void refusesAStoreWrittenByANewerSchema() throws Exception {
    store.close();
    pg.psql(
        database,
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL',"
            + " 'V99__future.sql', 0, 'postgres', 0, true)");
    assertThatThrownBy(this::openAgain)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer lui");
    store = new MemoryStore();
  }

  @Test
  void hasTheTablesAndColumnsOfTheSqliteSchema() throws Exception {
    TreeSet<String> sqlite = new TreeSet<>();
    try (SqliteStore s = SqliteStore.open(dir.resolve("lui.db"), Json.json());
        var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lui.db"));
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p"
                        + " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'")) {
      while (rs.next()) {
        sqlite.add(rs.getString(1) + "." + rs.getString(2));
      }
    }
    TreeSet<String> postgres =
        new TreeSet<>(
            List.of(
                pg.psql(
                        database,
                        "SELECT table_name || '.' || column_name FROM information_schema.columns"
                            + " WHERE table_schema = 'public'"
                            + " AND table_name <> 'flyway_schema_history'")
                    .strip()
                    .split("\n")));
    postgres.remove("runs.rowid"); // SQLite's is implicit
    assertThat(postgres).isEqualTo(sqlite);
  }
}
