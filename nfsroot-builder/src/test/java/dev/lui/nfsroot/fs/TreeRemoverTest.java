package dev.lui.nfsroot.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeRemoverTest {
  @TempDir Path dir;

  @Test
  void deletesANestedTree() throws IOException {
    Path root = tree();
    TreeRemover.deleteTree(root);
    assertThat(root).doesNotExist();
  }

  @Test
  void missingRootIsNotAnError() throws IOException {
    TreeRemover.deleteTree(dir.resolve("never"));
    assertThat(dir.resolve("never")).doesNotExist();
  }

  @Test
  void removesSymlinksInsideWithoutTouchingTheirTargets() throws IOException {
    Path outside = outside();
    Path root = tree();
    Files.createSymbolicLink(root.resolve("a/dirlink"), outside);
    Files.createSymbolicLink(root.resolve("filelink"), outside.resolve("precious"));
    TreeRemover.deleteTree(root);
    assertThat(root).doesNotExist();
    assertThat(outside.resolve("precious")).hasContent("keep");
    assertThat(outside.resolve("sub/also")).hasContent("keep");
  }

  @Test
  void aRootThatIsASymlinkLosesOnlyTheLink() throws IOException {
    Path outside = outside();
    Path link = Files.createSymbolicLink(dir.resolve("root"), outside);
    TreeRemover.deleteTree(link);
    assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(outside.resolve("precious")).hasContent("keep");
  }

  @Test
  void fallbackWalkAlsoLeavesSymlinkTargetsAlone() throws IOException {
    Path outside = outside();
    Path root = tree();
    Files.createSymbolicLink(root.resolve("a/dirlink"), outside);
    TreeRemover.deleteTreeByWalking(root);
    assertThat(root).doesNotExist();
    assertThat(outside.resolve("sub/also")).hasContent("keep");
  }

  @Test
  void linuxTakesTheRaceFreeSecureDirectoryStreamPath() throws IOException {
    RealTools.capability(
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"),
        "Linux");
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      assertThat(s).isInstanceOf(SecureDirectoryStream.class);
    }
  }

  private Path tree() throws IOException {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("a/b/c"));
    Files.writeString(root.resolve("a/b/c/file"), "x");
    Files.writeString(root.resolve("top"), "y");
    Files.createDirectories(root.resolve("empty"));
    return root;
  }

  private Path outside() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside/sub"));
    Files.writeString(dir.resolve("outside/precious"), "keep");
    Files.writeString(outside.resolve("also"), "keep");
    return dir.resolve("outside");
  }
}
