package dev.lui.dhcp.isc;

import static dev.lui.dhcp.TestHosts.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.dhcp.BootFiles;
import dev.lui.dhcp.DhcpTarget;
import dev.lui.dhcp.TestHosts;
import dev.lui.dhcp.formats.DhcpFormats;
import dev.lui.io.ProcessRunner;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IscFirmwareTest {
  static final BootFiles ALL =
      BootFiles.defaults()
          .withUefiX64("grubx64.efi")
          .withUefiArm64("grubaa64.efi")
          .withHttpBootUrl("http://10.0.0.2/boot/bootx64.efi")
          .withIpxeScriptUrl("http://10.0.0.2/boot.ipxe");

  @TempDir Path dir;

  @Test
  void defaultsRenderTheSameAsThePlainRenderer() {
    var hosts = TestHosts.many(5);
    assertThat(DhcpFormats.isc(BootFiles.defaults()).render(hosts))
        .isEqualTo(DhcpFormats.isc().render(hosts))
        .doesNotContain("lui-arch", "ipxe");
  }

  @Test
  void hostChoosesFileByUserClassThenArchitecture() {
    String out = DhcpFormats.isc(ALL).render(List.of(node("n1", "52:54:00:12:34:56", "10.0.0.5")));
    assertThat(out)
        .contains(
            """
            option lui-arch code 93 = unsigned integer 16;
            option space ipxe;
            option ipxe-encap-opts code 175 = encapsulate ipxe;
            option ipxe.no-pxedhcp code 176 = unsigned integer 8;
            """)
        .contains(
            """
              next-server 10.0.0.2;
              if exists user-class and option user-class = "iPXE" {
                option ipxe.no-pxedhcp 1;
                filename "http://10.0.0.2/boot.ipxe";
              } elsif option lui-arch = 00:10 {
                option vendor-class-identifier "HTTPClient";
                filename "http://10.0.0.2/boot/bootx64.efi";
              } elsif option lui-arch = 00:07 or option lui-arch = 00:09 {
                filename "grubx64.efi";
              } elsif option lui-arch = 00:0b {
                filename "grubaa64.efi";
              } else {
                filename "pxelinux.0";
              }
            }
            """);
  }

  @Test
  void onlyUefiGivesASingleBranchAndBiosElse() {
    String out =
        DhcpFormats.isc(BootFiles.defaults().withUefiX64("grubx64.efi"))
            .render(List.of(node("n1", "52:54:00:12:34:56", "10.0.0.5")));
    assertThat(out)
        .contains(
            """
              if option lui-arch = 00:07 or option lui-arch = 00:09 {
                filename "grubx64.efi";
              } else {
                filename "pxelinux.0";
              }
            """)
        .doesNotContain("HTTPClient");
  }

  @Test
  void anIpxeRomWithoutAScriptUrlStillSkipsTheProxyDhcpWait() {
    String out =
        DhcpFormats.isc(BootFiles.defaults().withUefiX64("grubx64.efi"))
            .render(List.of(node("n1", "52:54:00:12:34:56", "10.0.0.5")));
    assertThat(out)
        .contains("option ipxe.no-pxedhcp code 176 = unsigned integer 8;\n")
        .contains(
            "  next-server 10.0.0.2;\n"
                + "  if exists user-class and option user-class = \"iPXE\" {\n"
                + "    option ipxe.no-pxedhcp 1;\n"
                + "  }\n"
                + "  if option lui-arch");
    // The iPXE block sets only the option: the file is still chosen by architecture.
    assertThat(out.split("filename", -1)).hasSize(3);
  }

  @Test
  void realDhcpdAcceptsEveryCombination() throws Exception {
    Path dhcpd = RealTools.program(DhcpTarget.DHCPD);
    List<BootFiles> combos =
        List.of(
            ALL,
            BootFiles.defaults().withIpxeScriptUrl("http://10.0.0.2/boot.ipxe"),
            BootFiles.defaults().withHttpBootUrl("http://10.0.0.2/b.efi"),
            BootFiles.defaults().withUefiArm64("grubaa64.efi").withBios("lpxelinux.0"));
    for (BootFiles b : combos) {
      Path file = dir.resolve("dhcpd.conf");
      Files.writeString(file, DhcpFormats.isc(b).render(TestHosts.many(20)));
      ProcessRunner.Result r =
          new ProcessRunner(Duration.ofSeconds(30))
              .run(List.of(dhcpd.toString(), "-t", "-4", "-cf", file.toString()));
      assertThat(r.succeeded()).as(b + ": " + r.describe()).isTrue();
    }
  }

  @Test
  void includeHasHostsButNoGlobalsOrSubnets() {
    String out = DhcpFormats.iscInclude(ALL).render(TestHosts.many(4));
    assertThat(out)
        .contains("host node000 {", "option lui-arch code 93")
        .doesNotContain("authoritative", "subnet ");
  }

  @Test
  void realDhcpdAcceptsTheIncludeInsideAnAdminConfig() throws Exception {
    Path dhcpd = RealTools.program(DhcpTarget.DHCPD);
    Path include = dir.resolve("lui-hosts.conf");
    Files.writeString(include, DhcpFormats.iscInclude(ALL).render(TestHosts.many(20)));
    Path conf = dir.resolve("dhcpd.conf");
    Files.writeString(
        conf,
        """
        # the admin's own file
        authoritative;
        subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.200 10.0.0.250; }
        subnet 10.0.1.0 netmask 255.255.255.0 { }
        include "%s";
        """
            .formatted(include));
    ProcessRunner.Result r =
        new ProcessRunner(Duration.ofSeconds(30))
            .run(List.of(dhcpd.toString(), "-t", "-4", "-cf", conf.toString()));
    assertThat(r.succeeded()).as(r.describe()).isTrue();
  }
}
