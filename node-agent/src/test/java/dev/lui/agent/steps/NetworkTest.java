package dev.lui.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.agent.exec.CommandRunner;
import dev.lui.agent.fetch.Fetcher;
import dev.lui.agent.report.EventLog;
import dev.lui.agent.report.RecordingReporter;
import dev.lui.agent.steps.Network.Flavor;
import dev.lui.agent.steps.Network.TargetFile;
import dev.lui.contract.plan.NodeIdentity;
import dev.lui.contract.plan.TestPlans;
import dev.lui.testkit.RealTools;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkTest {
  @TempDir Path root;

  private static final NodeIdentity NODE =
      new NodeIdentity(
          "node01",
          "node01.cluster",
          "52:54:00:12:34:56",
          "10.0.0.11",
          "255.255.255.0",
          Optional.of("10.0.0.1"),
          List.of("10.0.0.1", "10.0.0.2"),
          List.of("cluster", "example.org"),
          List.of());

  private static String golden(String name) throws Exception {
    try (InputStream in = NetworkTest.class.getResourceAsStream("/network/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void touch(String... paths) throws Exception {
    for (String p : paths) {
      Path f = root.resolve(p);
      Files.createDirectories(f.getParent());
      Files.writeString(f, "");
    }
  }

  private static String text(List<TargetFile> files, String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow().text();
  }

  @Test
  void detectsEachNetworkSystemFromTheTargetRoot() throws Exception {
    assertThat(Network.detect(root)).isEqualTo(Flavor.NONE);
    touch("lib/systemd/systemd-networkd");
    assertThat(Network.detect(root)).isEqualTo(Flavor.NETWORKD); // present, nothing else
    touch("etc/network/interfaces");
    assertThat(Network.detect(root)).isEqualTo(Flavor.IFUPDOWN);
    Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
    assertThat(Network.detect(root)).isEqualTo(Flavor.IFCFG);
    touch("usr/sbin/NetworkManager");
    assertThat(Network.detect(root)).isEqualTo(Flavor.NETWORK_MANAGER);
    Path wants =
        Files.createDirectories(root.resolve("etc/systemd/system/multi-user.target.wants"));
    Files.createSymbolicLink(
        wants.resolve("systemd-networkd.service"),
        Path.of("/lib/systemd/system/systemd-networkd.service"));
    assertThat(Network.detect(root)).isEqualTo(Flavor.NETWORKD); // enabled beats everything
  }

  @Test
  void networkdMatchesTheMac() throws Exception {
    List<TargetFile> files = Network.files(Flavor.NETWORKD, NODE, root);
    assertThat(files)
        .extracting(TargetFile::path)
        .containsExactly("/etc/systemd/network/10-lui.network");
    assertThat(files.get(0).text()).isEqualTo(golden("networkd.network"));
  }

  @Test
  void networkManagerKeyfileMatchesTheMacAndIsPrivate() throws Exception {
    List<TargetFile> files = Network.files(Flavor.NETWORK_MANAGER, NODE, root);
    TargetFile f = files.get(0);
    assertThat(f.path())
        .isEqualTo("/etc/NetworkManager/system-connections/lui-node01.nmconnection");
    assertThat(f.mode()).isEqualTo(0600);
    String uuid =
        UUID.nameUUIDFromBytes("lui-agent:52:54:00:12:34:56".getBytes(StandardCharsets.UTF_8))
            .toString();
    assertThat(f.text()).isEqualTo(golden("nm.nmconnection").replace("UUID", uuid));
  }

  @Test
  void ifcfgUsesHwaddrAndALinkFileForTheName() throws Exception {
    List<TargetFile> files = Network.files(Flavor.IFCFG, NODE, root);
    assertThat(text(files, "/etc/sysconfig/network-scripts/ifcfg-lui0"))
        .isEqualTo(golden("ifcfg-lui0"));
    assertThat(text(files, "/etc/systemd/network/10-lui0.link")).isEqualTo(golden("10-lui0.link"));
  }

  @Test
  void ifupdownWritesAStanzaAndSourcesItWhenTheTargetDoesNot() throws Exception {
    touch("etc/network/interfaces");
    Files.writeString(root.resolve("etc/network/interfaces"), "auto lo\niface lo inet loopback\n");
    List<TargetFile> files = Network.files(Flavor.IFUPDOWN, NODE, root);
    assertThat(files)
        .extracting(TargetFile::path)
        .containsExactly(
            "/etc/systemd/network/10-lui0.link", "/etc/network/interfaces.d/lui0",
            "/etc/network/interfaces", "/etc/resolv.conf");
    assertThat(text(files, "/etc/network/interfaces.d/lui0")).isEqualTo(golden("ifupdown-lui0"));
    assertThat(text(files, "/etc/network/interfaces"))
        .isEqualTo("auto lo\niface lo inet loopback\nsource /etc/network/interfaces.d/lui0\n");
    assertThat(text(files, "/etc/resolv.conf"))
        .isEqualTo(
            "# written by lui-agent\nnameserver 10.0.0.1\nnameserver 10.0.0.2\n"
                + "search cluster example.org\n");
  }

  @Test
  void ifupdownLeavesInterfacesAloneWhenItSourcesTheDirectoryAndResolvconfManagesDns()
      throws Exception {
    touch("sbin/resolvconf", "etc/network/interfaces");
    Files.writeString(
        root.resolve("etc/network/interfaces"), "source /etc/network/interfaces.d/*\n");
    assertThat(Network.files(Flavor.IFUPDOWN, NODE, root))
        .extracting(TargetFile::path)
        .containsExactly("/etc/systemd/network/10-lui0.link", "/etc/network/interfaces.d/lui0");
    assertThat(Network.sourcing(Optional.empty()))
        .contains("auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n");
  }

  @Test
  void withoutGatewayOrDnsNoSuchLines() throws Exception {
    NodeIdentity bare =
        new NodeIdentity(
            "n2", "n2", "52:54:00:AA:BB:CC", "192.168.1.5", "255.255.0.0", Optional.empty());
    String net = Network.files(Flavor.NETWORKD, bare, root).get(0).text();
    assertThat(net)
        .contains("MACAddress=52:54:00:aa:bb:cc", "Address=192.168.1.5/16")
        .doesNotContain("Gateway", "DNS", "Domains");
    assertThat(Network.files(Flavor.NETWORK_MANAGER, bare, root).get(0).text())
        .contains("address1=192.168.1.5/16\n")
        .doesNotContain("dns");
  }

  @Test
  void stepWritesTheTargetsFormatAndEnablesNetworkd() throws Exception {
    RealTools.root(); // files are written owned by root
    touch("lib/systemd/systemd-networkd", "lib/systemd/system/systemd-networkd.service");
    RecordingReporter rec = new RecordingReporter();
    EventLog events = new EventLog("r", rec, Clock.systemUTC());
    StepContext ctx =
        new StepContext(
            TestPlans.withNode(TestPlans.sample(), NODE),
            new CommandRunner(events, false),
            events,
            new Fetcher(HttpClient.newHttpClient(), Optional.empty(), Optional.empty()),
            root,
            StepContext.Environment.defaults());
    new Network().run(ctx);
    assertThat(root.resolve("etc/systemd/network/10-lui.network"))
        .hasContent(golden("networkd.network").strip());
    Path link = root.resolve("etc/systemd/system/multi-user.target.wants/systemd-networkd.service");
    assertThat(Files.readSymbolicLink(link))
        .isEqualTo(Path.of("/lib/systemd/system/systemd-networkd.service"));
    assertThat(rec.lines("agent")).contains("network system of the target: networkd");
  }

  @Test
  void aListSettingIsJoinedWithItsSeparatorAndLeftOutWhenEmpty() {
    StringBuilder sb = new StringBuilder();
    Network.appendJoined(sb, "dns=", List.of("10.0.0.1", "10.0.0.2"), ";", ";\n");
    Network.appendJoined(sb, "dns-search=", List.of(), ";", ";\n");
    Network.appendJoined(sb, "DOMAIN=\"", List.of("a.example", "b.example"), " ", "\"\n");

    assertThat(sb).hasToString("dns=10.0.0.1;10.0.0.2;\nDOMAIN=\"a.example b.example\"\n");
  }
}
