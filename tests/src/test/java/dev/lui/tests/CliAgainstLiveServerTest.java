package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lui.core.Json;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI contract, against a real server on loopback: outputs, files, exit codes, errors. */
class CliAgainstLiveServerTest {
  @TempDir Path tmp;
  LiveServer lui;

  static final String[] N01 = {
    "define-node",
    "n01",
    "--mac",
    "52:54:00:00:00:01",
    "--ip",
    "10.0.0.11",
    "--netmask",
    "255.255.255.0",
    "--gateway",
    "10.0.0.1",
    "--resource",
    LiveServer.SYSTEM
  };

  @BeforeEach
  void start() {
    lui = new LiveServer(tmp.resolve("state")).withSystem();
  }

  @AfterEach
  void stop() {
    lui.close();
  }

  @Test
  void aDefinedNodeIsReadyToInstallWhenTheCommandReturns() throws IOException {
    LiveServer.Result r = lui.lui(N01);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("defined node n01");
    assertThat(Files.readString(lui.dhcpdConf()))
        .contains("host n01")
        .contains("52:54:00:00:00:01")
        .contains("10.0.0.11");
    assertThat(Files.readString(lui.state.resolve("dhcp/bootptab"))).contains("525400000001");
    assertThat(lui.state.resolve("tftp/pxelinux.cfg/01-52-54-00-00-00-01")).exists();
    Path root = lui.nodeRoot("n01");
    assertThat(root.resolve("lui/plan.json")).exists();
    assertThat(Files.getPosixFilePermissions(root.resolve("lui/token")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aNodeWhosePlanInstallsNoSystemIsDefinedButNeverArmed() throws IOException {
    assertThat(lui.lui("define-group", "compute").code()).isZero();
    LiveServer.Result r =
        lui.lui(
            "define-node",
            "n01",
            "--mac",
            "52:54:00:00:00:01",
            "--ip",
            "10.0.0.11",
            "--netmask",
            "255.255.255.0",
            "--group",
            "compute");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "defined node n01 (52:54:00:00:00:01, 10.0.0.11): not armed, its plan installs no"
                + " system; allocate a tarball, rpm-list or deb-list\n");
    assertThat(Files.readString(lui.dhcpdConf())).doesNotContain("host n01");
    assertThat(lui.nodeRoot("n01")).doesNotExist();
    assertThat(lui.state.resolve("tftp/pxelinux.cfg/01-52-54-00-00-00-01")).doesNotExist();
    assertThat(lui.lui("status").out())
        .contains("not armed: its plan installs no system")
        .contains("1 defined (1 not armed)");
    LiveServer.Result install = lui.lui("install", "n01");
    assertThat(install.code()).isEqualTo(2);
    assertThat(install.err())
        .isEqualTo(
            "lui: node n01 cannot be armed: its plan installs no system; allocate a"
                + " tarball, rpm-list or deb-list; nothing was armed\n");
    // LUI's order: define, then allocate; the allocation that gives it a system arms it.
    LiveServer.Result allocate = lui.lui("allocate", LiveServer.SYSTEM, "--to", "compute");
    assertThat(allocate.out())
        .contains("1 node armed for install, now that a system is allocated: n01");
    assertThat(Files.readString(lui.dhcpdConf())).contains("host n01");
    assertThat(lui.nodeRoot("n01").resolve("lui/token")).exists();
  }

  @Test
  void oneProcessPublishesAStateDirectory() {
    LiveServer.Result second =
        LiveServer.raw(
            "server", "--reconcile-only", "--state", lui.state.toString(), "--allow-loopback");
    assertThat(second.code()).isEqualTo(2);
    assertThat(second.err())
        .contains("another lui server (or --reconcile-only) is running on " + lui.state);
    LiveServer.Result another =
        LiveServer.raw(
            "server",
            "--state",
            lui.state.toString(),
            "--http",
            "127.0.0.1:0",
            "--admin-http",
            "127.0.0.1:0",
            "--tftp",
            "127.0.0.1:0",
            "--allow-loopback");
    assertThat(another.code()).isEqualTo(2);
    assertThat(another.err()).contains("another lui server");
  }

  @Test
  void listsShowsAndPrintsThePlan() throws IOException {
    lui.lui(N01);
    assertThat(lui.lui("list-nodes").out())
        .contains("n01")
        .contains("10.0.0.11")
        .contains("defined");
    JsonNode nodes = Json.json().readTree(lui.lui("list-nodes", "--json").out());
    assertThat(nodes.get(0).path("mac").asText()).isEqualTo("52:54:00:00:00:01");
    assertThat(nodes.get(0).has("tokenHash")).as("no secrets in the API").isFalse();
    assertThat(lui.lui("show-node", "n01").out()).contains("state:").contains("defined");
    JsonNode plan = Json.json().readTree(lui.lui("show-node", "n01", "--plan").out());
    assertThat(plan.path("version").asInt()).isEqualTo(1);
    assertThat(plan.path("node").path("ip").asText()).isEqualTo("10.0.0.11");
  }

  @Test
  void aGroupsDiskSelectorIsTheDiskOfMembersThatNameNone() throws IOException {
    LiveServer.Result g = lui.lui("define-group", "compute", "--disk", "size=200G..300G");
    assertThat(g.code()).as(g.err()).isZero();
    assertThat(g.out()).contains("defined group compute (disk size=200G..300G)");
    assertThat(lui.lui("list-groups").out()).contains("size=200G..300G");
    assertThat(
            lui.lui(
                    "define-node",
                    "n01",
                    "--mac",
                    "52:54:00:00:00:01",
                    "--ip",
                    "10.0.0.11",
                    "--netmask",
                    "255.255.255.0",
                    "--group",
                    "compute",
                    "--resource",
                    LiveServer.SYSTEM)
                .code())
        .isZero();
    assertThat(lui.lui("show-node", "n01").out()).contains("size=200G..300G  (from group compute)");
    assertThat(
            Json.json().readTree(lui.lui("show-node", "n01", "--plan").out()).path("disk").asText())
        .isEqualTo("size=200G..300G");
    assertThat(
            Json.json()
                .readTree(Files.readString(lui.nodeRoot("n01").resolve("lui/plan.json")))
                .path("disk")
                .asText())
        .as("the plan the node fetches")
        .isEqualTo("size=200G..300G");
    assertThat(lui.lui("define-group", "compute", "--disk", "path=/dev/vdb").err())
        .contains("lui set-group compute --disk");
    LiveServer.Result unconfirmed = lui.lui("set-group", "compute", "--disk", "path=/dev/vdb");
    assertThat(unconfirmed.code())
        .as("n01 is armed: its plan changes only when confirmed")
        .isEqualTo(2);
    assertThat(unconfirmed.err())
        .isEqualTo(
            "lui: setting the disk of group compute changes the install plan of 1 armed"
                + " node: n01; nothing was changed. Confirm with --yes (API: ?yes=true)\n");
    assertThat(lui.lui("show-node", "n01").out()).contains("size=200G..300G  (from group compute)");
    LiveServer.Result set = lui.lui("set-group", "compute", "--disk", "path=/dev/vdb", "--yes");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(
            Json.json()
                .readTree(Files.readString(lui.nodeRoot("n01").resolve("lui/plan.json")))
                .path("disk")
                .asText())
        .as("members' plans follow")
        .isEqualTo("path=/dev/vdb");
    assertThat(lui.lui("set-group", "compute", "--no-disk", "--yes").code()).isZero();
    assertThat(lui.lui("show-node", "n01").out()).contains("path=/dev/sda  (from default)");
    assertThat(lui.lui("set-group", "compute").code())
        .as("--disk or --no-disk is required")
        .isEqualTo(2);
    assertThat(lui.lui("set-group", "nosuch", "--no-disk").err()).contains("nosuch");
    LiveServer.Result bad = lui.lui("define-group", "gpu", "--disk", "size=lots");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--disk 'size=lots'");
    assertThat(lui.lui("list-groups").out()).doesNotContain("gpu");
  }

  @Test
  void removingANodeRemovesItsFiles() throws IOException {
    lui.lui(N01);
    LiveServer.Result r = lui.lui("remove-node", "n01");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(lui.dhcpdConf())).doesNotContain("host n01");
    assertThat(lui.state.resolve("tftp/pxelinux.cfg/01-52-54-00-00-00-01")).doesNotExist();
    assertThat(lui.nodeRoot("n01")).doesNotExist();
    assertThat(lui.lui("remove-node", "n01").code()).isEqualTo(2);
  }

  @Test
  void badMacIsOneLineNamingFieldValueAndRuleWithExitTwo() {
    LiveServer.Result r =
        lui.lui(
            "define-node",
            "n01",
            "--mac",
            "aa:bb",
            "--ip",
            "10.0.0.11",
            "--netmask",
            "255.255.255.0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo("lui: --mac 'aa:bb': a MAC address has six octets, like 52:54:00:12:34:56\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"n01;reboot", "n01\"", "n01\nhost evil {", "n'01", "n01}", "../n01", "n 01"})
  void hostileNamesAreRefusedAndChangeNothing(String name) throws IOException {
    lui.lui(N01);
    byte[] dhcpBefore = Files.readAllBytes(lui.dhcpdConf());
    String listBefore = lui.lui("list-nodes", "--json").out();
    LiveServer.Result r =
        lui.lui(
            "define-node",
            name,
            "--mac",
            "52:54:00:00:00:02",
            "--ip",
            "10.0.0.12",
            "--netmask",
            "255.255.255.0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("lui: name '").hasLineCount(1);
    assertThat(Files.readAllBytes(lui.dhcpdConf())).isEqualTo(dhcpBefore);
    assertThat(lui.lui("list-nodes", "--json").out()).isEqualTo(listBefore);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--hostname=a;b",
        "--hostname=a\"b",
        "--hostname=a\nb",
        "--gateway=10.0.0.1;",
        "--gateway=10.0.0.1\n",
        "--disk=path=/dev/sda;rm"
      })
  void hostileValuesAreRefusedAndChangeNothing(String option) throws IOException {
    lui.lui(N01);
    byte[] dhcpBefore = Files.readAllBytes(lui.dhcpdConf());
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "define-node",
                "n02",
                "--mac",
                "52:54:00:00:00:02",
                "--ip",
                "10.0.0.12",
                "--netmask",
                "255.255.255.0"));
    args.add(option);
    LiveServer.Result r = lui.lui(args.toArray(String[]::new));
    assertThat(r.code()).as(r.out()).isEqualTo(2);
    assertThat(r.err()).hasLineCount(1);
    assertThat(Files.readAllBytes(lui.dhcpdConf())).isEqualTo(dhcpBefore);
    assertThat(lui.nodeRoot("n02")).doesNotExist();
  }

  @Test
  void duplicateMacIpAndNameAreRefused() {
    lui.lui(N01);
    LiveServer.Result sameMac =
        lui.lui(
            "define-node",
            "n02",
            "--mac",
            "52:54:00:00:00:01",
            "--ip",
            "10.0.0.12",
            "--netmask",
            "255.255.255.0");
    assertThat(sameMac.code()).isEqualTo(2);
    assertThat(sameMac.err()).contains("already used by node n01");
    LiveServer.Result sameIp =
        lui.lui(
            "define-node",
            "n02",
            "--mac",
            "52:54:00:00:00:02",
            "--ip",
            "10.0.0.11",
            "--netmask",
            "255.255.255.0");
    assertThat(sameIp.err()).contains("--ip '10.0.0.11' is already used by node n01");
    assertThat(lui.lui(N01).err()).contains("node name 'n01' is already defined");
  }

  @Test
  void definesABatchFromCsvAllOrNothing() throws IOException {
    Path good =
        Files.writeString(
            tmp.resolve("good.csv"),
            "name,mac,ip,netmask,gateway\nn01,52:54:00:00:00:01,10.0.0.11,255.255.255.0,10.0.0.1\nn02,52:54:00:00:00:02,10.0.0.12,255.255.255.0,10.0.0.1\n");
    Path bad =
        Files.writeString(
            tmp.resolve("bad.csv"),
            "name,mac,ip,netmask\nn03,52:54:00:00:00:03,10.0.0.13,255.255.255.0\nn04,52:54:00:00:00:04,10.0.0.300,255.255.255.0\n");
    assertThat(lui.lui("define-node", "--from", good.toString()).code()).isZero();
    LiveServer.Result r = lui.lui("define-node", "--from", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("node 2 (n04): --ip '10.0.0.300'");
    assertThat(lui.lui("list-nodes").out()).contains("n01", "n02").doesNotContain("n03");
  }

  @Test
  void resourcesGroupsAndAllocationsShapeThePlan() throws IOException {
    Path motd = Files.writeString(tmp.resolve("motd"), "hello\n");
    Path tgz = Files.writeString(tmp.resolve("base.tar.gz"), "not really a tarball");
    assertThat(lui.lui("define-group", "compute").code()).isZero();
    assertThat(
            lui.lui(
                    "define-resource",
                    "motd",
                    "--type",
                    "file",
                    "--source",
                    motd.toString(),
                    "--target",
                    "/etc/motd")
                .code())
        .isZero();
    assertThat(
            lui.lui("define-resource", "base", "--type", "tarball", "--source", tgz.toString())
                .code())
        .isZero();
    assertThat(lui.lui("allocate", "base", "motd", "--to", "compute").code()).isZero();
    LiveServer.Result defined =
        lui.lui(
            "define-node",
            "n01",
            "--mac",
            "52:54:00:00:00:01",
            "--ip",
            "10.0.0.11",
            "--netmask",
            "255.255.255.0",
            "--group",
            "compute");
    assertThat(defined.out()).as("the group's tarball arms it").contains("ready to install");
    JsonNode plan = Json.json().readTree(lui.lui("show-node", "n01", "--plan").out());
    assertThat(plan.path("payloads"))
        .extracting(p -> p.path("name").asText())
        .containsExactly("base", "motd");
    assertThat(lui.lui("list-groups").out())
        .contains("compute")
        .contains("n01")
        .contains("base,motd");
    assertThat(lui.lui("list-resources").out()).contains("group:compute");
    assertThat(lui.lui("remove-resource", "motd").code()).isEqualTo(2);
    assertThat(lui.lui("deallocate", "motd", "--from", "compute").code())
        .as("n01 is armed")
        .isEqualTo(2);
    assertThat(lui.lui("deallocate", "motd", "--from", "compute", "--yes").code()).isZero();
    assertThat(lui.lui("remove-resource", "motd").code()).isZero();
    LiveServer.Result removed = lui.lui("remove-group", "compute", "--yes");
    assertThat(removed.code()).as(removed.err()).isZero();
    assertThat(removed.out())
        .isEqualTo(
            "removed group compute (1 member left it; not armed any more, their plans"
                + " install no system: n01)\n");
    assertThat(lui.nodeRoot("n01")).as("a node that is not armed has no root").doesNotExist();
    assertThat(Files.readString(lui.dhcpdConf())).doesNotContain("host n01");
  }

  @Test
  void dhcpRenderPrintsExactlyWhatTheServerWrote() throws IOException {
    lui.lui(N01);
    assertThat(lui.lui("dhcp", "render", "--format", "isc").out())
        .isEqualTo(Files.readString(lui.dhcpdConf()));
    assertThat(lui.lui("dhcp", "render", "--format", "bootptab").out())
        .isEqualTo(Files.readString(lui.state.resolve("dhcp/bootptab")));
    LiveServer.Result bad = lui.lui("dhcp", "render", "--format", "nope");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .contains("one of isc, isc-managed, bootptab, bootptab-managed, kea, kea-include, dnsmasq");
  }

  @Test
  void theGeneratedDhcpdConfPassesTheRealDhcpd() throws Exception {
    Path dhcpd = RealTools.program("dhcpd");
    lui.lui(N01);
    lui.lui(
        "define-node",
        "n02",
        "--mac",
        "52:54:00:00:00:02",
        "--ip",
        "10.0.0.12",
        "--netmask",
        "255.255.255.0");
    Process p =
        new ProcessBuilder(dhcpd.toString(), "-t", "-4", "-cf", lui.dhcpdConf().toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void keaAndDnsmasqRendersPassTheirRealPrograms() throws Exception {
    Path kea = RealTools.program("kea-dhcp4");
    Path dnsmasq = RealTools.program("dnsmasq");
    lui.lui(N01);
    Path keaConf =
        Files.writeString(
            tmp.resolve("kea.conf"), lui.lui("dhcp", "render", "--format", "kea").out());
    assertThat(run(kea.toString(), "-t", keaConf.toString())).isZero();
    Path dnsmasqConf =
        Files.writeString(
            tmp.resolve("dnsmasq.conf"), lui.lui("dhcp", "render", "--format", "dnsmasq").out());
    assertThat(run(dnsmasq.toString(), "--test", "--conf-file=" + dnsmasqConf)).isZero();
  }

  @Test
  void dnsRenderGivesZonesNamedCheckzoneAccepts() throws Exception {
    Path check = RealTools.program("named-checkzone");
    lui.lui(N01);
    String zones = lui.lui("dns", "render").out();
    assertThat(zones).contains("; zone cluster.").contains("; zone 0.0.10.in-addr.arpa.");
    String[] parts = zones.split("(?m)^; zone ");
    int checked = 0;
    for (String part : parts) {
      if (part.isBlank()) {
        continue;
      }
      String origin = part.substring(0, part.indexOf('\n')).trim();
      Path zone =
          Files.writeString(tmp.resolve("zone" + checked), part.substring(part.indexOf('\n') + 1));
      assertThat(run(check.toString(), origin, zone.toString())).as(origin).isZero();
      checked++;
    }
    assertThat(checked).isEqualTo(2);
  }

  @Test
  void exportIntoAMissingDirectorySaysSoInOneLine() {
    Path target = tmp.resolve("no-such-dir/cluster.yaml");
    LiveServer.Result r = lui.lui("export", target.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("its directory " + target.getParent() + " does not exist")
        .doesNotContain("internal error");
    assertThat(target.getParent()).doesNotExist();
  }

  @Test
  void aHostNameTooLongWithTheDomainGetsNoRecordsAndTheZonesStillRender() {
    // 4 labels of 62 characters: a valid host name of 251, but not with ".cluster." after it
    String label = "h".repeat(62);
    String longName = String.join(".", label, label, label, label);
    lui.lui(N01);
    lui.lui(
        "define-node",
        "n02",
        "--mac",
        "52:54:00:00:00:02",
        "--ip",
        "10.0.0.12",
        "--netmask",
        "255.255.255.0",
        "--hostname",
        longName);
    LiveServer.Result r = lui.lui("dns", "render");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("; no records for node n02: its host name with cluster. is over 253 characters")
        .contains("n01")
        .doesNotContain(label);
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    int code = p.waitFor();
    if (code != 0) {
      System.out.println(String.join(" ", cmd) + ":\n" + out);
    }
    return code;
  }

  @Test
  void anAddressInsideTheAdminsDynamicPoolIsDefinedWithAWarningNamingThePool() throws Exception {
    Path admin =
        Files.writeString(
            tmp.resolve("dhcpd.conf"),
            "subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.100 10.0.0.200;\n}\n");
    try (LiveServer withPools =
        new LiveServer(tmp.resolve("state2"), c -> c.withDhcp(d -> d.withAdminConf(admin)))
            .withSystem()) {
      LiveServer.Result r =
          withPools.lui(
              "define-node",
              "n05",
              "--mac",
              "52:54:00:00:00:05",
              "--ip",
              "10.0.0.150",
              "--netmask",
              "255.255.255.0");
      assertThat(r.code()).isZero();
      assertThat(r.err())
          .startsWith("lui: warning: ")
          .contains("10.0.0.150")
          .contains("10.0.0.100-10.0.0.200")
          .hasLineCount(1);
      assertThat(withPools.lui(N01).err()).as("outside the pool").isEmpty();
    }
  }

  @Test
  void aManagedBlockInTheAdminsDhcpdConfLeavesEverythingElseByteIdentical() throws Exception {
    Path dhcpd = RealTools.program("dhcpd");
    String before =
        "# the admin's own file\nauthoritative;\n\nsubnet 10.0.0.0 netmask 255.255.255.0 {\n  option routers 10.0.0.1;\n}\n";
    Path admin = Files.writeString(tmp.resolve("dhcpd.conf"), before);
    try (LiveServer managed =
        new LiveServer(
                tmp.resolve("state3"),
                c ->
                    c.withDhcp(
                        d ->
                            d.withAdminConf(admin)
                                .withBackends(List.of("isc-managed", "bootptab"))))
            .withSystem()) {
      assertThat(managed.lui(N01).code()).isZero();
      String after = Files.readString(admin);
      assertThat(after)
          .startsWith(before)
          .contains("# BEGIN lui managed block")
          .contains("host n01")
          .contains("# END lui managed block");
      assertThat(run(dhcpd.toString(), "-t", "-4", "-cf", admin.toString())).isZero();
      assertThat(managed.lui("remove-node", "n01").code()).isZero();
      assertThat(Files.readString(admin)).startsWith(before).doesNotContain("host n01");
    }
  }

  @Test
  void aManagedBlockInTheAdminsBootptabKeepsTheirEntriesAndAKeptBackup() throws Exception {
    String before =
        "# site bootptab\n.default:sm=255.255.255.0:hd=/tftpboot:\nprinter1:ht=ethernet:ha=001122334455:ip=10.0.0.250:tc=.default:\n";
    Path admin = Files.writeString(tmp.resolve("bootptab"), before);
    try (LiveServer managed =
        new LiveServer(
                tmp.resolve("state4"),
                c ->
                    c.withDhcp(
                        d ->
                            d.withBootptabAdminFile(admin)
                                .withBackends(List.of("isc", "bootptab-managed"))))
            .withSystem()) {
      assertThat(managed.lui(N01).code()).isZero();
      String after = Files.readString(admin);
      assertThat(after)
          .startsWith(before)
          .contains("# BEGIN lui managed block")
          .contains("n01:")
          .contains(":tc=")
          .contains("# END lui managed block");
      assertThat(managed.lui("remove-node", "n01").code()).isZero();
      assertThat(Files.readString(admin)).startsWith(before).doesNotContain("n01:");
    }
    LiveServer.Result r =
        LiveServer.raw(
            "server",
            "--state",
            tmp.resolve("state5").toString(),
            "--http",
            "127.0.0.1:0",
            "--tftp",
            "127.0.0.1:0",
            "--dhcp-backends",
            "bootptab-managed",
            "--allow-loopback");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bootptab-managed").contains("--bootptab-admin-file");
  }

  @Test
  void eachBackendsFileAndCheckComeFromTheServersSettings() throws Exception {
    Path custom = tmp.resolve("etc-dhcp/dhcpd.conf");
    Files.createDirectories(custom.getParent());
    try (LiveServer s =
        new LiveServer(
                tmp.resolve("state6"),
                c ->
                    c.withDhcp(
                        d ->
                            d.withBackendSettings(
                                java.util.Map.of(
                                    "isc",
                                        new dev.lui.core.config.DhcpBackendSettings(
                                            java.util.Optional.of(custom),
                                            java.util.Optional.empty(),
                                            java.util.Optional.empty()),
                                    "bootptab",
                                        new dev.lui.core.config.DhcpBackendSettings(
                                            java.util.Optional.empty(),
                                            // The admin's own check (here: no host named n01
                                            // allowed), run
                                            // on each candidate.
                                            java.util.Optional.of(
                                                List.of(
                                                    "/bin/sh",
                                                    "-c",
                                                    "! grep -q n01 \"$1\"",
                                                    "check",
                                                    "{file}")),
                                            java.util.Optional.empty())))))
            .withSystem()) {
      LiveServer.Result r = s.lui(N01);
      assertThat(r.code())
          .as("the admin's check refuses the bootptab: nothing is defined")
          .isEqualTo(1);
      assertThat(r.err()).contains("bootptab");
      assertThat(s.lui("list-nodes").out()).doesNotContain("n01");
    }
    try (LiveServer s =
        new LiveServer(
                tmp.resolve("state7"),
                c ->
                    c.withDhcp(
                        d ->
                            d.withBackendSettings(
                                java.util.Map.of(
                                    "isc",
                                    new dev.lui.core.config.DhcpBackendSettings(
                                        java.util.Optional.of(custom),
                                        java.util.Optional.empty(),
                                        java.util.Optional.empty())))))
            .withSystem()) {
      assertThat(s.lui(N01).code()).isZero();
      assertThat(Files.readString(custom)).contains("host n01");
      assertThat(s.dhcpdConf()).doesNotExist();
    }
  }

  @Test
  void withoutATokenEveryCallIsRefused() {
    LiveServer.Result r =
        LiveServer.raw(
            "list-nodes", "--server", lui.server.adminUrl(), "--token-file", "/dev/null");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("admin token");
  }

  @Test
  void aNodeTokenOpensOnlyThatNodesAgentCalls() throws Exception {
    lui.lui(N01);
    lui.lui(
        "define-node",
        "n02",
        "--mac",
        "52:54:00:00:00:02",
        "--ip",
        "10.0.0.12",
        "--netmask",
        "255.255.255.0");
    String token = Files.readString(lui.nodeRoot("n01").resolve("lui/token")).trim();
    String nodes = lui.server.nodeUrl();
    assertThat(get(nodes, "/api/v1/agent/n01/plan", token)).isEqualTo(200);
    assertThat(get(nodes, "/api/v1/agent/n02/plan", token)).isEqualTo(401);
    assertThat(get(nodes, "/api/v1/nodes", token))
        .as("no admin call on the node listener")
        .isEqualTo(404);
    assertThat(get(lui.server.adminUrl(), "/api/v1/nodes", token))
        .as("nor with a node token on the admin one")
        .isEqualTo(401);
    assertThat(get(nodes, "/api/v1/agent/n01/plan", "wrong")).isEqualTo(401);
    assertThat(get(nodes, "/api/v1/agent/n01/../../v1/nodes", token))
        .as("no way round the agent prefix")
        .isNotEqualTo(200);
    assertThat(get(nodes, "/api/v1/agent/n01/content/" + "ab".repeat(32), token)).isEqualTo(404);
    assertThat(lui.lui("status").out()).contains("installing");
  }

  @Test
  void aBadQueryParameterIsABadRequestNotAServerError() throws Exception {
    lui.lui(N01);
    String admin = Files.readString(lui.state.resolve("admin.token")).trim();
    assertThat(get(lui.server.adminUrl(), "/api/v1/nodes/n01/log?after=abc", admin)).isEqualTo(400);
    assertThat(get(lui.server.adminUrl(), "/api/v1/nodes/n01/log?after=0", admin)).isEqualTo(200);
  }

  @Test
  void statusAndReportSummariseTheNodes() {
    lui.lui(N01);
    assertThat(lui.lui("status").out())
        .contains("n01")
        .contains("1 defined, 0 installing, 0 installed, 0 failed");
    assertThat(lui.lui("report").out()).contains("0 succeeded, 0 failed, 1 not finished");
  }

  @Test
  void unknownCommandsAndMissingOptionsAreUsageErrors() {
    assertThat(LiveServer.raw("frobnicate").code()).isEqualTo(2);
    LiveServer.Result r = LiveServer.raw("allocate", "x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--to").contains("Try 'lui allocate --help'");
  }

  private int get(String base, String path, String token) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }
}
