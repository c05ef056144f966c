package dev.lui.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lui.nfsroot.image.Image;
import dev.lui.nfsroot.image.ImageContents;
import dev.lui.nfsroot.image.ImageStore;
import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks the install images of the e2e cache: the one {@code lui image build} makes for the
 * end-to-end test ({@link E2eCache#image}: minutes the first time, about a second once kept) and
 * any other current image there, or every image under {@code LUI_IMAGES_DIR} when that is set (then
 * nothing is built). It lives here, not in nfsroot-builder, because this module builds the image:
 * there, on a fresh machine, it only ever found none and skipped.
 */
@Tag("slow")
@Tag("e2e")
class InstallImageTest {
  @Test
  void everyCurrentImageHasKernelInitramfsAgentRuntimeUnitAndTools() throws Exception {
    RealTools.program("lsinitramfs");
    Optional<String> given = Optional.ofNullable(System.getenv("LUI_IMAGES_DIR"));
    Path dir = given.map(Path::of).orElse(E2eCache.dir().resolve("images"));
    if (given.isEmpty()) {
      RealTools.root();
      E2eCache.image();
    }
    List<Image> images = Files.isDirectory(dir) ? new ImageStore(dir).list() : List.of();
    if (images.isEmpty()) {
      RealTools.missing("no built image under " + dir);
    }
    for (Image image : images) {
      ImageContents.assertComplete(image);
    }
    // The command an admin runs says the same, for scripts too.
    Image first = images.get(0);
    Path jar = LabServer.jarCopy(E2eCache.dir().resolve("build"));
    String json =
        Cmd.run(
            Duration.ofMinutes(5),
            "java",
            "-jar",
            jar.toString(),
            "image",
            "verify",
            first.name(),
            "--images",
            dir.toString(),
            "--json");
    JsonNode verdict = new ObjectMapper().readTree(json);
    assertThat(verdict.path("name").asText()).isEqualTo(first.name());
    assertThat(verdict.path("ok").asBoolean()).as(json).isTrue();
    assertThat(verdict.path("problems")).isEmpty();
  }
}
