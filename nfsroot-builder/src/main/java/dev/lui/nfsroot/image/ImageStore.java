package dev.lui.nfsroot.image;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.nfsroot.fs.TreeRemover;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The images under one directory (layout in {@link ImageLayout}): list, show, remove, import a root
 * made elsewhere, verify checksums.
 */
public final class ImageStore {

  /** Result of {@link #verify}: empty {@code problems} means every checksum matches. */
  public record Verification(String name, String version, List<String> problems) {
    public Verification {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final Path imagesDir;
  private final Clock clock;

  public ImageStore(Path imagesDir) {
    this(imagesDir, Clock.systemUTC());
  }

  public ImageStore(Path imagesDir, Clock clock) {
    this.imagesDir = Objects.requireNonNull(imagesDir, "imagesDir").toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Path imagesDir() {
    return imagesDir;
  }

  /**
   * What a root needs for the install agent: its tools, a kernel and an initramfs that can mount an
   * NFS root, and (with {@code withAgent}) the agent jar and its unit.
   */
  public static List<Requirement> requirements(boolean withAgent) {
    List<Requirement> r = new ArrayList<>();
    r.add(new Requirement.Program("java", List.of("java")));
    r.add(new Requirement.Program("sfdisk", List.of("sfdisk")));
    r.add(new Requirement.Program("mkfs.ext4", List.of("mkfs.ext4")));
    r.add(new Requirement.Program("tar", List.of("tar")));
    r.add(new Requirement.Program("grub-install", List.of("grub-install", "grub2-install")));
    r.add(new Requirement.Program("mount.nfs", List.of("mount.nfs")));
    r.add(new Requirement.Kernel());
    r.add(new Requirement.InitramfsModules(List.of("nfs")));
    if (withAgent) {
      r.add(new Requirement.File("agent jar", ImageLayout.AGENT_JAR_IN_ROOT));
      r.add(new Requirement.File("agent unit", "/etc/systemd/system/lui-agent.service"));
    }
    return List.copyOf(r);
  }

  /** The current version of every image, by name. Names without a current version are left out. */
  public List<Image> list() throws IOException {
    if (!Files.isDirectory(imagesDir)) {
      return List.of();
    }
    List<String> names;
    try (Stream<Path> s = Files.list(imagesDir)) {
      names =
          s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith("."))
              .sorted()
              .toList();
    }
    List<Image> out = new ArrayList<>();
    for (String n : names) {
      try {
        current(n).ifPresent(out::add);
      } catch (IOException e) {
        // An image with a broken manifest is still shown by show(), with the error.
      }
    }
    return List.copyOf(out);
  }

  /** Versions of {@code name}, oldest first. */
  public List<String> versions(String name) throws IOException {
    return ImageLayout.versions(nameDir(name));
  }

  /** The current version of {@code name}, if there is one. */
  public Optional<Image> current(String name) throws IOException {
    Path nameDir = nameDir(name);
    Optional<String> v = ImageLayout.currentVersion(nameDir);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Path dir = nameDir.resolve(v.get());
    return Optional.of(Image.at(dir, ImageManifest.read(dir.resolve(ImageManifest.FILE))));
  }

  /** The manifest of the current version of {@code name}. */
  public ImageManifest show(String name) throws IOException {
    return current(name)
        .orElseThrow(() -> new ImageException.NotFound(name, "does not exist in " + imagesDir))
        .manifest();
  }

  /**
   * Removes every version of {@code name}, unless {@code inUse} says one is in use. The image
   * disappears with one rename, then its files are deleted (links not followed).
   */
  public void remove(String name, Predicate<Image> inUse) throws IOException {
    Path nameDir = nameDir(name);
    if (!Files.isDirectory(nameDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new ImageException.NotFound(name, "does not exist in " + imagesDir);
    }
    for (String v : ImageLayout.versions(nameDir)) {
      Path dir = nameDir.resolve(v);
      ImageManifest m;
      try {
        m = ImageManifest.read(dir.resolve(ImageManifest.FILE));
      } catch (IOException e) {
        m = new ImageManifest(name, v, null, null, null, null, null, null, null, null, null);
      }
      if (inUse.test(Image.at(dir, m))) {
        throw new ImageException.InUse(name + "/" + v);
      }
    }
    List<String> mounted = ImageLayout.mountsBelow(nameDir);
    if (!mounted.isEmpty()) {
      // An exported or inspected root is bind-mounted somewhere below: deleting would go through.
      throw new IOException(
          "image "
              + name
              + " has mounts below it ("
              + String.join(", ", mounted)
              + "); unmount them first");
    }
    Path doomed = imagesDir.resolve(".removing-" + name + "-" + UUID.randomUUID());
    Files.move(nameDir, doomed, StandardCopyOption.ATOMIC_MOVE);
    TreeRemover.deleteTree(doomed);
  }

  /** {@link #importFrom(String, Path, Optional, Consumer)} without installing an agent. */
  public Image importFrom(String name, Path dirOrTarball) throws IOException {
    return importFrom(name, dirOrTarball, Optional.empty(), line -> {});
  }

  /**
   * Makes a root built elsewhere (a directory, or a tarball tar can read: .tar, .tar.gz, .tar.xz,
   * .tar.zst) a new current version of {@code name}. With {@code agentJar}, the agent, its unit and
   * helpers are installed into the copy first (the same hook a build runs). The copy is then
   * checked: everything missing is reported in one {@link ImageException.Incomplete}, and nothing
   * is left behind.
   */
  public Image importFrom(
      String name, Path dirOrTarball, Optional<Path> agentJar, Consumer<String> progress)
      throws IOException {
    ImageSpec.name(name);
    Path source = dirOrTarball.toAbsolutePath().normalize();
    if (!Files.exists(source)) {
      throw new InvalidValueException(
          "from",
          source.toString(),
          "an existing directory or tarball",
          "from " + source + " does not exist");
    }
    Path nameDir = nameDir(name);
    return ImageLayout.locked(
        nameDir, progress, () -> importLocked(name, source, nameDir, agentJar, progress));
  }

  private Image importLocked(
      String name, Path source, Path nameDir, Optional<Path> agentJar, Consumer<String> progress)
      throws IOException {
    Path finalDir;
    try {
      finalDir =
          ImageLayout.addVersion(
              nameDir,
              clock,
              requirements(true),
              (tmp, version) -> importTree(tmp, name, version, source, agentJar, progress));
    } catch (ImageException.Incomplete e) {
      throw new ImageException.Incomplete(source.toString(), e.missing());
    }
    progress.accept("lui: " + name + "/" + finalDir.getFileName() + " imported and current");
    return Image.at(finalDir, ImageManifest.read(finalDir.resolve(ImageManifest.FILE)));
  }

  /** The imported tree (copied or unpacked, then the agent hooks run if asked) as {@code tmp}. */
  private ImageManifest importTree(
      Path tmp,
      String name,
      String version,
      Path source,
      Optional<Path> agentJar,
      Consumer<String> progress)
      throws IOException {
    Files.createDirectory(tmp);
    Path root = tmp.resolve(ImageLayout.ROOT);
    if (Files.isDirectory(source)) {
      progress.accept("lui: copying " + source);
      ImageLayout.copyTree(source, root, false);
    } else {
      progress.accept("lui: unpacking " + source);
      Files.createDirectory(root);
      ImageBuilder.run(
          List.of(
              "tar", "-x", "-p", "--numeric-owner", "-f", source.toString(), "-C", root.toString()),
          progress);
    }
    if (agentJar.isPresent()) {
      Path stage = tmp.resolve("stage");
      ImageBuilder.stageHooks(stage, agentJar.get());
      ImageBuilder.run(
          List.of(
              "sh",
              stage.resolve("customize-hook.sh").toString(),
              root.toString(),
              stage.toString()),
          progress);
      TreeRemover.deleteTree(stage);
    }
    return new ImageManifest(
        name,
        version,
        "imported",
        "",
        "",
        clock.instant().toString(),
        "",
        "lui import from " + source,
        null,
        null,
        null);
  }

  /** Re-checks the current version of {@code name}: root present, every checksum matching. */
  public Verification verify(String name) throws IOException {
    Image image =
        current(name)
            .orElseThrow(() -> new ImageException.NotFound(name, "does not exist in " + imagesDir));
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(image.root(), LinkOption.NOFOLLOW_LINKS)) {
      problems.add("root " + image.root() + " is missing");
    }
    problems.addAll(ImageLayout.checksumProblems(image.dir(), image.manifest()));
    return new Verification(name, image.version(), problems);
  }

  private Path nameDir(String name) {
    return imagesDir.resolve(ImageSpec.name(name));
  }
}
