package dev.lui.nfsroot.image;

import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks the images already built on this machine for the end-to-end test (under
 * /var/cache/lui-e2e/images, or LUI_IMAGES_DIR). Skipped, saying so, when there are none: building
 * one is the job of the "image" tagged {@link RealImageBuildTest} and of {@code lui image build}.
 */
@Tag("slow")
class ExistingImageTest {
  @Test
  void everyCurrentImageHasKernelInitramfsAgentRuntimeUnitAndTools() throws Exception {
    Path dir = Path.of(System.getenv().getOrDefault("LUI_IMAGES_DIR", "/var/cache/lui-e2e/images"));
    List<Image> images = Files.isDirectory(dir) ? new ImageStore(dir).list() : List.of();
    Assumptions.assumeFalse(
        images.isEmpty(), "no built image under " + dir + " (nothing to check)");
    RealTools.program("lsinitramfs");
    for (Image image : images) {
      ImageContents.assertComplete(image);
    }
  }
}
