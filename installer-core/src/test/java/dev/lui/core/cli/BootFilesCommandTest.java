package dev.lui.core.cli;

import static dev.lui.core.cli.HelpTest.lui;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lui boot-files setup} as scripts call it, on this machine's real packages. */
class BootFilesCommandTest {
  @TempDir Path tmp;

  @Test
  void jsonListsEveryLoaderWithItsOutcomeAndTheArm64OneIsOptional() throws Exception {
    Path root = tmp.resolve("tftp");
    HelpTest.Run r = lui("boot-files", "setup", "--tftp-root", root.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.path("tftpRoot").asText()).isEqualTo(root.toAbsolutePath().toString());
    List<String> targets = new ArrayList<>();
    doc.path("loaders").forEach(l -> targets.add(l.path("target").asText()));
    assertThat(targets).contains("pxelinux.0", "ldlinux.c32", "undionly.kpxe", "ipxe.efi");
    JsonNode arm64 = doc.path("loaders").get(doc.path("loaders").size() - 1);
    assertThat(arm64.path("loader").asText()).startsWith("GRUB ARM64 EFI");
    if (doc.path("arm64UefiImage").isNull()) {
      assertThat(arm64.path("outcome").asText()).isEqualTo("absent");
      assertThat(doc.path("missingPackages").toString()).doesNotContain("arm64");
    }
    for (JsonNode l : doc.path("loaders")) {
      if (l.path("outcome").asText().equals("copied")) {
        assertThat(root.resolve(l.path("target").asText())).isRegularFile();
      }
    }
  }

  @Test
  void aDebFileThatDoesNotExistIsRefusedNamingTheOptionAndChangesNothing() {
    Path root = tmp.resolve("tftp");
    HelpTest.Run r =
        lui(
            "boot-files",
            "setup",
            "--tftp-root",
            root.toString(),
            "--from-deb",
            tmp.resolve("grub-efi-arm64-signed.deb").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("lui: --from-deb '" + tmp.resolve("grub-efi-arm64-signed.deb") + "'")
        .contains("a .deb file");
    assertThat(Files.exists(root)).isFalse();
  }
}
