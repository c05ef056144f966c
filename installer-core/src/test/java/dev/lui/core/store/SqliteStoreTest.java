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
  void aNewStoreIsMigratedToTheCurrentSchema() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lui.db"));
        Statement s = c.createStatement();
        var rs = s.executeQuery("PRAGMA user_version")) {
      assertThat(rs.getInt(1)).isEqualTo(SqliteStore.schemaVersion()).isEqualTo(13);
    }
  }

  @Test
  void upgradesAFirstReleaseStoreKeepingItsNodes() throws Exception {
    // A node as release 1 wrote it: no after_install column, no node_disks table.
    store =
        upgraded(
            1,
            "INSERT INTO nodes (name, mac, ip, netmask, hostname, disk, state, token_hash, since)"
                + " VALUES ('n01', '52:54:00:00:00:01', '10.0.0.11', '255.255.255.0', 'n01', 'path=/dev/sda',"
                + " 'installed', 'h', '2026-12-01T00:00:00Z')");
    var n = store.node("n01").orElseThrow();
    assertThat(n.afterInstall()).isEqualTo(dev.lui.core.domain.AfterInstall.REMOVE);
    assertThat(store.installedDisk("n01")).isEmpty();
    assertThat(n.disk()).contains("path=/dev/sda");
  }

  @Test
  void upgradesAVersion4StoreWhoseGroupsHadNoDisk() throws Exception {
    store = upgraded(4, "INSERT INTO groups_ (name) VALUES ('compute')");
    assertThat(store.group("compute")).contains(new dev.lui.core.domain.Group("compute"));
    store.putGroup(
        new dev.lui.core.domain.Group("compute", java.util.Optional.of("size=200G..300G")));
    assertThat(store.group("compute").orElseThrow().disk()).contains("size=200G..300G");
  }

  @Test
  void upgradesAVersion5StoreWhoseNodesHaveNoArmIdYet() throws Exception {
    store =
        upgraded(
            5,
            "INSERT INTO nodes (name, mac, ip, netmask, hostname, disk, state, token_hash, since)"
                + " VALUES ('n01', '52:54:00:00:00:01', '10.0.0.11', '255.255.255.0', 'n01', '',"
                + " 'defined', 'h', '2026-12-01T00:00:00Z')");
    assertThat(store.node("n01").orElseThrow().status().armId())
        .as("empty: the server's reconcile gives it one (and a new token) at start")
        .isEmpty();
    assertThat(store.runs("n01")).isEmpty();
    assertThat(store.serial()).isEqualTo(1);
  }

  @Test
  void upgradesAVersion6StoreWhoseRunsHaveNoDisk() throws Exception {
    store =
        upgraded(
            6,
            "INSERT INTO runs (id, node, arm_id, kind, opened, ended, ok)"
                + " VALUES ('r-1', 'n01', 'a1', 'install', '2026-12-01T00:00:00Z', NULL, NULL)");
    assertThat(store.run("r-1").orElseThrow().disk()).isEmpty();
  }

  @Test
  void upgradesAVersion5StoreMakingEachServerPathResourceAFirstVersionToImport() throws Exception {
    // A resource as release 5 wrote it: its file a path on the server, checksummed when defined.
    String sha = "ab".repeat(32);
    store =
        upgraded(
            5,
            "INSERT INTO resources (name, type, spec) VALUES ('motd', 'file', '"
                + "{\"type\":\"file\",\"name\":\"motd\",\"source\":{\"path\":\"/srv/lui/motd\",\"sha256\":\""
                + sha
                + "\",\"size\":6},\"target\":\"/etc/motd\",\"mode\":\"0644\",\"owner\":\"root:root\"}')");
    var motd =
        new dev.lui.core.domain.Resource.FileResource(
            "motd",
            new dev.lui.core.domain.Blob("/srv/lui/motd", sha, 6),
            "/etc/motd",
            "0644",
            "root:root");
    assertThat(store.resource("motd")).contains(motd);
    var versions = store.resourceVersions("motd");
    assertThat(versions)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.version()).isEqualTo(1);
              assertThat(v.status()).isEqualTo(dev.lui.core.domain.ResourceVersion.Status.IMPORT);
              assertThat(v.resource()).isEqualTo(motd);
            });
    assertThat(store.resourceVersionsUsing(sha)).extracting(v -> v.name()).containsExactly("motd");
    assertThat(store.putResource(motd, java.time.Instant.EPOCH).version())
        .as("the next version")
        .isEqualTo(2);
  }

  /** A store written at schema {@code version} with {@code sql} applied, opened by this build. */
  private SqliteStore upgraded(int version, String sql) throws Exception {
    store.close();
    Path old = dir.resolve("v" + version + ".db");
    try (var before = SqliteStore.open(old, Json.json(), version);
        var c = DriverManager.getConnection("jdbc:sqlite:" + old);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
    return SqliteStore.open(old, Json.json());
  }

  @Test
  void aNodeWithoutItsOwnDiskReadsBackWithoutOne() {
    store.putNode(Fixtures.node(1).withDisk(java.util.Optional.empty()));
    assertThat(store.node("n01").orElseThrow().disk()).isEmpty();
  }

  @Test
  void refusesAStoreWrittenByANewerSchema() throws Exception {
    store.close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lui.db"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }
    assertThatThrownBy(this::open)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer lui");
    store = new MemoryStore();
  }

  @Test
  void refusesTwoNodesWithOneMacEvenIfACallerForgetsToCheck() {
    store.putNode(Fixtures.node(1));
    var clash = Fixtures.node(2);
    var sameMac =
        new dev.lui.core.domain.Node(
            "other",
            Fixtures.node(1).mac(),
            clash.ip(),
            clash.netmask(),
            clash.gateway(),
            "other",
            clash.groups(),
            clash.disk(),
            clash.status(),
            clash.afterInstall(),
            clash.network(),
            clash.bmc());
    assertThatThrownBy(() -> store.putNode(sameMac)).hasMessageContaining("UNIQUE");
  }
}
