package dev.lui.nfsroot.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Builds a real install image from the Debian mirror (minutes) and checks what is in it. Only with
 * -Pimage-tests. The build cache (LUI_IMAGE_CACHE, default /var/cache/lui-e2e/image-cache) makes a
 * second run with the same input take seconds; the outcome is printed.
 */
@Tag("image")
class RealImageBuildTest {
  @Test
  void aBuiltImageBootsNfsRootsAndCarriesTheAgentAndItsTools() throws Exception {
    RealTools.program("mmdebstrap");
    RealTools.program("lsinitramfs");
    RealTools.root();
    Path work = Files.createDirectories(Path.of("/var/tmp/lui-image-test"));
    Path images = Files.createTempDirectory(work, "images");
    Path cache =
        Path.of(System.getenv().getOrDefault("LUI_IMAGE_CACHE", "/var/cache/lui-e2e/image-cache"));
    Path agent = Path.of("../node-agent/target/lui-agent.jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(agent)) {
      // The image's contents do not depend on which jar it is; the e2e test boots the real one.
      agent = Files.writeString(work.resolve("lui-agent.jar"), "placeholder agent jar\n");
    }
    try {
      long t0 = System.nanoTime();
      ImageBuilder.Result r =
          new ImageBuilder(images, ImageBuilder.Options.defaults().withCacheDir(cache))
              .build(ImageSpec.debian("bookworm", "bookworm", agent), line -> {});
      System.out.printf(
          "image build: %s in %.1f s; root %d MiB, kernel %d KiB, initrd %d KiB%n",
          r.outcome(),
          (System.nanoTime() - t0) / 1e9,
          r.image().manifest().sizes().get("root") >> 20,
          r.image().manifest().sizes().get("vmlinuz") >> 10,
          r.image().manifest().sizes().get("initrd.img") >> 10);
      assertThat(new ImageStore(images).current("bookworm")).isEqualTo(Optional.of(r.image()));
      ImageContents.assertComplete(r.image());
    } finally {
      dev.lui.nfsroot.fs.TreeRemover.deleteTree(images);
    }
  }
}
