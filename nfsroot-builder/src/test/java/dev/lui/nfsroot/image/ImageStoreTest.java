package dev.lui.nfsroot.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.nfsroot.fs.TreeRemover;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
  @TempDir Path tmp;
  private Path images;
  private ImageStore store;

  @BeforeEach
  void setUp() {
    RealTools.program("lsinitramfs");
    RealTools.program("cpio");
    images = tmp.resolve("images");
    store =
        new ImageStore(images, Clock.fixed(Instant.parse("2026-12-02T01:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void cleanup() throws IOException {
    TreeRemover.deleteTree(tmp);
  }

  private Image importFull(String name) throws Exception {
    Path src = FakeRoots.full(tmp.resolve("src-" + name + "-" + System.nanoTime()));
    Path jar = FakeRoots.fakeJar(Files.createDirectories(tmp.resolve("jar")), "agent");
    return store.importFrom(name, src, Optional.of(jar), l -> {});
  }

  @Test
  void anEmptyOrMissingImagesDirListsNothing() throws IOException {
    assertThat(store.list()).isEmpty();
    assertThat(store.current("bookworm")).isEmpty();
    assertThatThrownBy(() -> store.show("bookworm"))
        .isInstanceOf(ImageException.NotFound.class)
        .hasMessage("image bookworm does not exist in " + images);
  }

  @Test
  void importFromADirectoryInstallsTheAgentAndMakesACheckedCurrentVersion() throws Exception {
    List<String> progress = new ArrayList<>();
    Path src = FakeRoots.full(tmp.resolve("src"));
    Path jar = FakeRoots.fakeJar(Files.createDirectories(tmp.resolve("jar")), "agent");

    Image image = store.importFrom("rocky9", src, Optional.of(jar), progress::add);

    assertThat(image.version()).isEqualTo("20261202T010000.000Z");
    assertThat(image.root().resolve("usr/local/lib/lui/lui-agent.jar")).hasContent("agent");
    assertThat(image.root().resolve("etc/systemd/system/lui-agent.service")).exists();
    assertThat(image.kernel()).hasContent("fake kernel " + FakeRoots.KVER);
    assertThat(image.manifest().distro()).isEqualTo("imported");
    assertThat(image.manifest().builder()).isEqualTo("lui import from " + src);
    assertThat(image.manifest().sha256()).containsKeys("vmlinuz", "initrd.img", "lui-agent.jar");
    assertThat(store.show("rocky9")).isEqualTo(image.manifest());
    assertThat(store.current("rocky9")).contains(image);
    assertThat(store.list()).containsExactly(image);
    assertThat(progress)
        .contains("lui: copying " + src)
        .last()
        .asString()
        .endsWith("imported and current");
    // The source is left as it was.
    assertThat(src.resolve("usr/local/lib/lui")).doesNotExist();
  }

  @Test
  void importFromATarballUnpacksItKeepingLinks() throws Exception {
    Path src = FakeRoots.full(tmp.resolve("src"));
    Path tarball = tmp.resolve("root.tar.gz");
    Tools.Run r = Tools.run("tar", "-czf", tarball.toString(), "-C", src.toString(), ".");
    assertThat(r.exit()).as(r.output()).isZero();
    Path jar = FakeRoots.fakeJar(Files.createDirectories(tmp.resolve("jar")), "agent");

    Image image = store.importFrom("alma", tarball, Optional.of(jar), l -> {});

    assertThat(Files.readSymbolicLink(image.root().resolve("usr/bin/java")))
        .hasToString("/etc/alternatives/java");
    assertThat(store.verify("alma").ok()).isTrue();
  }

  @Test
  void importReportsEverythingMissingInOneErrorAndLeavesNothingBehind() throws Exception {
    Path src =
        FakeRoots.without(
            tmp.resolve("src"),
            EnumSet.of(
                FakeRoots.Part.JAVA, FakeRoots.Part.GRUB_INSTALL, FakeRoots.Part.NFS_MODULE));

    assertThatThrownBy(() -> store.importFrom("broken", src))
        .isInstanceOf(ImageException.Incomplete.class)
        .hasMessageStartingWith(src + " lacks what the install agent needs: ")
        .hasMessageNotContaining("\n")
        .satisfies(
            e ->
                assertThat(((ImageException.Incomplete) e).missing())
                    .containsExactly(
                        "program java (java) not found",
                        "program grub-install (grub-install or grub2-install) not found",
                        "initramfs boot/initrd.img-" + FakeRoots.KVER + " lacks the module(s) nfs",
                        "agent jar /usr/local/lib/lui/lui-agent.jar not found",
                        "agent unit /etc/systemd/system/lui-agent.service not found"));
    try (Stream<Path> s = Files.list(images.resolve("broken"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly(".lock");
    }
    assertThat(store.current("broken")).isEmpty();
  }

  @Test
  void aRootWithoutKernelSaysSoOnce() throws Exception {
    Path src =
        FakeRoots.without(tmp.resolve("src"), Set.of(FakeRoots.Part.KERNEL, FakeRoots.Part.INITRD));
    Path jar = FakeRoots.fakeJar(Files.createDirectories(tmp.resolve("jar")), "agent");
    assertThatThrownBy(() -> store.importFrom("nokernel", src, Optional.of(jar), l -> {}))
        .isInstanceOf(ImageException.Incomplete.class)
        .satisfies(
            e ->
                assertThat(((ImageException.Incomplete) e).missing())
                    .containsExactly("no kernel /boot/vmlinuz-VERSION"));
  }

  @Test
  void aRootWithAKernelButNoInitramfsNamesBothNamingSchemes() throws Exception {
    Path src = FakeRoots.without(tmp.resolve("src"), Set.of(FakeRoots.Part.INITRD));
    Path jar = FakeRoots.fakeJar(Files.createDirectories(tmp.resolve("jar")), "agent");
    assertThatThrownBy(() -> store.importFrom("noinitrd", src, Optional.of(jar), l -> {}))
        .satisfies(
            e ->
                assertThat(((ImageException.Incomplete) e).missing())
                    .containsExactly(
                        "no initramfs for kernel "
                            + FakeRoots.KVER
                            + " (/boot/initrd.img-"
                            + FakeRoots.KVER
                            + " or /boot/initramfs-"
                            + FakeRoots.KVER
                            + ".img)"));
  }

  @Test
  void aMissingSourceIsNamed() {
    assertThatThrownBy(() -> store.importFrom("x", tmp.resolve("nope")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("from " + tmp.resolve("nope") + " does not exist");
  }

  @Test
  void verifyFindsATamperedKernelAndAMissingJar() throws Exception {
    Image image = importFull("bookworm");
    assertThat(store.verify("bookworm").ok()).isTrue();

    Files.writeString(image.kernel(), "evil");
    Files.delete(image.root().resolve("usr/local/lib/lui/lui-agent.jar"));

    ImageStore.Verification v = store.verify("bookworm");
    assertThat(v.ok()).isFalse();
    assertThat(v.version()).isEqualTo(image.version());
    assertThat(v.problems())
        .containsExactly(
            "lui-agent.jar is missing",
            "vmlinuz has sha256 "
                + ImageLayout.sha256(image.kernel())
                + ", the manifest says "
                + image.manifest().sha256().get("vmlinuz"));
  }

  @Test
  void removeRefusesWhileInUseAndOtherwiseDeletesEveryVersion() throws Exception {
    Image first = importFull("bookworm");
    Image second = importFull("bookworm");
    importFull("other");
    assertThat(second.version()).isGreaterThan(first.version());
    assertThat(store.versions("bookworm")).containsExactly(first.version(), second.version());

    assertThatThrownBy(() -> store.remove("bookworm", i -> i.version().equals(first.version())))
        .isInstanceOf(ImageException.InUse.class)
        .hasMessage(
            "image bookworm/"
                + first.version()
                + " is in use; move its nodes to another image first");
    assertThat(store.current("bookworm")).contains(second);

    store.remove("bookworm", i -> false);
    assertThat(images.resolve("bookworm")).doesNotExist();
    assertThat(store.list()).extracting(Image::name).containsExactly("other");
    try (Stream<Path> s = Files.list(images)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("other");
    }
    assertThatThrownBy(() -> store.remove("bookworm", i -> false))
        .isInstanceOf(ImageException.NotFound.class);
  }

  @Test
  void aBadNameIsRefusedBeforeAnyPathIsBuilt() {
    assertThatThrownBy(() -> store.current("../etc")).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> store.remove("../etc", i -> false))
        .isInstanceOf(InvalidValueException.class);
  }
}
