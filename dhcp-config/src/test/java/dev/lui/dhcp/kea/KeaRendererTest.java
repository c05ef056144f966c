package dev.lui.dhcp.kea;

import static dev.lui.dhcp.TestHosts.bare;
import static dev.lui.dhcp.TestHosts.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.contract.value.InvalidValueException;
import dev.lui.dhcp.BootFiles;
import dev.lui.dhcp.DhcpHost;
import dev.lui.dhcp.DhcpTarget;
import dev.lui.dhcp.Ipv4;
import dev.lui.dhcp.TestHosts;
import dev.lui.dhcp.formats.DhcpFormats;
import dev.lui.io.ProcessRunner;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeaRendererTest {
  static final BootFiles ALL =
      BootFiles.defaults()
          .withUefiX64("grubx64.efi")
          .withUefiArm64("grubaa64.efi")
          .withHttpBootUrl("http://10.0.0.2/boot/bootx64.efi")
          .withIpxeScriptUrl("http://10.0.0.2/boot.ipxe");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private JsonNode parse(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void reservationCarriesAddressNameServerFileAndOptions() throws Exception {
    JsonNode dhcp4 =
        parse(DhcpFormats.kea().render(List.of(node("n1", "52:54:00:12:34:56", "10.0.0.5"))))
            .get("Dhcp4");
    JsonNode subnet = dhcp4.get("subnet4").get(0);
    assertThat(subnet.get("subnet").asText()).isEqualTo("10.0.0.0/24");
    assertThat(subnet.get("id").asLong())
        .isEqualTo(Integer.toUnsignedLong(Ipv4.toInt(Ipv4.parse("10.0.0.0"))));
    assertThat(subnet.get("reservations").get(0).toString())
        .isEqualTo(
            "{\"hw-address\":\"52:54:00:12:34:56\",\"ip-address\":\"10.0.0.5\",\"hostname\":\"n1\","
                + "\"next-server\":\"10.0.0.2\",\"boot-file-name\":\"pxelinux.0\",\"option-data\":["
                + "{\"name\":\"subnet-mask\",\"data\":\"255.255.255.0\"},"
                + "{\"name\":\"routers\",\"data\":\"10.0.0.1\"}]}");
    assertThat(dhcp4.has("client-classes")).isFalse();
  }

  @Test
  void subnetIdsStayWhenOtherSubnetsComeAndGo() throws Exception {
    JsonNode two = parse(DhcpFormats.kea().render(TestHosts.many(4))).get("Dhcp4").get("subnet4");
    JsonNode one =
        parse(DhcpFormats.kea().render(List.of(node("x", "52:54:00:00:09:09", "10.0.1.77"))))
            .get("Dhcp4")
            .get("subnet4");
    assertThat(two.get(1).get("id")).isEqualTo(one.get(0).get("id"));
  }

  @Test
  void sameHostsInAnyOrderGiveSameBytes() {
    List<DhcpHost> hosts = new ArrayList<>(TestHosts.many(30));
    String first = DhcpFormats.kea(ALL).render(hosts);
    Collections.reverse(hosts);
    assertThat(DhcpFormats.kea(ALL).render(hosts)).isEqualTo(first);
  }

  @Test
  void firmwareFilesGoToClassesAndBiosFileToSubnet() throws Exception {
    List<DhcpHost> hosts = new ArrayList<>(TestHosts.many(3));
    hosts.add(bare("odd", "52:54:00:99:99:99", "10.0.0.99")); // boots lui/boot.img
    JsonNode dhcp4 = parse(DhcpFormats.kea(ALL).render(hosts)).get("Dhcp4");
    JsonNode classes = dhcp4.get("client-classes");
    List<String> names = new ArrayList<>();
    classes.forEach(c -> names.add(c.get("name").asText()));
    assertThat(names)
        .containsExactly("lui-ipxe", "lui-http-boot", "lui-uefi-x64", "lui-uefi-arm64");
    assertThat(classes.get(0).get("test").asText()).isEqualTo("option[77].hex == 'iPXE'");
    assertThat(classes.get(2).get("test").asText())
        .isEqualTo(
            "not member('lui-ipxe') and (option[93].hex == 0x0007 or option[93].hex == 0x0009)");
    JsonNode subnet = dhcp4.get("subnet4").get(0);
    assertThat(subnet.get("boot-file-name").asText()).isEqualTo("pxelinux.0");
    // The reservation's file would override the classes: only the odd host keeps one.
    JsonNode reservations = subnet.get("reservations");
    assertThat(reservations.findValuesAsText("boot-file-name")).containsExactly("lui/boot.img");
  }

  @Test
  void anIpxeRomWithoutAScriptUrlGetsNoPxeDhcpButNoFile() throws Exception {
    JsonNode cfg =
        JSON.readTree(
            DhcpFormats.kea(BootFiles.defaults().withUefiX64("grubx64.efi"))
                .render(List.of(node("n1", "52:54:00:12:34:56", "10.0.0.5"))));
    JsonNode ipxe = cfg.at("/Dhcp4/client-classes/0");
    assertThat(ipxe.get("name").asText()).isEqualTo("lui-ipxe");
    assertThat(ipxe.has("boot-file-name")).isFalse();
    assertThat(ipxe.at("/option-data/0/name").asText()).isEqualTo("no-pxedhcp");
    // Without a script, iPXE is not excluded from the architecture classes.
    assertThat(cfg.at("/Dhcp4/client-classes/1/test").asText()).doesNotContain("lui-ipxe");
  }

  @Test
  void includeIsTheBareReservationList() throws Exception {
    JsonNode list = parse(DhcpFormats.keaInclude().render(TestHosts.many(3)));
    assertThat(list.isArray()).isTrue();
    assertThat(list).hasSize(3);
    assertThat(list.get(0).get("boot-file-name").asText()).isEqualTo("pxelinux.0");
  }

  @Test
  void refusesBadInterfaceNamingIt() {
    assertThatThrownBy(
            () ->
                KeaRenderer.complete(
                    BootFiles.defaults(),
                    List.of("eth0\",\"x"),
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith(
            "interface 'eth0\",\"x' is invalid: must be '*' or an interface name");
  }

  private ProcessRunner.Result keaCheck(Path file) throws Exception {
    return new ProcessRunner(Duration.ofSeconds(60))
        .run(List.of(RealTools.program(DhcpTarget.KEA_DHCP4).toString(), "-t", file.toString()));
  }

  private KeaRenderer inTemp(BootFiles b) {
    return KeaRenderer.complete(
        b,
        List.of("*"),
        Optional.of(dir.resolve("leases4.csv")),
        Optional.of(dir.resolve("kea.sock")));
  }

  @Test
  void realKeaAcceptsCompleteConfigs() throws Exception {
    RealTools.program(DhcpTarget.KEA_DHCP4);
    List<DhcpHost> hosts = new ArrayList<>(TestHosts.many(50));
    hosts.add(bare("bare-1", "52:54:00:aa:00:01", "192.168.7.20"));
    for (BootFiles b :
        List.of(BootFiles.defaults(), ALL, BootFiles.defaults().withUefiX64("grubx64.efi"))) {
      for (List<DhcpHost> set : List.of(List.<DhcpHost>of(), hosts)) {
        Path file = dir.resolve("kea-dhcp4.conf");
        Files.writeString(file, inTemp(b).render(set));
        ProcessRunner.Result r = keaCheck(file);
        assertThat(r.succeeded()).as(b + " " + set.size() + ": " + r.describe()).isTrue();
      }
    }
    Path file = dir.resolve("default.conf");
    Files.writeString(file, DhcpFormats.kea().render(hosts));
    assertThat(keaCheck(file).succeeded()).as(keaCheck(file).describe()).isTrue();
  }

  @Test
  void realKeaAcceptsTheIncludeInsideAnAdminConfig() throws Exception {
    RealTools.program(DhcpTarget.KEA_DHCP4);
    Path include = dir.resolve("lui-reservations.json");
    Files.writeString(include, DhcpFormats.keaInclude().render(TestHosts.many(20)));
    Path conf = dir.resolve("admin.conf");
    Files.writeString(
        conf,
"""
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "*" ] },
    "lease-database": { "type": "memfile", "persist": false },
    "reservations-global": true, "reservations-in-subnet": false,
    "reservations": <?include "%s"?>,
    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/24" }, { "id": 2, "subnet": "10.0.1.0/24" } ]
} }
"""
            .formatted(include));
    ProcessRunner.Result r = keaCheck(conf);
    assertThat(r.succeeded()).as(r.describe()).isTrue();
  }

  @Test
  void realKeaRejectsADuplicateReservationSoValidationMatters() throws Exception {
    RealTools.program(DhcpTarget.KEA_DHCP4);
    String text =
        inTemp(BootFiles.defaults()).render(List.of(node("n1", "52:54:00:12:34:56", "10.0.0.5")));
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, text.replace("\"10.0.0.5\"", "\"10.9.9.5\""));
    ProcessRunner.Result r = keaCheck(file);
    assertThat(r.succeeded()).isFalse();
  }
}
