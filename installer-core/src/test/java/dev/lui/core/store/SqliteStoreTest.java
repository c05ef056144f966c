package dev.lui.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.core.Fixtures;
import dev.lui.core.Json;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {
  @TempDir Path dir;

  @Override
  Store open() {
    return SqliteStore.open(dir.resolve("lui.db"), Json.json());
  }

  @Test
  void keepsDataAcrossReopening() {
    store.putNode(Fixtures.node(1, "compute"));
    store.close();
    store = open();
    assertThat(store.node("n01")).contains(Fixtures.node(1, "compute"));
  }

  @Test
  void refusesAStoreWrittenByANewerSchema() throws Exception {
    store.close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lui.db"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }
    assertThatThrownBy(this::open).hasMessageContaining("schema version 99").hasMessageContaining("newer lui");
    store = new MemoryStore();
  }

  @Test
  void refusesTwoNodesWithOneMacEvenIfACallerForgetsToCheck() {
    store.putNode(Fixtures.node(1));
    var clash = Fixtures.node(2);
    var sameMac =
        new dev.lui.core.domain.Node(
            "other", Fixtures.node(1).mac(), clash.ip(), clash.netmask(), clash.gateway(), "other",
            clash.groups(), clash.disk(), clash.status());
    assertThatThrownBy(() -> store.putNode(sameMac)).hasMessageContaining("UNIQUE");
  }
}
