package dev.lui.nfsroot.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLayoutTest {
  @TempDir Path tmp;

  @AfterEach
  void cleanup() throws java.io.IOException {
    dev.lui.nfsroot.fs.TreeRemover.deleteTree(tmp); // links to host paths: deleted, not followed
  }

  @Test
  void versionsComeFromTheClockAndNeverGoBackwards() throws Exception {
    Clock c = Clock.fixed(Instant.parse("2026-12-02T00:00:01.5Z"), ZoneOffset.UTC);
    assertThat(ImageLayout.nextVersion(tmp, c)).isEqualTo("20261202T000001.500Z");
    Files.createDirectory(tmp.resolve("20261203T000000.000Z"));
    Files.createDirectory(tmp.resolve(".tmp-20261204T000000.000Z"));
    Files.createDirectory(tmp.resolve("not-a-version"));
    assertThat(ImageLayout.versions(tmp)).containsExactly("20261203T000000.000Z");
    // A clock behind the newest version (set back, or another machine's build) still moves on.
    assertThat(ImageLayout.nextVersion(tmp, c)).isEqualTo("20261203T000000.001Z");
  }

  @Test
  void currentIsSwitchedByRenameAndOnlyPointsAtExistingVersions() throws Exception {
    Files.createDirectory(tmp.resolve("20261203T000000.000Z"));
    Files.createDirectory(tmp.resolve("20261203T000000.001Z"));
    ImageLayout.switchCurrent(tmp, "20261203T000000.000Z");
    ImageLayout.switchCurrent(tmp, "20261203T000000.001Z");
    assertThat(ImageLayout.currentVersion(tmp)).contains("20261203T000000.001Z");
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).hasSize(3); // no temp link left
    }
    Files.delete(tmp.resolve("20261203T000000.001Z"));
    assertThat(ImageLayout.currentVersion(tmp)).isEmpty();
  }

  @Test
  void absoluteLinksResolveInsideTheRootNeverOnTheHost() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createDirectories(root.resolve("etc/alternatives"));
    Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
    Files.writeString(root.resolve("usr/bin/real"), "x");
    Files.createSymbolicLink(root.resolve("etc/alternatives/tool"), Path.of("/bin/real"));
    Files.createSymbolicLink(root.resolve("usr/bin/tool"), Path.of("/etc/alternatives/tool"));
    Files.createSymbolicLink(root.resolve("usr/bin/sh-on-host"), Path.of("/usr/bin/sh"));
    Files.createSymbolicLink(root.resolve("usr/bin/up"), Path.of("../../../../../../usr/bin/real"));
    Files.createSymbolicLink(root.resolve("usr/bin/loop"), Path.of("loop"));

    assertThat(ImageLayout.resolveInRoot(root, "/usr/bin/tool"))
        .contains(root.resolve("usr/bin/real"));
    assertThat(ImageLayout.resolveInRoot(root, "/bin/tool")).contains(root.resolve("usr/bin/real"));
    assertThat(ImageLayout.resolveInRoot(root, "/usr/bin/up"))
        .contains(root.resolve("usr/bin/real"));
    assertThat(ImageLayout.resolveInRoot(root, "/usr/bin/sh-on-host")).isEmpty();
    assertThat(ImageLayout.resolveInRoot(root, "/usr/bin/loop")).isEmpty();
  }

  @Test
  void kernelVersionsCompareNumerically() {
    assertThat(ImageLayout.compareVersions("6.1.0-10-amd64", "6.1.0-9-amd64")).isPositive();
    assertThat(ImageLayout.compareVersions("5.14.0-427.el9.x86_64", "5.14.0-70.el9.x86_64"))
        .isPositive();
    assertThat(ImageLayout.compareVersions("6.1", "6.1")).isZero();
  }

  @Test
  void theNewestKernelIsPickedAndDracutInitramfsNamesAreFound() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("boot"));
    for (String v : List.of("5.14.0-70.el9.x86_64", "5.14.0-427.el9.x86_64")) {
      Files.writeString(root.resolve("boot/vmlinuz-" + v), v);
    }
    Files.writeString(root.resolve("boot/initramfs-5.14.0-427.el9.x86_64.img"), "i");
    ImageLayout.Kernel k = ImageLayout.findKernel(root).orElseThrow();
    assertThat(k.version()).isEqualTo("5.14.0-427.el9.x86_64");
    assertThat(ImageLayout.findInitrd(root, k.version()))
        .contains(root.resolve("boot/initramfs-5.14.0-427.el9.x86_64.img"));
  }

  @Test
  void manifestJsonRoundTripsAndIsSortedForDiffs() throws Exception {
    ImageManifest m =
        new ImageManifest(
            "n",
            "v",
            "debian",
            "bookworm",
            "amd64",
            "2026-12-02T00:00:00Z",
            "h",
            "b",
            java.util.Map.of("root", 2L, "initrd.img", 1L),
            java.util.Map.of("vmlinuz", "aa"),
            List.of("a 1"));
    String json = m.toJson();
    assertThat(ImageManifest.fromJson(json)).isEqualTo(m);
    assertThat(json.indexOf("\"arch\"")).isLessThan(json.indexOf("\"builder\""));
    assertThat(json.indexOf("\"initrd.img\"")).isLessThan(json.indexOf("\"root\""));
  }

  @Test
  void aBuildTreeWithAMountLeftInsideIsUnmountedBeforeDeletionNotDeletedThrough() throws Exception {
    RealTools.rootAnd("mount", "umount");
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("precious"), "keep me");
    Path dir = tmp.resolve(".tmp-20261202T000000.000Z");
    Path proc = Files.createDirectories(dir.resolve("root/proc"));
    Tools.Run r = Tools.run("mount", "--bind", outside.toString(), proc.toString());
    RealTools.capability(r.exit() == 0, "a bind mount (" + r.output().strip() + ")");
    try {
      assertThat(ImageLayout.mountsBelow(dir)).containsExactly(proc.toString());
      ImageLayout.deleteBuildTree(dir);
      assertThat(dir).doesNotExist();
      assertThat(outside.resolve("precious")).hasContent("keep me");
    } finally {
      if (!ImageLayout.mountsBelow(dir).isEmpty()) {
        Tools.run("umount", "-l", proc.toString());
      }
    }
  }

  @Test
  void aFailedFillLeavesNoTreeNoVersionAndCurrentUnchanged() throws Exception {
    Files.createDirectory(tmp.resolve("20261203T000000.000Z"));
    ImageLayout.switchCurrent(tmp, "20261203T000000.000Z");

    assertThatThrownBy(
            () ->
                ImageLayout.addVersion(
                    tmp,
                    Clock.fixed(Instant.parse("2026-12-03T00:00:00.001Z"), ZoneOffset.UTC),
                    ImageStore.requirements(true),
                    (t, v) -> {
                      Files.createDirectories(t.resolve(ImageLayout.ROOT));
                      throw new java.io.IOException("tar failed");
                    }))
        .hasMessage("tar failed");

    assertThat(ImageLayout.versions(tmp)).containsExactly("20261203T000000.000Z");
    assertThat(ImageLayout.currentVersion(tmp)).contains("20261203T000000.000Z");
    assertThat(tmp.resolve(".tmp-20261203T000000.001Z")).doesNotExist();
  }

  @Test
  void aTreeThatFailsTheRequirementsIsRefusedAndDeleted() throws Exception {
    String version = "20261203T000000.001Z";

    assertThatThrownBy(
            () ->
                ImageLayout.addVersion(
                    tmp,
                    Clock.fixed(Instant.parse("2026-12-03T00:00:00.001Z"), ZoneOffset.UTC),
                    ImageStore.requirements(true),
                    (t, v) -> {
                      Files.createDirectories(t.resolve(ImageLayout.ROOT));
                      return new ImageManifest(
                          "img", v, "imported", "", "", "now", "", "test", null, null, null);
                    }))
        .isInstanceOf(ImageException.Incomplete.class);

    assertThat(ImageLayout.versions(tmp)).isEmpty();
    assertThat(ImageLayout.currentVersion(tmp)).isEmpty();
    assertThat(tmp.resolve(".tmp-" + version)).doesNotExist();
  }
}
