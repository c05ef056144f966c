package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lui apply} is one transaction and converges; {@code lui export} writes what it reads. */
class ApplyExportTest {
  static final Path SAMPLE =
      Path.of(System.getProperty("user.dir")).getParent().resolve("resources/sample/cluster.yaml");

  @TempDir Path tmp;
  LiveServer lui;

  @BeforeEach
  void start() {
    lui = new LiveServer(tmp.resolve("state"));
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  @Test
  void applyingTheSameFileAgainChangesNothingAndExitsZero() throws Exception {
    LiveServer.Result first = lui.lui("apply", SAMPLE.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("define group compute", "define node node04", "allocate to group login");
    byte[] dhcp = Files.readAllBytes(lui.dhcpdConf());
    LiveServer.Result again = lui.lui("apply", SAMPLE.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out())
        .isEqualTo(SAMPLE + ": the server already matches it; nothing changed\n");
    assertThat(Files.readAllBytes(lui.dhcpdConf())).isEqualTo(dhcp);
  }

  @Test
  void exportThenApplyThenExportGivesTheSameFile() throws Exception {
    assertThat(lui.lui("apply", SAMPLE.toString()).code()).isZero();
    assertThat(
            lui.lui(
                    "define-node",
                    "extra",
                    "--mac",
                    "52:54:00:77:00:99",
                    "--ip",
                    "10.77.0.99",
                    "--netmask",
                    "255.255.255.0",
                    "--after-install",
                    "local-boot",
                    "--resource",
                    "motd",
                    "--disk",
                    "serial=X1")
                .code())
        .isZero();
    Path tool = Files.writeString(tmp.resolve("tool"), "#!/bin/sh\n");
    LiveServer.Result setuid =
        lui.lui(
            "define-resource",
            "tool",
            "--type",
            "file",
            "--source",
            tool.toString(),
            "--target",
            "/usr/local/bin/tool",
            "--mode",
            "4755");
    assertThat(setuid.code()).isEqualTo(2);
    assertThat(setuid.err())
        .contains("--mode '4755': setuid, setgid and sticky bits")
        .contains("--special-bits");
    assertThat(
            lui.lui(
                    "define-resource",
                    "tool",
                    "--type",
                    "file",
                    "--source",
                    tool.toString(),
                    "--target",
                    "/usr/local/bin/tool",
                    "--mode",
                    "4755",
                    "--special-bits")
                .code())
        .isZero();
    Path exported = tmp.resolve("exported.yaml");
    LiveServer.Result export = lui.lui("export", exported.toString());
    assertThat(export.code()).as(export.err()).isZero();
    String first = Files.readString(exported);
    assertThat(first)
        .contains("name: \"compute\"")
        .contains("after-install: \"local-boot\"")
        .contains("serial=X1")
        .contains("special-bits: true");

    LiveServer.Result reapplied = lui.lui("apply", exported.toString());
    assertThat(reapplied.out()).as(reapplied.err()).contains("nothing changed");
    assertThat(lui.lui("export").out()).isEqualTo(first);

    Path asJson = tmp.resolve("exported.json");
    assertThat(lui.lui("export", asJson.toString(), "--json").code()).isZero();
    assertThat(Json.json().readTree(Files.readString(asJson)))
        .as("the same cluster file, as JSON")
        .isEqualTo(Json.yaml().readTree(first));
    LiveServer.Result jsonApplied = lui.lui("apply", asJson.toString(), "--json");
    assertThat(jsonApplied.code()).as(jsonApplied.err()).isZero();
    assertThat(Json.json().readTree(jsonApplied.out()).path("changes").size())
        .as("apply reads the JSON file; --json prints its answer: nothing changed")
        .isZero();

    try (LiveServer other = new LiveServer(tmp.resolve("other"))) {
      LiveServer.Result noContent = other.lui("apply", exported.toString());
      assertThat(noContent.code())
          .as("an exported file names content; this server has none yet")
          .isEqualTo(2);
      assertThat(noContent.err()).contains("no content with sha256");
      assertThat(other.lui("list-groups").out()).doesNotContain("compute");
      assertThat(other.lui("apply", SAMPLE.toString()).code()).isZero(); // uploads the files
      assertThat(
              other
                  .lui(
                      "define-node",
                      "extra",
                      "--mac",
                      "52:54:00:77:00:99",
                      "--ip",
                      "10.77.0.99",
                      "--netmask",
                      "255.255.255.0",
                      "--after-install",
                      "local-boot",
                      "--resource",
                      "motd",
                      "--disk",
                      "serial=X1")
                  .code())
          .isZero();
      assertThat(
              other
                  .lui(
                      "define-resource",
                      "tool",
                      "--type",
                      "file",
                      "--source",
                      tool.toString(),
                      "--target",
                      "/usr/local/bin/tool",
                      "--mode",
                      "4755",
                      "--special-bits")
                  .code())
          .isZero();
      LiveServer.Result onOther = other.lui("apply", exported.toString());
      assertThat(onOther.out()).as(onOther.err()).contains("nothing changed");
      assertThat(other.lui("export").out())
          .as("the same cluster on another server")
          .isEqualTo(first);
    }
  }

  @Test
  void aFailingApplyChangesNothing() throws Exception {
    String bad = Files.readString(SAMPLE).replace("\"52:54:00:77:00:66\"", "\"52:54:00:77:00:65\"");
    Path file =
        Files.writeString(
            SAMPLE.getParent().resolve(".lui-test-bad-" + ProcessHandle.current().pid() + ".yaml"),
            bad);
    try {
      LiveServer.Result r = lui.lui("apply", file.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err())
          .contains("node 3 (node02): --mac '52:54:00:77:00:65' is already used by node node01");
      assertThat(lui.lui("list-groups").out()).doesNotContain("compute");
      assertThat(lui.lui("list-resources").out()).doesNotContain("overlay");
      assertThat(Files.readString(lui.dhcpdConf())).doesNotContain("host");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void aDryRunPrintsTheDifferenceAndAChangedFileUpdatesWhatDiffersWithConfirmation()
      throws Exception {
    LiveServer.Result dry = lui.lui("apply", SAMPLE.toString(), "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would define node node01");
    assertThat(lui.lui("list-nodes").out()).doesNotContain("node01");

    assertThat(lui.lui("apply", SAMPLE.toString()).code()).isZero();
    String moved = Files.readString(SAMPLE).replace("ip: 10.77.0.101", "ip: 10.77.0.111");
    Path file =
        Files.writeString(
            SAMPLE
                .getParent()
                .resolve(".lui-test-moved-" + ProcessHandle.current().pid() + ".yaml"),
            moved);
    try {
      LiveServer.Result dryMove = lui.lui("apply", file.toString(), "--dry-run");
      assertThat(dryMove.out())
          .contains("would update node node01: ip 10.77.0.101 -> 10.77.0.111")
          .contains("1 node armed would get a different plan: node01");
      LiveServer.Result refused = lui.lui("apply", file.toString());
      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err())
          .contains("this apply changes the install plan of 1 armed node: node01");
      assertThat(Files.readString(lui.dhcpdConf())).contains("10.77.0.101");
      LiveServer.Result applied = lui.lui("apply", file.toString(), "--yes");
      assertThat(applied.code()).as(applied.err()).isZero();
      assertThat(applied.out()).containsOnlyOnce("update node").contains("update node node01");
      assertThat(Files.readString(lui.dhcpdConf()))
          .contains("10.77.0.111")
          .doesNotContain("10.77.0.101");
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
