package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 10,000-row CSV through the CLI: all of it lands (or, with one bad row, none of it). Untimed
 * here; {@code tests/bench/batch-bench.sh} measures it.
 */
@Tag("slow")
class LargeBatchTest {
  static final int ROWS = Integer.getInteger("lui.batch.rows", 10_000);

  @TempDir Path tmp;

  private Path csv(String name, String badRow) throws Exception {
    StringBuilder rows = new StringBuilder("name,mac,ip,netmask,gateway,groups\n");
    for (int i = 0; i < ROWS; i++) {
      rows.append(
          i == ROWS - 2 && badRow != null
              ? badRow
              : String.format(
                  "c%05d,52:54:01:%02x:%02x:%02x,10.1.%d.%d,255.255.0.0,10.1.255.254,compute%n",
                  i, (i >> 16) & 255, (i >> 8) & 255, i & 255, i / 250, i % 250 + 1));
    }
    return Files.writeString(tmp.resolve(name), rows);
  }

  @Test
  void tenThousandRowsThroughTheCliLandWholeOrNotAtAll() throws Exception {
    try (LiveServer lui = new LiveServer(tmp.resolve("state")).withSystem()) {
      assertThat(lui.lui("define-group", "compute").code()).isZero();
      assertThat(lui.lui("allocate", LiveServer.SYSTEM, "--to", "compute").code()).isZero();

      LiveServer.Result bad =
          lui.lui(
              "define-node",
              "--from",
              csv(
                      "bad.csv",
                      "c09998,52:54:01:00:27:0e,10.1.39.249,255.255.0.0,10.1.255.254,nosuchgroup\n")
                  .toString());
      assertThat(bad.code()).isEqualTo(2);
      assertThat(bad.err()).contains("node " + (ROWS - 1) + " (c09998): --group 'nosuchgroup'");
      assertThat(lui.server.inventory().store().nodes()).isEmpty();

      long t0 = System.nanoTime();
      LiveServer.Result r = lui.lui("define-node", "--from", csv("nodes.csv", null).toString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("defined " + ROWS + " nodes: " + ROWS + " ready to install\n");
      System.out.println(
          "lui-batch: " + ROWS + " rows through the CLI (in-process) in " + ms + " ms");
      assertThat(lui.server.inventory().store().nodes()).hasSize(ROWS);
      assertThat(Files.readString(lui.dhcpdConf()).split("\nhost ", -1)).hasSize(ROWS + 1);
      try (Stream<Path> roots = Files.list(lui.state.resolve("nfsroot/nodes"))) {
        assertThat(roots.count()).isEqualTo(ROWS);
      }
    }
  }
}
