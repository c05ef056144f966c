package dev.lui.nfsroot.image;

import dev.lui.contract.value.InvalidValueException;
import dev.lui.io.Command;
import dev.lui.io.ProcessRunner;
import dev.lui.nfsroot.check.Checks;
import dev.lui.nfsroot.fs.TreeRemover;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Builds an install environment with mmdebstrap into {@code <images>/<name>/<version>} (see {@link
 * ImageLayout}), atomically: everything happens in {@code <name>/.tmp-<version>}, renamed into
 * place at the end, then {@code current} is switched with one rename. The hook scripts are
 * resources next to this class; {@link #stage} copies them with the agent jar for mmdebstrap.
 *
 * <p>Caching: the build input (spec without its name, hook files, agent jar) has a hash that the
 * manifest records. A version of the same image built from the same input is reused as it is. With
 * a cache directory, a hard-linked copy of each build is kept there under its {@link #baseHash}
 * (the input without the agent jar); a later build with the same base but any agent jar takes that
 * root and only copies the new jar in.
 */
public final class ImageBuilder {

  /**
   * What every image gets besides {@link ImageSpec#extraPackages()}: boot, agent and its tools.
   * netbase is not in minbase but mount.nfs needs its /etc/protocols ("Failed to find 'tcp'").
   */
  public static final List<String> BASE_PACKAGES =
      List.of(
          "systemd",
          "systemd-sysv",
          "udev",
          "linux-image-amd64",
          "initramfs-tools",
          "busybox",
          "kmod",
          "procps",
          "iproute2",
          "nfs-common",
          "fdisk",
          "util-linux",
          "e2fsprogs",
          "xfsprogs",
          "dosfstools",
          "tar",
          "zstd",
          "xz-utils",
          "gzip",
          "rpm",
          "grub-pc-bin",
          "grub-efi-amd64-bin",
          "grub2-common",
          "extlinux",
          "openjdk-17-jre-headless",
          "netbase");

  /** The resources staged for the hooks; the scripts among them are installed executable. */
  public static final List<String> HOOK_FILES =
      List.of(
          "essential-hook.sh",
          "customize-hook.sh",
          "slim-hook.sh",
          "lui-initramfs.conf",
          "lui-initramfs-hook",
          "lui-modules",
          "lui-overlay",
          "mount-noderoot",
          "run-agent",
          "lui-agent.service",
          "getty-after-agent.conf");

  /** Documentation, man pages and translations are dropped: smaller image, faster build. */
  static final List<String> DPKG_OPTIONS =
      List.of(
          "path-exclude=/usr/share/man/*",
          "path-exclude=/usr/share/info/*",
          "path-exclude=/usr/share/doc/*",
          "path-include=/usr/share/doc/*/copyright",
          "path-exclude=/usr/share/locale/*",
          "path-include=/usr/share/locale/locale.alias");

  /** Bump when the command or layout changes in a way that makes older cached images stale. */
  static final String FORMAT = "lui-image-1";

  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/+@-]*");
  private static final int LAST_LINES = 30;

  /** How to run: the mmdebstrap program, a prefix such as {@code nice -n 10}, the cache. */
  public record Options(
      String mmdebstrap, List<String> commandPrefix, Optional<Path> cacheDir, Clock clock) {
    public Options {
      Objects.requireNonNull(mmdebstrap, "mmdebstrap");
      commandPrefix = List.copyOf(commandPrefix);
      Objects.requireNonNull(cacheDir, "cacheDir");
      Objects.requireNonNull(clock, "clock");
    }

    public static Options defaults() {
      return new Options(
          "mmdebstrap", List.of("nice", "-n", "10"), Optional.empty(), Clock.systemUTC());
    }

    public Options withCacheDir(Path dir) {
      return new Options(mmdebstrap, commandPrefix, Optional.of(dir), clock);
    }
  }

  /** How a build ended: built now, an existing version of the same input, or from the cache. */
  public enum Outcome {
    BUILT,
    REUSED,
    FROM_CACHE
  }

  public record Result(Image image, Outcome outcome) {}

  private final Path imagesDir;
  private final Options options;

  public ImageBuilder(Path imagesDir) {
    this(imagesDir, Options.defaults());
  }

  public ImageBuilder(Path imagesDir, Options options) {
    this.imagesDir = Objects.requireNonNull(imagesDir, "imagesDir").toAbsolutePath().normalize();
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The packages to install, base first, without duplicates. */
  public static List<String> packages(ImageSpec spec) {
    List<String> all = new ArrayList<>(BASE_PACKAGES);
    for (String p : spec.extraPackages()) {
      if (!all.contains(p)) {
        all.add(p);
      }
    }
    return List.copyOf(all);
  }

  /**
   * The mmdebstrap argument array (without the prefix). {@code stage} holds the hook files (see
   * {@link #stage}); the hooks get the chroot as {@code $1}. Root mode as root; otherwise unshare
   * mode, which needs subuids but no privileges.
   */
  public List<String> command(ImageSpec spec, Path stage, Path root, boolean asRoot) {
    String s = safePath("stage", stage);
    List<String> cmd = new ArrayList<>();
    cmd.add(options.mmdebstrap());
    cmd.add(asRoot ? "--mode=root" : "--mode=unshare");
    cmd.add("--variant=minbase");
    cmd.add("--format=directory");
    cmd.add("--architectures=" + spec.arch());
    cmd.add("--include=" + String.join(",", packages(spec)));
    for (String o : DPKG_OPTIONS) {
      cmd.add("--dpkgopt=" + o);
    }
    // mmdebstrap runs each hook with sh -c and the chroot directory as "$1".
    cmd.add("--essential-hook=sh '" + s + "/essential-hook.sh' \"$1\" '" + s + "'");
    cmd.add("--customize-hook=sh '" + s + "/customize-hook.sh' \"$1\" '" + s + "'");
    cmd.add("--customize-hook=sh '" + s + "/slim-hook.sh' \"$1\"");
    cmd.add(spec.suite());
    cmd.add(safePath("root", root));
    cmd.add(spec.mirror());
    return List.copyOf(cmd);
  }

  /** Copies the hook files and the agent jar into {@code stage} (created if needed). */
  public static void stage(ImageSpec spec, Path stage) throws IOException {
    stageHooks(stage, requireJar(spec));
  }

  static void stageHooks(Path stage, Path agentJar) throws IOException {
    Files.createDirectories(stage);
    for (String name : HOOK_FILES) {
      Path target = stage.resolve(name);
      Files.write(target, resource(name));
      Files.setPosixFilePermissions(
          target, PosixFilePermissions.fromString(isScript(name) ? "rwxr-xr-x" : "rw-r--r--"));
    }
    Path jar = stage.resolve(ImageLayout.AGENT_JAR);
    Files.copy(agentJar, jar, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
  }

  static boolean isScript(String name) {
    return name.endsWith(".sh")
        || List.of("lui-initramfs-hook", "lui-overlay", "mount-noderoot", "run-agent")
            .contains(name);
  }

  /** One hook resource, as shipped in this jar. */
  public static byte[] resource(String name) throws IOException {
    try (InputStream in = ImageBuilder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("resource " + name + " missing from the nfsroot-builder jar");
      }
      return in.readAllBytes();
    }
  }

  /**
   * Identifies the build input: the spec except its name (two names may share one build), the hook
   * files and the agent jar. Equal hashes mean the same image would be built.
   */
  public String specHash(ImageSpec spec) throws IOException {
    return hash(spec, true);
  }

  /**
   * Like {@link #specHash} without the agent jar: the key of the build cache. The jar changes with
   * every agent build while the packages do not, so a cached root gets the new jar copied in
   * (seconds) instead of being built again (minutes).
   */
  public String baseHash(ImageSpec spec) throws IOException {
    return hash(spec, false);
  }

  private String hash(ImageSpec spec, boolean withAgent) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<String> lines = new ArrayList<>();
    lines.add(FORMAT);
    lines.add("distro=" + spec.distro());
    lines.add("suite=" + spec.suite());
    lines.add("arch=" + spec.arch());
    lines.add("mirror=" + spec.mirror());
    lines.add("packages=" + String.join(",", new TreeSet<>(packages(spec))));
    for (String name : HOOK_FILES) {
      lines.add(name + "=" + HexFormat.of().formatHex(md.digest(resource(name))));
    }
    if (withAgent) {
      lines.add("agent=" + ImageLayout.sha256(requireJar(spec)));
    }
    return HexFormat.of()
        .formatHex(md.digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Builds (or reuses) the image and makes it current. Progress lines (mmdebstrap's output and
   * lui's own "lui: ..." lines) go to {@code progress} as they come.
   */
  public Result build(ImageSpec spec, Consumer<String> progress) throws IOException {
    requireJar(spec);
    String hash = specHash(spec);
    Path nameDir = imagesDir.resolve(spec.name());
    return ImageLayout.locked(nameDir, progress, () -> buildLocked(spec, hash, nameDir, progress));
  }

  private Result buildLocked(ImageSpec spec, String hash, Path nameDir, Consumer<String> progress)
      throws IOException {
    Optional<Image> same = sameInput(nameDir, hash);
    if (same.isPresent()) {
      ImageLayout.switchCurrent(nameDir, same.get().version());
      progress.accept(
          "lui: reusing "
              + spec.name()
              + "/"
              + same.get().version()
              + ", built from the same input");
      return new Result(same.get(), Outcome.REUSED);
    }
    String base = baseHash(spec);
    Optional<Path> cached = options.cacheDir().map(d -> d.resolve(base));
    if (cached.isPresent() && Files.isRegularFile(cached.get().resolve(ImageManifest.FILE))) {
      Image image = fromCache(spec, hash, nameDir, cached.get(), progress);
      return new Result(image, Outcome.FROM_CACHE);
    }

    Path finalDir =
        ImageLayout.addVersion(
            nameDir,
            options.clock(),
            ImageStore.requirements(true),
            (tmp, version) -> {
              Files.createDirectory(tmp);
              Path stage = tmp.resolve("stage");
              stage(spec, stage);
              List<String> cmd = new ArrayList<>(options.commandPrefix());
              cmd.addAll(command(spec, stage, tmp.resolve(ImageLayout.ROOT), isRoot()));
              progress.accept(
                  "lui: building " + spec.name() + "/" + version + " with " + options.mmdebstrap());
              run(cmd, progress);
              TreeRemover.deleteTree(stage);
              return manifest(spec, version, hash, "lui " + FORMAT + " mmdebstrap");
            });
    Image image = Image.at(finalDir, ImageManifest.read(finalDir.resolve(ImageManifest.FILE)));
    progress.accept("lui: " + spec.name() + "/" + image.version() + " is current");
    if (cached.isPresent()) {
      keepInCache(finalDir, cached.get(), progress);
    }
    return new Result(image, Outcome.BUILT);
  }

  private Optional<Image> sameInput(Path nameDir, String hash) throws IOException {
    List<String> versions = new ArrayList<>(ImageLayout.versions(nameDir));
    java.util.Collections.reverse(versions);
    for (String v : versions) {
      Path dir = nameDir.resolve(v);
      try {
        ImageManifest m = ImageManifest.read(dir.resolve(ImageManifest.FILE));
        if (hash.equals(m.specHash()) && ImageLayout.checksumProblems(dir, m).isEmpty()) {
          return Optional.of(Image.at(dir, m));
        }
      } catch (IOException e) {
        // A version without a readable manifest is not a candidate; the store reports it.
      }
    }
    return Optional.empty();
  }

  private Image fromCache(
      ImageSpec spec, String hash, Path nameDir, Path cached, Consumer<String> progress)
      throws IOException {
    ImageManifest was = ImageManifest.read(cached.resolve(ImageManifest.FILE));
    Path finalDir =
        ImageLayout.addVersion(
            nameDir,
            options.clock(),
            ImageStore.requirements(true),
            (tmp, version) -> copyFromCache(spec, hash, version, cached, was, tmp));
    progress.accept(
        "lui: "
            + spec.name()
            + "/"
            + finalDir.getFileName()
            + " taken from the cache "
            + cached
            + " with this agent jar");
    return Image.at(finalDir, ImageManifest.read(finalDir.resolve(ImageManifest.FILE)));
  }

  /**
   * The cached root (hard links where the filesystem allows) with this spec's agent jar, as {@code
   * tmp}; the cache's own checksums must hold.
   */
  private ImageManifest copyFromCache(
      ImageSpec spec, String hash, String version, Path cached, ImageManifest was, Path tmp)
      throws IOException {
    ImageLayout.copyTree(cached, tmp, true);
    if (!ImageLayout.checksumProblems(tmp, was).isEmpty()) {
      throw new IOException("cached image " + cached + " fails its checksums; delete it");
    }
    // The copy shares inodes with the cache: files that change are deleted and written anew,
    // never written through the link.
    Path jar = tmp.resolve(ImageLayout.ROOT).resolve(ImageLayout.AGENT_JAR_IN_ROOT.substring(1));
    Files.delete(jar);
    Files.copy(spec.agentJar(), jar);
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    for (String f : List.of(ImageManifest.FILE, ImageLayout.KERNEL, ImageLayout.INITRD)) {
      Files.delete(tmp.resolve(f));
    }
    return manifest(
        spec, version, hash, was.builder() + ", root from the cache (built " + was.created() + ")");
  }

  /** A fresh build's manifest; the sizes, checksums and packages are filled in by finish. */
  private ImageManifest manifest(ImageSpec spec, String version, String hash, String builder) {
    return new ImageManifest(
        spec.name(),
        version,
        spec.distro(),
        spec.suite(),
        spec.arch(),
        options.clock().instant().toString(),
        hash,
        builder,
        null,
        null,
        null);
  }

  private static void keepInCache(Path built, Path cached, Consumer<String> progress) {
    Path tmp =
        cached.resolveSibling(".tmp-" + cached.getFileName() + "-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(cached.getParent());
      if (Files.exists(cached)) {
        return;
      }
      ImageLayout.copyTree(built, tmp, true);
      Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE);
      progress.accept("lui: kept a copy in the cache " + cached);
    } catch (IOException e) {
      // The image is built and current; a cache that cannot be written only costs a rebuild.
      progress.accept(
          "lui: warning: could not keep a copy in the cache " + cached + ": " + e.getMessage());
      try {
        TreeRemover.deleteTree(tmp);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  /** Image builds take what they take; their tools' output is read in the C locale. */
  private static final ProcessRunner RUNNER =
      ProcessRunner.withoutTimeout()
          .withEnvironment("LC_ALL", "C")
          .withStderrMerged()
          .withMaxOutputBytes(0);

  /** Runs {@code cmd}, every output line to {@code progress}; a non-zero exit throws. */
  static void run(List<String> cmd, Consumer<String> progress) throws IOException {
    ArrayDeque<String> last = new ArrayDeque<>();
    ProcessRunner.Result r;
    try {
      r =
          RUNNER.run(
              Command.of(cmd),
              (stream, line) -> {
                progress.accept(line);
                last.addLast(line);
                if (last.size() > LAST_LINES) {
                  last.removeFirst();
                }
              });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while running " + cmd.get(0));
    } catch (IOException e) {
      throw new ImageException.BuildFailed(
          cmd.get(0) + " could not be started (" + e.getMessage() + ")", List.of());
    }
    if (r.exitCode() != 0) {
      throw new ImageException.BuildFailed(
          String.join(" ", cmd.subList(0, Math.min(cmd.size(), 4)))
              + " ... exited with status "
              + r.exitCode(),
          List.copyOf(last));
    }
  }

  private static Path requireJar(ImageSpec spec) {
    Path jar = spec.agentJar();
    if (!Files.isRegularFile(jar)) {
      throw new InvalidValueException(
          "agentJar",
          jar.toString(),
          "an existing file (build node-agent first)",
          "agentJar "
              + Checks.quote(jar.toString())
              + " is not an existing file (build node-agent first)");
    }
    return jar;
  }

  private static String safePath(String field, Path p) {
    String s = p.toAbsolutePath().normalize().toString();
    if (!SAFE_PATH.matcher(s).matches()) {
      throw new InvalidValueException(
          field,
          s,
          "only [A-Za-z0-9._/+@-]",
          field
              + " "
              + Checks.quote(s)
              + " must use only [A-Za-z0-9._/+@-]: it is quoted into mmdebstrap's hook commands");
    }
    return s;
  }

  static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
