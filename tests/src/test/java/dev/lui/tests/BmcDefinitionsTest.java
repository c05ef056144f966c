package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BMCs given in a batch CSV and in a cluster file (#14): defined, shown by list-nodes, show-node
 * and export, and round-tripped by apply; a password never printed, whether the server has one in
 * its secrets or someone writes one into the address.
 */
class BmcDefinitionsTest {
  private static final String SECRET = "s3cret-bmc-pw-9921";

  @TempDir Path tmp;
  LiveServer lui;

  @BeforeEach
  void start() throws Exception {
    lui = new LiveServer(tmp.resolve("state"));
    Path dir = Files.createDirectories(lui.state.resolve("bmc-secrets"));
    Path pw = Files.writeString(dir.resolve("default"), SECRET + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  private LiveServer.Result ok(String... args) {
    LiveServer.Result r = lui.lui(args);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out() + r.err()).doesNotContain(SECRET);
    return r;
  }

  @Test
  void aBatchCsvGivesEachNodeItsBmcAndAnAddressWithAPasswordDefinesNone() throws Exception {
    Path csv =
        Files.writeString(
            tmp.resolve("nodes.csv"),
            "name,mac,ip,netmask,bmc\n"
                + "n01,52:54:00:00:05:01,10.0.0.11,255.255.255.0,ipmi://admin@10.0.1.11\n"
                + "n02,52:54:00:00:05:02,10.0.0.12,255.255.255.0,ipmi://root@n02-bmc.example.org:6230\n"
                + "n03,52:54:00:00:05:03,10.0.0.13,255.255.255.0,\n");
    ok("define-node", "--from", csv.toString());

    assertThat(ok("show-node", "n01").out()).contains("bmc:       ipmi://admin@10.0.1.11:623");
    assertThat(ok("show-node", "n03").out()).contains("bmc:       -");
    assertThat(ok("list-nodes").out())
        .contains("ipmi://admin@10.0.1.11:623", "ipmi://root@n02-bmc.example.org:6230");
    assertThat(ok("show-node", "n[01-03]", "--json").out())
        .contains("\"bmc\" : \"ipmi://root@n02-bmc.example.org:6230\"");
    Path exported = tmp.resolve("cluster.yaml");
    ok("export", exported.toString());
    assertThat(Files.readString(exported))
        .contains(
            "bmc: \"ipmi://admin@10.0.1.11:623\"", "bmc: \"ipmi://root@n02-bmc.example.org:6230\"")
        .doesNotContain(SECRET);

    Path withPassword =
        Files.writeString(
            tmp.resolve("more.csv"),
            "name,mac,ip,netmask,bmc\n"
                + "n04,52:54:00:00:05:04,10.0.0.14,255.255.255.0,ipmi://admin@10.0.1.14\n"
                + "n05,52:54:00:00:05:05,10.0.0.15,255.255.255.0,ipmi://admin:"
                + SECRET
                + "@10.0.1.15\n");
    LiveServer.Result refused = lui.lui("define-node", "--from", withPassword.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("bmc", "****").doesNotContain(SECRET);
    assertThat(ok("list-nodes").out()).as("all rows or none").doesNotContain("n04");
  }

  @Test
  void aClusterFileDefinesBmcsThatExportWritesBackAndApplyChanges() throws Exception {
    String cluster =
        """
        nodes:
          - name: n01
            mac: 52:54:00:00:06:01
            ip: 10.0.0.21/24
            bmc: ipmi://admin@10.0.1.21
          - name: n02
            mac: 52:54:00:00:06:02
            ip: 10.0.0.22/24
            bmc: ipmi://admin@[fd00::22]:6230
        """;
    Path file = Files.writeString(tmp.resolve("cluster.yaml"), cluster);
    assertThat(ok("apply", file.toString()).out()).contains("define node n01", "define node n02");
    assertThat(ok("show-node", "n02").out()).contains("bmc:       ipmi://admin@[fd00::22]:6230");

    Path exported = tmp.resolve("exported.yaml");
    ok("export", exported.toString());
    assertThat(Files.readString(exported))
        .contains("bmc: \"ipmi://admin@10.0.1.21:623\"", "bmc: \"ipmi://admin@[fd00::22]:6230\"");
    assertThat(ok("apply", exported.toString()).out()).endsWith("nothing changed\n");

    Files.writeString(file, cluster.replace("admin@10.0.1.21", "ops@10.0.1.121"));
    assertThat(ok("apply", file.toString()).out()).contains("update node n01");
    assertThat(ok("show-node", "n01").out()).contains("bmc:       ipmi://ops@10.0.1.121:623");

    Files.writeString(file, cluster.replace("admin@10.0.1.21", "admin:" + SECRET + "@10.0.1.21"));
    LiveServer.Result refused = lui.lui("apply", file.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("bmc", "****").doesNotContain(SECRET);
    assertThat(ok("show-node", "n01").out())
        .as("nothing changed")
        .contains("bmc:       ipmi://ops@10.0.1.121:623");
    for (String cmd : List.of("status", "report")) {
      ok(cmd);
    }
  }
}
