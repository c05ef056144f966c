package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.core.publish.DhcpBackend;
import dev.lui.dhcp.BootFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lui dhcp render} and {@code lui dns render} are the files the server writes. */
class RenderEqualsFileTest {
  @TempDir Path tmp;

  @Test
  void everyBackendsRenderIsItsWrittenFileForEveryBootFileOption() throws Exception {
    List<UnaryOperator<BootFiles>> options =
        List.of(
            b -> b,
            b -> b.withUefiX64("boot/grub/x86_64-efi/core.efi"),
            b ->
                b.withUefiX64("ipxe.efi").withIpxeScriptUrl("http://10.0.0.1:8080/ipxe/boot.ipxe"));
    int run = 0;
    for (UnaryOperator<BootFiles> option : options) {
      Path dir = tmp.resolve("run" + run++);
      Path adminConf =
          Files.writeString(
              Files.createDirectories(dir).resolve("dhcpd.conf"),
              "authoritative;\nsubnet 10.0.0.0 netmask 255.255.255.0 {\n}\n");
      Path adminBootptab =
          Files.writeString(dir.resolve("bootptab"), ".default:sm=255.255.255.0:\n");
      List<String> all = Arrays.stream(DhcpBackend.values()).map(DhcpBackend::wireName).toList();
      try (LiveServer lui =
          new LiveServer(
                  dir.resolve("state"),
                  c ->
                      c.withDhcp(
                              d ->
                                  d.withAdminConf(adminConf)
                                      .withBootptabAdminFile(adminBootptab)
                                      .withBackends(all)
                                      .withNameServers(List.of("10.0.0.1")))
                          .withBoot(b -> b.withFirmware(option.apply(BootFiles.defaults()))))
              .withSystem()) {
        for (int i = 1; i <= 3; i++) {
          LiveServer.Result r =
              lui.lui(
                  "define-node",
                  "n0" + i,
                  "--mac",
                  "52:54:00:00:00:0" + i,
                  "--ip",
                  "10.0.0.1" + i,
                  "--netmask",
                  "255.255.255.0",
                  "--gateway",
                  "10.0.0.1",
                  "--resource",
                  LiveServer.SYSTEM);
          assertThat(r.code()).as(r.err()).isZero();
        }
        for (DhcpBackend backend : DhcpBackend.values()) {
          Path file = backend.target(lui.server.config()).file();
          LiveServer.Result render = lui.lui("dhcp", "render", "--format", backend.wireName());
          assertThat(render.code()).as(render.err()).isZero();
          assertThat(render.out())
              .as(backend.wireName() + " with option " + (run - 1))
              .isEqualTo(Files.readString(file))
              .contains("n01");
        }
      }
    }
  }

  @Test
  void theZonesSoaSerialGrowsWithEveryChange() {
    try (LiveServer lui = new LiveServer(tmp.resolve("state")).withSystem()) {
      long before = serial(lui.lui("dns", "render").out());
      assertThat(
              lui.lui(
                      "define-node",
                      "n01",
                      "--mac",
                      "52:54:00:00:00:01",
                      "--ip",
                      "10.0.0.11",
                      "--netmask",
                      "255.255.255.0")
                  .code())
          .isZero();
      long defined = serial(lui.lui("dns", "render").out());
      assertThat(lui.lui("remove-node", "n01").code()).isZero();
      long removed = serial(lui.lui("dns", "render").out());
      assertThat(defined).isGreaterThan(before);
      assertThat(removed).isGreaterThan(defined);
    }
  }

  private static long serial(String zones) {
    // SOA: NS mailbox serial refresh retry expire minimum, as dnsjava writes it.
    Matcher m = Pattern.compile("SOA\\s+\\S+\\s+\\S+\\s+(\\d+)").matcher(zones);
    assertThat(m.find()).as(zones).isTrue();
    return Long.parseLong(m.group(1));
  }
}
