package dev.lui.tests.e2e;

import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the e2e runs build once and keep between runs: {@code /var/cache/lui-e2e} (or {@code
 * LUI_E2E_CACHE}): the target payload tarball, a kernel taken from it, and the install environment
 * image the nfsroot builder writes (its directory named in {@code images/READY}).
 */
final class E2eCache {
  private E2eCache() {}

  static Path dir() {
    return Path.of(System.getenv().getOrDefault("LUI_E2E_CACHE", "/var/cache/lui-e2e"));
  }

  /** The minimal bootable Debian root (tests/e2e/build-target-root.sh; minutes the first time). */
  static Path targetTarball() {
    Path out = dir().resolve("target-bookworm.tar.zst");
    if (Files.isRegularFile(out)
        && Files.isRegularFile(out.resolveSibling(out.getFileName() + ".sha256"))) {
      return out;
    }
    RealTools.program("mmdebstrap");
    Path script = Path.of(System.getProperty("user.dir")).resolve("e2e/build-target-root.sh");
    Cmd.run(Duration.ofMinutes(20), "bash", script.toString(), out.toString());
    return out;
  }

  /** The target's kernel, extracted once: booting the smoke test needs nothing else of it. */
  static Path kernel() {
    Path kernel = dir().resolve("kernel/vmlinuz");
    if (Files.isRegularFile(kernel)) {
      return kernel;
    }
    RealTools.program("zstd");
    Path tarball = targetTarball();
    try {
      Path tmp = Files.createTempDirectory(Files.createDirectories(dir()), "kernel.");
      Cmd.run(
          Duration.ofMinutes(5),
          "tar",
          "-x",
          "-I",
          "zstd",
          "-f",
          tarball.toString(),
          "-C",
          tmp.toString(),
          "--wildcards",
          "./boot/vmlinuz-*");
      Path found;
      try (Stream<Path> s = Files.list(tmp.resolve("boot"))) {
        found =
            s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
                .sorted()
                .reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no ./boot/vmlinuz-* in " + tarball));
      }
      Files.createDirectories(kernel.getParent());
      Files.move(found, kernel, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Cmd.run(Duration.ofMinutes(1), "rm", "-rf", tmp.toString());
      return kernel;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot extract the kernel from " + tarball + ": " + e.getMessage(), e);
    }
  }

  /**
   * The install environment, built by {@code lui image build} itself (the command under test):
   * minutes the first time, about a second when an identical build is kept, and a new agent jar is
   * put into the kept root, so the image always runs the agent of this build.
   */
  static Optional<Path> image() {
    RealTools.program("mmdebstrap");
    Path jar = LabServer.jarCopy(dir().resolve("build"));
    Path agent =
        Path.of(System.getProperty("user.dir"))
            .resolveSibling("node-agent")
            .resolve("target/lui-agent.jar");
    if (!Files.isRegularFile(agent)) {
      RealTools.missing(agent + " is missing: package node-agent first");
    }
    Path images = dir().resolve("images");
    System.out.println(
        "lui-e2e: lui image build bookworm --images "
            + images
            + " (cache "
            + dir().resolve("image-cache")
            + ")");
    String out =
        Cmd.run(
            Duration.ofMinutes(30),
            "java",
            "-jar",
            jar.toString(),
            "image",
            "build",
            "bookworm",
            "--suite",
            "bookworm",
            "--images",
            images.toString(),
            "--cache",
            dir().resolve("image-cache").toString(),
            "--agent-jar",
            agent.toString());
    System.out.println(out.lines().reduce((a, b) -> b).orElse(""));
    try {
      // The versioned directory, not the 'current' link: NFS servers resolve export paths at load.
      Path image = images.resolve("bookworm/current").toRealPath();
      return Files.isDirectory(image.resolve("root")) ? Optional.of(image) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
