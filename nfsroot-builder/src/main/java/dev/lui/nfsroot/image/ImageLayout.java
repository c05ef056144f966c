package dev.lui.nfsroot.image;

import dev.lui.io.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The on-disk layout of images, shared by the builder and the store.
 *
 * <pre>
 * &lt;images&gt;/&lt;name&gt;/&lt;version&gt;/root/        the root, exported read-only
 * &lt;images&gt;/&lt;name&gt;/&lt;version&gt;/vmlinuz, initrd.img
 * &lt;images&gt;/&lt;name&gt;/&lt;version&gt;/image.json
 * &lt;images&gt;/&lt;name&gt;/current -&gt; &lt;version&gt;
 * </pre>
 */
public final class ImageLayout {
  public static final String ROOT = "root";
  public static final String KERNEL = "vmlinuz";
  public static final String INITRD = "initrd.img";
  public static final String CURRENT = "current";
  public static final String AGENT_JAR = "lui-agent.jar";

  /** Where the agent jar lives inside a root. */
  public static final String AGENT_JAR_IN_ROOT = "/usr/local/lib/lui/lui-agent.jar";

  /** Versions are UTC timestamps with milliseconds: fixed width, so string order is time order. */
  static final Pattern VERSION = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z");

  private static final DateTimeFormatter VERSION_FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern KERNEL_FILE = Pattern.compile("vmlinuz-(.+)");

  private ImageLayout() {}

  /** Version directories of an image, oldest first. */
  static List<String> versions(Path nameDir) throws IOException {
    if (!Files.isDirectory(nameDir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(nameDir)) {
      return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> p.getFileName().toString())
          .filter(n -> VERSION.matcher(n).matches())
          .sorted()
          .toList();
    }
  }

  /** A version later than every existing one, taken from the clock when it can be. */
  static String nextVersion(Path nameDir, Clock clock) throws IOException {
    String candidate = VERSION_FORMAT.format(clock.instant());
    List<String> existing = versions(nameDir);
    if (!existing.isEmpty()) {
      String last = existing.get(existing.size() - 1);
      if (candidate.compareTo(last) <= 0) {
        // A clock set back (or two builds in one millisecond) must not reuse or undercut a version.
        candidate = VERSION_FORMAT.format(parseVersion(last).plusMillis(1));
      }
    }
    return candidate;
  }

  static Instant parseVersion(String version) {
    return Instant.from(VERSION_FORMAT.parse(version));
  }

  /**
   * Points {@code <nameDir>/current} at {@code version} with one rename (readers never see none).
   */
  static void switchCurrent(Path nameDir, String version) throws IOException {
    Path tmp = nameDir.resolve(".current." + UUID.randomUUID() + ".tmp");
    Files.createSymbolicLink(tmp, Path.of(version));
    try {
      Files.move(tmp, nameDir.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** The version {@code current} points at, if it is a link to an existing version directory. */
  static Optional<String> currentVersion(Path nameDir) throws IOException {
    Path link = nameDir.resolve(CURRENT);
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    String target = Files.readSymbolicLink(link).toString();
    if (!VERSION.matcher(target).matches() || !Files.isDirectory(nameDir.resolve(target))) {
      return Optional.empty();
    }
    return Optional.of(target);
  }

  /**
   * Resolves an absolute path as the root would see it: symlinks, absolute ones included, are
   * followed inside {@code root}, never out to the host (Debian's /usr/bin/java is an absolute link
   * through /etc/alternatives).
   */
  static Optional<Path> resolveInRoot(Path root, String absolute) {
    List<String> pending = new ArrayList<>(List.of(absolute.split("/")));
    List<String> done = new ArrayList<>();
    int hops = 0;
    while (!pending.isEmpty()) {
      String part = pending.remove(0);
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      Path here = join(root, done).resolve(part);
      if (Files.isSymbolicLink(here)) {
        if (++hops > 40) {
          return Optional.empty();
        }
        String target;
        try {
          target = Files.readSymbolicLink(here).toString();
        } catch (IOException e) {
          return Optional.empty();
        }
        List<String> rest = new ArrayList<>(List.of(target.split("/")));
        if (target.startsWith("/")) {
          done.clear();
        }
        rest.addAll(pending);
        pending = rest;
        continue;
      }
      if (!Files.exists(here, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      done.add(part);
    }
    return Optional.of(join(root, done));
  }

  private static Path join(Path root, List<String> parts) {
    Path p = root;
    for (String s : parts) {
      p = p.resolve(s);
    }
    return p;
  }

  /**
   * The newest kernel in {@code root/boot} (or RHEL's /lib/modules/VER/vmlinuz) and its version.
   */
  static Optional<Kernel> findKernel(Path root) throws IOException {
    List<Kernel> found = new ArrayList<>();
    Path boot = root.resolve("boot");
    if (Files.isDirectory(boot, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> s = Files.list(boot)) {
        s.forEach(
            p -> {
              Matcher m = KERNEL_FILE.matcher(p.getFileName().toString());
              if (m.matches() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                found.add(new Kernel(m.group(1), p));
              }
            });
      }
    }
    Path modules = root.resolve("usr/lib/modules");
    if (found.isEmpty() && Files.isDirectory(modules)) {
      try (Stream<Path> s = Files.list(modules)) {
        s.forEach(
            d -> {
              Path k = d.resolve("vmlinuz");
              if (Files.isRegularFile(k, LinkOption.NOFOLLOW_LINKS)) {
                found.add(new Kernel(d.getFileName().toString(), k));
              }
            });
      }
    }
    return found.stream().max(Comparator.comparing(Kernel::version, ImageLayout::compareVersions));
  }

  /** The initramfs for a kernel version: Debian's initrd.img-VER or dracut's initramfs-VER.img. */
  static Optional<Path> findInitrd(Path root, String kernelVersion) {
    for (String name :
        List.of("initrd.img-" + kernelVersion, "initramfs-" + kernelVersion + ".img")) {
      Path p = root.resolve("boot").resolve(name);
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  record Kernel(String version, Path file) {}

  /** Compares dotted/dashed versions number by number, so 6.1.10 sorts after 6.1.9. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c;
      if (x[i].matches("\\d{1,18}") && y[i].matches("\\d{1,18}")) {
        c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
      } else {
        c = x[i].compareTo(y[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Bytes in regular files below {@code dir}, links not followed. */
  static long treeSize(Path dir) throws IOException {
    long[] total = {0};
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              total[0] += attrs.size();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            return FileVisitResult.CONTINUE;
          }
        });
    return total[0];
  }

  /**
   * Installed packages as "name version" lines, read from the root's dpkg status file (what {@code
   * dpkg-query --admindir=ROOT/var/lib/dpkg -W} prints, without needing dpkg on the host).
   */
  static List<String> dpkgPackages(Path root) throws IOException {
    Path status = root.resolve("var/lib/dpkg/status");
    if (!Files.isRegularFile(status)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    String pkg = null;
    String version = null;
    boolean installed = false;
    for (String line : Files.readAllLines(status)) {
      if (line.isBlank()) {
        if (pkg != null && installed) {
          out.add(pkg + " " + Optional.ofNullable(version).orElse(""));
        }
        pkg = null;
        version = null;
        installed = false;
      } else if (line.startsWith("Package: ")) {
        pkg = line.substring(9).trim();
      } else if (line.startsWith("Version: ")) {
        version = line.substring(9).trim();
      } else if (line.startsWith("Status: ")) {
        installed = line.endsWith(" installed");
      }
    }
    if (pkg != null && installed) {
      out.add(pkg + " " + Optional.ofNullable(version).orElse(""));
    }
    out.sort(null);
    return List.copyOf(out);
  }

  /**
   * Completes a built or imported image in {@code dir} (which holds {@code root/}): copies the
   * kernel and initramfs next to the root, checks the root against {@code requirements}, and writes
   * {@code image.json} from {@code base} plus sizes, checksums and packages.
   */
  static ImageManifest finish(Path dir, ImageManifest base, List<Requirement> requirements)
      throws IOException {
    Path root = dir.resolve(ROOT);
    List<String> missing = Requirement.check(root, requirements);
    if (!missing.isEmpty()) {
      throw new ImageException.Incomplete("root " + root, missing);
    }
    Kernel kernel = findKernel(root).orElseThrow();
    Path initrd = findInitrd(root, kernel.version()).orElseThrow();
    Path kernelCopy = dir.resolve(KERNEL);
    Path initrdCopy = dir.resolve(INITRD);
    Files.copy(kernel.file(), kernelCopy, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(initrd, initrdCopy, StandardCopyOption.REPLACE_EXISTING);
    // Served by TFTP/HTTP as another user: readable by all, whatever the distribution's mode.
    Files.setPosixFilePermissions(kernelCopy, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(initrdCopy, PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, Long> sizes = new TreeMap<>();
    Map<String, String> sums = new TreeMap<>();
    sizes.put(ROOT, treeSize(root));
    sizes.put(KERNEL, Files.size(kernelCopy));
    sizes.put(INITRD, Files.size(initrdCopy));
    sums.put(KERNEL, sha256(kernelCopy));
    sums.put(INITRD, sha256(initrdCopy));
    Optional<Path> jar = resolveInRoot(root, AGENT_JAR_IN_ROOT);
    if (jar.isPresent() && Files.isRegularFile(jar.get())) {
      sizes.put(AGENT_JAR, Files.size(jar.get()));
      sums.put(AGENT_JAR, sha256(jar.get()));
    }
    ImageManifest m =
        new ImageManifest(
            base.name(),
            base.version(),
            base.distro(),
            base.suite(),
            base.arch(),
            base.created(),
            base.specHash(),
            base.builder(),
            sizes,
            sums,
            dpkgPackages(root));
    Files.writeString(dir.resolve(ImageManifest.FILE), m.toJson());
    return m;
  }

  /** Checksum mismatches and missing files of the image in {@code dir}; empty when it is intact. */
  static List<String> checksumProblems(Path dir, ImageManifest m) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(m.sha256()).entrySet()) {
      Optional<Path> file =
          e.getKey().equals(AGENT_JAR)
              ? resolveInRoot(dir.resolve(ROOT), AGENT_JAR_IN_ROOT)
              : Optional.of(dir.resolve(e.getKey())).filter(Files::isRegularFile);
      if (file.isEmpty() || !Files.isRegularFile(file.get())) {
        problems.add(e.getKey() + " is missing");
      } else {
        String actual = sha256(file.get());
        if (!actual.equals(e.getValue())) {
          problems.add(
              e.getKey() + " has sha256 " + actual + ", the manifest says " + e.getValue());
        }
      }
    }
    return problems;
  }

  /**
   * Copies a tree with {@code cp -a} (owners, modes, links, device nodes kept). With {@code
   * hardLinks}, files are hard-linked ({@code cp -al}: instant, no space), falling back to a
   * reflink-or-copy when the two are on different filesystems. {@code to} must not exist.
   */
  static void copyTree(Path from, Path to, boolean hardLinks) throws IOException {
    if (hardLinks && runQuietly(List.of("cp", "-al", "--", from.toString(), to.toString()))) {
      return;
    }
    if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
      dev.lui.nfsroot.fs.TreeRemover.deleteTree(to);
    }
    if (!runQuietly(List.of("cp", "-a", "--reflink=auto", "--", from.toString(), to.toString()))) {
      throw new IOException("cp -a " + from + " " + to + " failed");
    }
  }

  private static boolean runQuietly(List<String> cmd) throws IOException {
    try {
      return QUIET.run(cmd).exitCode() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted: " + String.join(" ", cmd));
    }
  }

  /** Output dropped, no timeout (an unmount takes what it takes). */
  private static final ProcessRunner QUIET = ProcessRunner.withoutTimeout().withMaxOutputBytes(0);

  /** Writes {@code version}'s tree into {@code tmp}; returns its manifest for {@link #finish}. */
  interface VersionFill {
    ImageManifest fill(Path tmp, String version) throws IOException;
  }

  /**
   * Adds the {@link #nextVersion next version} under {@code nameDir} and makes it current, all or
   * nothing: {@code fill} writes the tree into {@code <nameDir>/.tmp-<version>} (which does not
   * exist yet), then it is {@link #finish finished} against {@code requirements}, renamed into
   * place and {@code current} switched to it. On any failure the temp tree is deleted, the failure
   * rethrown, and the image is as it was. Call it under {@link #locked}.
   *
   * @return the new version's directory
   */
  static Path addVersion(
      Path nameDir, Clock clock, List<Requirement> requirements, VersionFill fill)
      throws IOException {
    String version = nextVersion(nameDir, clock);
    Path tmp = nameDir.resolve(".tmp-" + version);
    Path finalDir = nameDir.resolve(version);
    try {
      finish(tmp, fill.fill(tmp, version), requirements);
      Files.move(tmp, finalDir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | Error e) {
      deleteBuildTree(tmp);
      throw e;
    }
    switchCurrent(nameDir, version);
    return finalDir;
  }

  /** A body that may throw IOException, run under {@link #locked}. */
  interface LockedBody<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code body} holding an exclusive lock on {@code <nameDir>/.lock}, so two builds or
   * imports of one image (from two processes) never interleave. Under the lock no other build can
   * be running, so temp directories left by a killed one ({@code .tmp-*}) are removed first.
   */
  static <T> T locked(
      Path nameDir, java.util.function.Consumer<String> progress, LockedBody<T> body)
      throws IOException {
    Files.createDirectories(nameDir);
    try (java.nio.channels.FileChannel ch =
            java.nio.channels.FileChannel.open(
                nameDir.resolve(".lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock = ch.lock()) {
      try (Stream<Path> s = Files.list(nameDir)) {
        for (Path stale : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
          progress.accept("lui: removing " + stale + ", left by an interrupted build");
          deleteBuildTree(stale);
        }
      }
      return body.run();
    }
  }

  /**
   * Deletes a build or import directory. mmdebstrap (root mode) mounts /proc, /sys and /dev inside
   * the root it builds; if it was killed those mounts can remain, and deleting through them would
   * delete the host's files. So any mount below {@code dir} is unmounted first (lazily), and if one
   * cannot be, nothing is deleted.
   */
  static void deleteBuildTree(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    List<String> below = mountsBelow(abs);
    for (String m : below) {
      runQuietly(List.of("umount", "-l", m));
    }
    List<String> left = mountsBelow(abs);
    if (!left.isEmpty()) {
      throw new IOException(
          "not deleting " + abs + ": still mounted below it: " + String.join(", ", left));
    }
    dev.lui.nfsroot.fs.TreeRemover.deleteTree(abs);
  }

  /** Mount points strictly below {@code dir}, deepest first. */
  static List<String> mountsBelow(Path dir) throws IOException {
    Path mounts = Path.of("/proc/self/mounts");
    if (!Files.isReadable(mounts)) {
      return List.of();
    }
    String prefix = dir.toString() + "/";
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(mounts)) {
      String[] f = line.split(" ");
      if (f.length > 1) {
        String point = f[1].replace("\\040", " ");
        if (point.startsWith(prefix)) {
          out.add(point);
        }
      }
    }
    out.sort(Comparator.comparingInt(String::length).reversed());
    return out;
  }
}
