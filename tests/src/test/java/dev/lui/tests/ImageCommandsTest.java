package dev.lui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lui image} and {@code lui server --image} on their error paths: clear, and nothing
 * written.
 */
class ImageCommandsTest {
  @TempDir Path tmp;

  @Test
  void listingAnEmptyImagesDirectorySaysHowToBuildOne() {
    LiveServer.Result r = LiveServer.raw("image", "list", "--state", tmp.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("no images in " + tmp.resolve("images"))
        .contains("lui image build");
  }

  @Test
  void importingARootWithoutTheAgentsToolsNamesEverythingMissingAndKeepsNothing() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root/usr/bin"));
    Files.writeString(tmp.resolve("root/etc-os-release"), "ID=custom\n");
    LiveServer.Result r =
        LiveServer.raw(
            "image",
            "import",
            "custom",
            "--from",
            tmp.resolve("root").toString(),
            "--state",
            tmp.resolve("state").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("java")
        .contains("sfdisk")
        .contains("mkfs.ext4")
        .contains("grub-install")
        .contains("kernel");
    assertThat(LiveServer.raw("image", "list", "--state", tmp.resolve("state").toString()).out())
        .contains("no images");
    assertThat(root).exists();
  }

  @Test
  void unknownImagesAndBadNamesAreRefusedByName() {
    LiveServer.Result show = LiveServer.raw("image", "show", "nothere", "--state", tmp.toString());
    assertThat(show.code()).isEqualTo(2);
    assertThat(show.err()).contains("nothere");
    LiveServer.Result bad =
        LiveServer.raw(
            "image",
            "build",
            "Bad/Name",
            "--state",
            tmp.toString(),
            "--agent-jar",
            "/x/lui-agent.jar");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("Bad/Name");
    LiveServer.Result remove =
        LiveServer.raw("image", "remove", "nothere", "--state", tmp.toString());
    assertThat(remove.code()).isEqualTo(2);
  }

  @Test
  void aServerAskedForAnImageThatDoesNotExistSaysHowToMakeIt() {
    LiveServer.Result r =
        LiveServer.raw(
            "server",
            "--state",
            tmp.toString(),
            "--http",
            "127.0.0.1:0",
            "--tftp",
            "127.0.0.1:0",
            "--image",
            "bookworm",
            "--allow-loopback");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--image 'bookworm'").contains("lui image build bookworm");
  }

  @Test
  void everySubcommandTeachesWithHelp() {
    for (String[] cmd :
        new String[][] {
          {"server", "--help"}, {"image", "build", "--help"}, {"define-node", "--help"}
        }) {
      LiveServer.Result r = LiveServer.raw(cmd);
      assertThat(r.code()).as(String.join(" ", cmd) + ": " + r.err()).isZero();
      assertThat(r.out()).contains("Usage: lui " + cmd[0]);
    }
  }
}
