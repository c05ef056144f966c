package dev.lui.nfsroot.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {
  @TempDir Path tmp;

  @AfterEach
  void removeTreesWithLinksToTheHost() throws IOException {
    // Fake roots link to /usr/lib/jvm and /dev/null as real ones do; delete them without
    // following links (and without JUnit's warning for each such link).
    dev.lui.nfsroot.fs.TreeRemover.deleteTree(tmp);
  }

  private final Clock clock =
      Clock.fixed(Instant.parse("2026-12-02T00:10:00.123Z"), ZoneOffset.UTC);

  private ImageSpec spec(Path jar, String... extra) {
    return new ImageSpec(
        "bookworm",
        "debian",
        "bookworm",
        "amd64",
        "http://deb.debian.org/debian",
        List.of(extra),
        jar);
  }

  private ImageBuilder builder(Path images, String program, Optional<Path> cache) {
    return new ImageBuilder(images, new ImageBuilder.Options(program, List.of(), cache, clock));
  }

  @Test
  void commandIsMinbaseRootModeWithEveryPackageAndBothHooks() throws IOException {
    Path jar = FakeRoots.fakeJar(tmp, "jar");
    List<String> cmd =
        builder(tmp, "mmdebstrap", Optional.empty())
            .command(spec(jar, "less"), Path.of("/var/tmp/st"), Path.of("/var/tmp/r"), true);
    assertThat(cmd)
        .containsExactly(
            "mmdebstrap",
            "--mode=root",
            "--variant=minbase",
            "--format=directory",
            "--architectures=amd64",
            "--include=systemd,systemd-sysv,udev,linux-image-amd64,initramfs-tools,busybox,kmod,"
                + "procps,iproute2,nfs-common,fdisk,util-linux,e2fsprogs,xfsprogs,dosfstools,tar,"
                + "zstd,xz-utils,gzip,rpm,grub-pc-bin,grub-efi-amd64-bin,grub2-common,extlinux,"
                + "openjdk-17-jre-headless,netbase,less",
            "--dpkgopt=path-exclude=/usr/share/man/*",
            "--dpkgopt=path-exclude=/usr/share/info/*",
            "--dpkgopt=path-exclude=/usr/share/doc/*",
            "--dpkgopt=path-include=/usr/share/doc/*/copyright",
            "--dpkgopt=path-exclude=/usr/share/locale/*",
            "--dpkgopt=path-include=/usr/share/locale/locale.alias",
            "--essential-hook=sh '/var/tmp/st/essential-hook.sh' \"$1\" '/var/tmp/st'",
            "--customize-hook=sh '/var/tmp/st/customize-hook.sh' \"$1\" '/var/tmp/st'",
            "--customize-hook=sh '/var/tmp/st/slim-hook.sh' \"$1\"",
            "bookworm",
            "/var/tmp/r",
            "http://deb.debian.org/debian");
  }

  @Test
  void withoutRootTheCommandUsesUnshareMode() throws IOException {
    Path jar = FakeRoots.fakeJar(tmp, "jar");
    assertThat(
            builder(tmp, "mmdebstrap", Optional.empty())
                .command(spec(jar), Path.of("/s"), Path.of("/r"), false))
        .contains("--mode=unshare")
        .doesNotContain("--mode=root");
  }

  @Test
  void extraPackagesAlreadyInTheBaseAreNotRepeated() throws IOException {
    Path jar = FakeRoots.fakeJar(tmp, "jar");
    assertThat(ImageBuilder.packages(spec(jar, "tar", "less")))
        .containsOnlyOnce("tar")
        .endsWith("less");
  }

  @Test
  void aStagePathThatWouldBreakTheHookQuotingIsRefused() throws IOException {
    Path jar = FakeRoots.fakeJar(tmp, "jar");
    assertThatThrownBy(
            () ->
                builder(tmp, "mmdebstrap", Optional.empty())
                    .command(spec(jar), Path.of("/tmp/it's"), Path.of("/r"), true))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("stage \"/tmp/it's\" must use only [A-Za-z0-9._/+@-]");
  }

  @Test
  void stageCopiesEveryHookFileAsShippedAndTheJarWithScriptsExecutable() throws IOException {
    Path jar = FakeRoots.fakeJar(tmp, "the agent");
    Path stage = tmp.resolve("stage");
    ImageBuilder.stage(spec(jar), stage);
    for (String name : ImageBuilder.HOOK_FILES) {
      assertThat(Files.readAllBytes(stage.resolve(name))).isEqualTo(ImageBuilder.resource(name));
      String mode = ImageBuilder.isScript(name) ? "rwxr-xr-x" : "rw-r--r--";
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stage.resolve(name))))
          .as(name)
          .isEqualTo(mode);
    }
    assertThat(stage.resolve("lui-agent.jar")).hasContent("the agent");
  }

  @Test
  void aMissingAgentJarIsNamedBeforeAnythingRuns() {
    Path jar = tmp.resolve("nope/lui-agent.jar");
    assertThatThrownBy(() -> builder(tmp, "false", Optional.empty()).build(spec(jar), l -> {}))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("agentJar \"" + jar + "\" is not an existing file");
  }

  @Test
  void specHashDependsOnTheInputButNotOnTheNameAndBaseHashIgnoresTheJar() throws IOException {
    Path jar = FakeRoots.fakeJar(tmp, "v1");
    ImageBuilder b = builder(tmp, "mmdebstrap", Optional.empty());
    String h = b.specHash(spec(jar));
    ImageSpec renamed =
        new ImageSpec(
            "other", "debian", "bookworm", "amd64", "http://deb.debian.org/debian", List.of(), jar);
    assertThat(b.specHash(renamed)).isEqualTo(h);
    assertThat(b.specHash(spec(jar, "less"))).isNotEqualTo(h);
    assertThat(b.specHash(ImageSpec.debian("bookworm", "trixie", jar))).isNotEqualTo(h);
    String base = b.baseHash(spec(jar));
    assertThat(base).isNotEqualTo(h);
    Files.writeString(jar, "v2");
    assertThat(b.specHash(spec(jar))).isNotEqualTo(h);
    assertThat(b.baseHash(spec(jar))).isEqualTo(base);
    assertThat(b.baseHash(spec(jar, "less"))).isNotEqualTo(base);
  }

  @Test
  void buildProducesTheLayoutManifestAndCurrentLinkAndStreamsProgress() throws Exception {
    RealTools.program("lsinitramfs");
    RealTools.program("cpio");
    Path template = FakeRoots.full(tmp.resolve("template"));
    Path fake = FakeRoots.fakeMmdebstrap(tmp, template, 0);
    Path jar = FakeRoots.fakeJar(tmp, "agent bytes");
    Path images = tmp.resolve("images");
    List<String> progress = new ArrayList<>();

    ImageBuilder.Result r =
        builder(images, fake.toString(), Optional.empty()).build(spec(jar), progress::add);

    assertThat(r.outcome()).isEqualTo(ImageBuilder.Outcome.BUILT);
    Image image = r.image();
    assertThat(image.version()).isEqualTo("20261202T001000.123Z");
    Path dir = images.resolve("bookworm/20261202T001000.123Z");
    assertThat(image.dir()).isEqualTo(dir);
    assertThat(Files.readSymbolicLink(images.resolve("bookworm/current")))
        .hasToString(image.version());
    assertThat(dir.resolve("vmlinuz")).hasContent("fake kernel " + FakeRoots.KVER);
    assertThat(Files.readAllBytes(dir.resolve("initrd.img")))
        .isEqualTo(Files.readAllBytes(template.resolve("boot/initrd.img-" + FakeRoots.KVER)));
    assertThat(dir.resolve("root/usr/local/lib/lui/lui-agent.jar")).hasContent("agent bytes");
    assertThat(dir.resolve("root/etc/initramfs-tools/scripts/init-bottom/lui-overlay"))
        .isExecutable();
    assertThat(dir.resolve("stage")).doesNotExist();
    try (Stream<Path> s = Files.list(images.resolve("bookworm"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(image.version(), "current", ".lock");
    }

    ImageManifest m = ImageManifest.read(dir.resolve("image.json"));
    assertThat(m).isEqualTo(image.manifest());
    assertThat(m.name()).isEqualTo("bookworm");
    assertThat(m.distro()).isEqualTo("debian");
    assertThat(m.suite()).isEqualTo("bookworm");
    assertThat(m.arch()).isEqualTo("amd64");
    assertThat(m.created()).isEqualTo("2026-12-02T00:10:00.123Z");
    assertThat(m.specHash()).isEqualTo(builder(images, "x", Optional.empty()).specHash(spec(jar)));
    assertThat(m.sha256())
        .containsEntry("vmlinuz", ImageLayout.sha256(dir.resolve("vmlinuz")))
        .containsEntry("initrd.img", ImageLayout.sha256(dir.resolve("initrd.img")))
        .containsEntry("lui-agent.jar", ImageLayout.sha256(jar));
    assertThat(m.sizes())
        .containsEntry("lui-agent.jar", 11L)
        .containsKeys("root", "vmlinuz", "initrd.img");
    assertThat(m.packages()).containsExactly("busybox 1:1.35.0-4+b3", "tar 1.34+dfsg-1.2");

    assertThat(progress)
        .contains(
            "I: arg --mode=" + (ImageBuilder.isRoot() ? "root" : "unshare"),
            "lui: initramfs configuration installed")
        .contains("lui: agent, unit and helpers installed", "I: success")
        .anyMatch(l -> l.startsWith("lui: building bookworm/20261202T001000.123Z"))
        .last()
        .isEqualTo("lui: bookworm/20261202T001000.123Z is current");
  }

  @Test
  void theSameInputAgainReusesTheVersionAndANewInputMakesANewCurrentOne() throws Exception {
    RealTools.program("lsinitramfs");
    Path template = FakeRoots.full(tmp.resolve("template"));
    Path fake = FakeRoots.fakeMmdebstrap(tmp, template, 0);
    Path jar = FakeRoots.fakeJar(tmp, "v1");
    Path images = tmp.resolve("images");
    ImageBuilder b = builder(images, fake.toString(), Optional.empty());
    Image first = b.build(spec(jar), l -> {}).image();

    List<String> progress = new ArrayList<>();
    ImageBuilder.Result again = b.build(spec(jar), progress::add);
    assertThat(again.outcome()).isEqualTo(ImageBuilder.Outcome.REUSED);
    assertThat(again.image().version()).isEqualTo(first.version());
    assertThat(progress).anyMatch(l -> l.contains("reusing bookworm/" + first.version()));

    Files.writeString(jar, "v2");
    Image second = b.build(spec(jar), l -> {}).image();
    assertThat(second.version()).isGreaterThan(first.version()); // same fixed clock: bumped by 1 ms
    assertThat(new ImageStore(images).current("bookworm")).contains(second);
    assertThat(new ImageStore(images).versions("bookworm"))
        .containsExactly(first.version(), second.version());
  }

  @Test
  void aCacheDirServesAnotherImagesDirWithoutRunningTheBuild() throws Exception {
    RealTools.program("lsinitramfs");
    Path template = FakeRoots.full(tmp.resolve("template"));
    Path fake = FakeRoots.fakeMmdebstrap(tmp, template, 0);
    Path jar = FakeRoots.fakeJar(tmp, "v1");
    Path cache = tmp.resolve("cache");
    ImageBuilder first = builder(tmp.resolve("images1"), fake.toString(), Optional.of(cache));
    Image built = first.build(spec(jar), l -> {}).image();
    Path cached = cache.resolve(first.baseHash(spec(jar)));
    assertThat(cached.resolve("image.json")).exists();

    List<String> progress = new ArrayList<>();
    ImageBuilder.Result r =
        builder(tmp.resolve("images2"), "/nonexistent/mmdebstrap", Optional.of(cache))
            .build(spec(jar), progress::add);

    assertThat(r.outcome()).isEqualTo(ImageBuilder.Outcome.FROM_CACHE);
    assertThat(progress).anyMatch(l -> l.contains("taken from the cache"));
    assertThat(r.image().manifest().sha256()).isEqualTo(built.manifest().sha256());
    assertThat(r.image().manifest().specHash()).isEqualTo(built.manifest().specHash());
    assertThat(r.image().manifest().builder()).contains("root from the cache");
    assertThat(r.image().dir()).startsWith(tmp.resolve("images2"));
    assertThat(new ImageStore(tmp.resolve("images2")).verify("bookworm").ok()).isTrue();
    // The cached manifest keeps its own name and version: the copy's was rewritten, not shared.
    assertThat(ImageManifest.read(cached.resolve("image.json")).version())
        .isEqualTo(built.version());
  }

  @Test
  void aNewAgentJarTakesTheCachedRootAndLeavesTheCacheAsItWas() throws Exception {
    RealTools.program("lsinitramfs");
    Path template = FakeRoots.full(tmp.resolve("template"));
    Path fake = FakeRoots.fakeMmdebstrap(tmp, template, 0);
    Path jar = FakeRoots.fakeJar(tmp, "agent v1");
    Path cache = tmp.resolve("cache");
    Path images = tmp.resolve("images");
    ImageBuilder b = builder(images, fake.toString(), Optional.of(cache));
    Image v1 = b.build(spec(jar), l -> {}).image();
    String cachedJarSum =
        ImageLayout.sha256(
            cache.resolve(b.baseHash(spec(jar))).resolve("root/usr/local/lib/lui/lui-agent.jar"));

    Files.writeString(jar, "agent v2");
    ImageBuilder.Result r =
        builder(images, "/nonexistent/mmdebstrap", Optional.of(cache)).build(spec(jar), l -> {});

    assertThat(r.outcome()).isEqualTo(ImageBuilder.Outcome.FROM_CACHE);
    assertThat(r.image().version()).isGreaterThan(v1.version());
    assertThat(r.image().root().resolve("usr/local/lib/lui/lui-agent.jar")).hasContent("agent v2");
    assertThat(r.image().manifest().sha256())
        .containsEntry("lui-agent.jar", ImageLayout.sha256(jar));
    assertThat(r.image().manifest().specHash()).isEqualTo(b.specHash(spec(jar)));
    assertThat(new ImageStore(images).verify("bookworm").ok()).isTrue();
    // Neither the cache nor the older version saw the new jar (no write through a hard link).
    assertThat(
            ImageLayout.sha256(
                cache
                    .resolve(b.baseHash(spec(jar)))
                    .resolve("root/usr/local/lib/lui/lui-agent.jar")))
        .isEqualTo(cachedJarSum);
    assertThat(v1.root().resolve("usr/local/lib/lui/lui-agent.jar")).hasContent("agent v1");
  }

  @Test
  void aFailedBuildLeavesNoTraceAndKeepsTheCurrentImage() throws Exception {
    RealTools.program("lsinitramfs");
    Path template = FakeRoots.full(tmp.resolve("template"));
    Path jar = FakeRoots.fakeJar(tmp, "v1");
    Path images = tmp.resolve("images");
    Image good =
        builder(images, FakeRoots.fakeMmdebstrap(tmp, template, 0).toString(), Optional.empty())
            .build(spec(jar), l -> {})
            .image();
    Files.createDirectories(tmp.resolve("bad"));
    Path failing = FakeRoots.fakeMmdebstrap(tmp.resolve("bad"), template, 2);
    Files.writeString(jar, "v2");

    assertThatThrownBy(
            () -> builder(images, failing.toString(), Optional.empty()).build(spec(jar), l -> {}))
        .isInstanceOf(ImageException.BuildFailed.class)
        .hasMessageContaining("exited with status 2")
        .satisfies(
            e ->
                assertThat(((ImageException.BuildFailed) e).lastLines())
                    .contains("E: fake failure"));

    try (Stream<Path> s = Files.list(images.resolve("bookworm"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(good.version(), "current", ".lock");
    }
    assertThat(new ImageStore(images).current("bookworm")).contains(good);
  }

  @Test
  void tempDirsOfAnInterruptedBuildAreRemovedByTheNextOne() throws Exception {
    RealTools.program("lsinitramfs");
    Path template = FakeRoots.full(tmp.resolve("template"));
    Path jar = FakeRoots.fakeJar(tmp, "v1");
    Path images = tmp.resolve("images");
    Path stale =
        Files.createDirectories(images.resolve("bookworm/.tmp-20261201T000000.000Z/root/etc"));
    List<String> progress = new ArrayList<>();
    builder(images, FakeRoots.fakeMmdebstrap(tmp, template, 0).toString(), Optional.empty())
        .build(spec(jar), progress::add);
    assertThat(stale.getParent().getParent()).doesNotExist();
    assertThat(progress).anyMatch(l -> l.contains("left by an interrupted build"));
  }

  @Test
  void aBuiltRootWithoutWhatTheAgentNeedsFailsTheBuild() throws Exception {
    RealTools.program("lsinitramfs");
    Path template =
        FakeRoots.without(tmp.resolve("template"), java.util.Set.of(FakeRoots.Part.SFDISK));
    Path fake = FakeRoots.fakeMmdebstrap(tmp, template, 0);
    Path jar = FakeRoots.fakeJar(tmp, "v1");
    Path images = tmp.resolve("images");
    assertThatThrownBy(
            () -> builder(images, fake.toString(), Optional.empty()).build(spec(jar), l -> {}))
        .isInstanceOf(ImageException.Incomplete.class)
        .hasMessageContaining("program sfdisk (sfdisk) not found");
    assertThat(new ImageStore(images).versions("bookworm")).isEmpty();
  }

  @Test
  void aProgramThatCannotStartIsABuildFailureNamingIt() throws IOException {
    Path jar = FakeRoots.fakeJar(tmp, "v1");
    assertThatThrownBy(
            () ->
                builder(tmp.resolve("i"), "/nonexistent/mmdebstrap", Optional.empty())
                    .build(spec(jar), l -> {}))
        .isInstanceOf(ImageException.BuildFailed.class)
        .hasMessageStartingWith("/nonexistent/mmdebstrap could not be started");
  }
}
