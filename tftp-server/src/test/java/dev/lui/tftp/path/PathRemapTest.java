package dev.lui.tftp.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.tftp.FileSources;
import dev.lui.tftp.TftpServerConfig;
import dev.lui.tftp.TransferRecord.Outcome;
import dev.lui.tftp.engine.ReadTransfer;
import dev.lui.tftp.protocol.Packet.Data;
import dev.lui.tftp.protocol.Packet.ErrorPacket;
import dev.lui.tftp.protocol.Packet.ReadRequest;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PathRemapTest {
  private static final String RULES =
      """
      # Windows-built menus ask for \\Boot\\...; our tree is lower-case under efi/
      ^boot/(.*)   efi/$1
      \\.EFI$      .efi
      ^pxelinux\\.cfg/([0-9a-f-]+)$   pxelinux.cfg/01-$1
      """;

  @Test
  void mapsBackslashesAndDropsLeadingSlashesAlways() {
    assertThat(PathRemap.NONE.apply("\\EFI\\BOOT\\grubx64.efi")).isEqualTo("EFI/BOOT/grubx64.efi");
  }

  @Test
  void foldsCaseOnlyWhenAsked() {
    assertThat(new PathRemap(true, List.of()).apply("EFI/Boot/GRUBX64.EFI"))
        .isEqualTo("efi/boot/grubx64.efi");
    assertThat(PathRemap.NONE.apply("EFI/Boot")).isEqualTo("EFI/Boot");
  }

  @Test
  void appliesRulesInOrderEachSeeingThePreviousResult() {
    PathRemap r = PathRemap.parse(RULES);
    assertThat(r.rules()).hasSize(3);
    assertThat(r.apply("boot\\GRUBX64.EFI")).isEqualTo("efi/GRUBX64.efi");
    assertThat(r.apply("pxelinux.cfg/52-54-00-aa-bb-cc"))
        .isEqualTo("pxelinux.cfg/01-52-54-00-aa-bb-cc");
    assertThat(r.apply("vmlinuz")).isEqualTo("vmlinuz");
  }

  @Test
  void foldcaseLineSwitchesFoldingOnAndRulesSeeLowerCase() {
    PathRemap r = PathRemap.parse("foldcase\n^boot/ efi/\n");
    assertThat(r.foldCase()).isTrue();
    assertThat(r.apply("BOOT/X")).isEqualTo("efi/x");
  }

  @Test
  void missingReplacementDeletesTheMatch() {
    assertThat(PathRemap.parse("^tftpboot/\n").apply("/tftpboot/vmlinuz")).isEqualTo("vmlinuz");
  }

  @Test
  void badRuleIsOneLineNamingLineValueAndRule() {
    assertThatThrownBy(() -> PathRemap.parse("# c\n\n(unclosed x\n"))
        .isInstanceOfSatisfying(
            InvalidValueException.class,
            e -> {
              assertThat(e.field()).isEqualTo("remap line 3");
              assertThat(e.value()).isEqualTo("(unclosed");
            })
        .hasMessageStartingWith("remap line 3: regex '(unclosed' is invalid")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> PathRemap.parse("^a(b) x$2\n"))
        .hasMessage("remap line 1: replacement 'x$2' refers to group 2 but the regex has 1");
    assertThatThrownBy(() -> PathRemap.parse("^a cost$\n"))
        .hasMessageContaining("'$' not followed by a group number");
    assertThatThrownBy(() -> PathRemap.parse("^a(b) x$\u0661\n"))
        .as("a group number is an ASCII digit")
        .hasMessageContaining("'$' not followed by a group number");
  }

  @Test
  void confinementRunsAfterRemapSoARuleCannotEscapeTheRoot() {
    TftpServerConfig config =
        TftpServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0))
            .withRemap(PathRemap.parse("^x$ ../../etc/passwd\n^up/ /\n"));
    ReadTransfer t = new ReadTransfer(p -> Optional.of(FileSources.ofBytes(new byte[3])), config);
    var s = t.start(new ReadRequest("x", "octet", List.of()), 0);
    assertThat(s.send().get(0)).isInstanceOf(ErrorPacket.class);
    assertThat(s.ending().get().outcome()).isEqualTo(Outcome.DENIED);
    // A rule that yields an absolute name is made relative to the root, like any request.
    ReadTransfer t2 =
        new ReadTransfer(
            p ->
                p.equals("vmlinuz")
                    ? Optional.of(FileSources.ofBytes(new byte[3]))
                    : Optional.empty(),
            config);
    assertThat(t2.start(new ReadRequest("up/vmlinuz", "octet", List.of()), 0).send().get(0))
        .isInstanceOf(Data.class);
  }

  @Test
  void serverHandsTheRemappedNameToTheSource() {
    TftpServerConfig config =
        TftpServerConfig.defaults(new InetSocketAddress("127.0.0.1", 0))
            .withRemap(new PathRemap(true, PathRemap.parse("^boot/ efi/\n").rules()));
    ReadTransfer t =
        new ReadTransfer(
            p ->
                p.equals("efi/grubx64.efi")
                    ? Optional.of(FileSources.ofBytes(new byte[3]))
                    : Optional.empty(),
            config);
    var s = t.start(new ReadRequest("\\Boot\\GRUBX64.EFI", "octet", List.of()), 0);
    assertThat(s.send().get(0)).isInstanceOf(Data.class);
    assertThat(t.path()).isEqualTo("efi/grubx64.efi");
  }
}
