package dev.lui.nfsroot.bootfiles;

import dev.lui.io.AtomicWriter;
import dev.lui.io.FileModes;
import dev.lui.io.ProcessRunner;
import dev.lui.nfsroot.boot.Grub;
import dev.lui.nfsroot.fs.SafeDirectories;
import dev.lui.nfsroot.fs.TreeRemover;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lui boot-files setup}: puts the first-stage loaders from installed distribution packages
 * into the TFTP root, and says which package to install for each one that is missing.
 *
 * <ul>
 *   <li>BIOS: {@code pxelinux.0} (package pxelinux) and its modules {@code ldlinux.c32}, {@code
 *       libcom32.c32}, {@code libutil.c32}, {@code menu.c32}, {@code vesamenu.c32}, {@code
 *       chain.c32} (syslinux-common);
 *   <li>iPXE: {@code undionly.kpxe} and {@code ipxe.efi} (ipxe);
 *   <li>UEFI GRUB: the signed {@code grubnetx64.efi} (grub-efi-amd64-signed) if installed, else a
 *       tree built with {@code grub-mknetdir --subdir=boot/grub} from grub-efi-amd64-bin, whose
 *       image is {@code boot/grub/x86_64-efi/core.efi} with its prefix at {@code boot/grub}, where
 *       {@link dev.lui.nfsroot.boot.Grub} finds the per-MAC GRUB configs;
 *   <li>ARM64 UEFI GRUB, optional: {@code grubnetaa64.efi} (grub-efi-arm64-signed), else a {@code
 *       boot/grub/arm64-efi} tree from grub-efi-arm64-bin. Those are arm64 packages, so an amd64
 *       head node takes them from downloaded .deb files ({@code --from-deb}), unpacked with {@code
 *       dpkg-deb -x} into a scratch directory that is searched after the system.
 * </ul>
 *
 * Every file is written atomically. What lui wrote is recorded (SHA-256) in {@value #MANIFEST}; a
 * file in the way that lui did not write, or that was changed since, is kept as {@code
 * NAME.lui-backup} (then {@code .lui-backup.1}, ...) before it is replaced. Idempotent.
 */
public final class BootFilesSetup {
  private static final Logger log = LoggerFactory.getLogger(BootFilesSetup.class);

  /** Records {@code SHA256 PATH} of every file lui installed, relative to the TFTP root. */
  public static final String MANIFEST = ".lui-bootfiles.sha256";

  public static final String BACKUP_SUFFIX = ".lui-backup";
  public static final String SIGNED_GRUB_TARGET = "grubnetx64.efi";
  public static final String MKNETDIR_GRUB_TARGET = Grub.DIR + "/x86_64-efi/core.efi";
  public static final String SIGNED_GRUB_ARM64_TARGET = "grubnetaa64.efi";
  public static final String MKNETDIR_GRUB_ARM64_TARGET = Grub.DIR + "/arm64-efi/core.efi";

  /** One GRUB EFI platform: its signed image and the modules to build an unsigned one from. */
  private record GrubPlatform(
      String loader, String dir, String signedImage, String signedPkg, String binPkg) {
    String signedTarget() {
      return signedImage.replace(".efi.signed", ".efi");
    }

    String mknetdirTarget() {
      return Grub.DIR + "/" + dir + "/core.efi";
    }
  }

  private static final GrubPlatform X86_64 =
      new GrubPlatform(
          "GRUB EFI",
          "x86_64-efi",
          "grubnetx64.efi.signed",
          "grub-efi-amd64-signed",
          "grub-efi-amd64-bin");
  private static final GrubPlatform ARM64 =
      new GrubPlatform(
          "GRUB ARM64 EFI",
          "arm64-efi",
          "grubnetaa64.efi.signed",
          "grub-efi-arm64-signed",
          "grub-efi-arm64-bin");

  private static final List<String> SYSLINUX_MODULES =
      List.of(
          "ldlinux.c32", "libcom32.c32", "libutil.c32", "menu.c32", "vesamenu.c32", "chain.c32");

  private final Path tftpRoot;
  private final Path sysroot;
  private final String grubMknetdir;
  private final List<Path> debs;

  /** Where each unpacked .deb is, for messages that name the file the admin gave. */
  private final Map<Path, Path> unpackedDebs = new java.util.HashMap<>();

  /** Loaders from the running system's packages; {@code grub-mknetdir} from the PATH. */
  public BootFilesSetup(Path tftpRoot) {
    this(tftpRoot, Path.of("/"), "grub-mknetdir");
  }

  /**
   * @param sysroot where the package files live ({@code /}; a fake tree in tests)
   * @param grubMknetdir the program to build the GRUB tree with
   */
  public BootFilesSetup(Path tftpRoot, Path sysroot, String grubMknetdir) {
    this(tftpRoot, sysroot, grubMknetdir, List.of());
  }

  /**
   * @param debs Debian packages to take loaders from too (searched after the sysroot), such as
   *     grub-efi-arm64-signed downloaded on an amd64 head node
   */
  public BootFilesSetup(Path tftpRoot, Path sysroot, String grubMknetdir, List<Path> debs) {
    this.tftpRoot = Objects.requireNonNull(tftpRoot, "tftpRoot").toAbsolutePath().normalize();
    this.sysroot = Objects.requireNonNull(sysroot, "sysroot").toAbsolutePath();
    this.grubMknetdir = Objects.requireNonNull(grubMknetdir, "grubMknetdir");
    this.debs = List.copyOf(debs);
  }

  /** Installs every loader it can; never throws for a missing package, only for I/O failures. */
  public BootFilesReport run() throws IOException {
    Files.createDirectories(tftpRoot);
    Map<String, String> manifest = readManifest();
    List<LoaderResult> results = new ArrayList<>();
    List<Path> roots = new ArrayList<>(List.of(sysroot));
    Path unpacked = debs.isEmpty() ? null : Files.createTempDirectory(tftpRoot, ".lui-debs");
    try {
      for (Path deb : debs) {
        Path dir = unpack(deb, unpacked);
        unpackedDebs.put(dir, deb);
        roots.add(dir);
      }
      results.add(copy("pxelinux.0", "pxelinux", "usr/lib/PXELINUX/pxelinux.0", roots, manifest));
      for (String m : SYSLINUX_MODULES) {
        results.add(
            copy(m, "syslinux-common", "usr/lib/syslinux/modules/bios/" + m, roots, manifest));
      }
      results.add(copy("undionly.kpxe", "ipxe", "usr/lib/ipxe/undionly.kpxe", roots, manifest));
      results.add(copy("ipxe.efi", "ipxe", "usr/lib/ipxe/ipxe.efi", roots, manifest));
      results.add(grub(X86_64, roots, manifest));
      results.add(optional(ARM64, grub(ARM64, roots, manifest)));
    } finally {
      if (unpacked != null) {
        TreeRemover.deleteTree(unpacked);
      }
    }
    writeManifest(manifest);
    BootFilesReport report = new BootFilesReport(results);
    log.info("boot files in {}: {}", tftpRoot, report.render().strip().replace('\n', ';'));
    return report;
  }

  /** {@code dpkg-deb -x DEB DIR/N}: the package's files, never its scripts. */
  private static Path unpack(Path deb, Path parent) throws IOException {
    if (!Files.isRegularFile(deb)) {
      throw new IOException("--from-deb " + deb + ": no such file");
    }
    Path dir = Files.createTempDirectory(parent, "deb");
    String failure = runQuietly(List.of("dpkg-deb", "-x", deb.toString(), dir.toString()));
    if (failure != null) {
      throw new IOException("--from-deb " + deb + ": not a Debian package (" + failure + ")");
    }
    return dir;
  }

  /** The first root holding {@code rel} as {@code kind} (a file or a directory), else the first. */
  private static Path find(List<Path> roots, String rel, boolean directory) {
    for (Path root : roots) {
      Path p = root.resolve(rel);
      if (directory ? Files.isDirectory(p) : Files.isRegularFile(p)) {
        return p;
      }
    }
    return roots.get(0).resolve(rel);
  }

  /** {@code FILE.deb:/usr/...} for a file from an unpacked package, else the path. */
  private String origin(Path file) {
    for (Map.Entry<Path, Path> e : unpackedDebs.entrySet()) {
      if (file.startsWith(e.getKey())) {
        return e.getValue() + ":/" + e.getKey().relativize(file);
      }
    }
    return file.toString();
  }

  /**
   * An ARM64 loader nobody installed is no fault: most sites have no ARM64 nodes. One installed
   * from a .deb on an earlier run stays (the package is not on the system to compare with).
   */
  private LoaderResult optional(GrubPlatform platform, LoaderResult r) {
    if (r.outcome() != Outcome.MISSING) {
      return r;
    }
    for (String kept : List.of(platform.signedTarget(), platform.mknetdirTarget())) {
      if (Files.isRegularFile(tftpRoot.resolve(kept), LinkOption.NOFOLLOW_LINKS)) {
        return new LoaderResult(
            r.loader(),
            kept,
            r.pkg(),
            Outcome.UNCHANGED,
            "kept from an earlier run; no " + platform.signedPkg() + " given this time");
      }
    }
    return new LoaderResult(
        r.loader(),
        r.target(),
        r.pkg(),
        Outcome.ABSENT,
        "for ARM64 UEFI nodes only: apt-get download grub-efi-arm64-signed:arm64 (after dpkg"
            + " --add-architecture arm64 && apt-get update), then lui boot-files setup --from-deb"
            + " grub-efi-arm64-signed_*_arm64.deb");
  }

  private LoaderResult copy(
      String target, String pkg, String source, List<Path> roots, Map<String, String> manifest)
      throws IOException {
    Path src = find(roots, source, false);
    if (!Files.isRegularFile(src)) {
      return new LoaderResult(
          target, target, pkg, Outcome.MISSING, "install package " + pkg + ": no " + src);
    }
    return install(target, target, pkg, Files.readAllBytes(src), origin(src), manifest);
  }

  private LoaderResult grub(GrubPlatform platform, List<Path> roots, Map<String, String> manifest)
      throws IOException {
    String loader = platform.loader();
    Path signed =
        find(roots, "usr/lib/grub/" + platform.dir() + "-signed/" + platform.signedImage(), false);
    if (Files.isRegularFile(signed)) {
      return install(
          loader + " (signed)",
          platform.signedTarget(),
          platform.signedPkg(),
          Files.readAllBytes(signed),
          origin(signed),
          manifest);
    }
    String pkg = platform.binPkg();
    String target = platform.mknetdirTarget();
    Path modules = find(roots, "usr/lib/grub/" + platform.dir(), true);
    if (!Files.isDirectory(modules)) {
      return new LoaderResult(
          loader,
          target,
          pkg,
          Outcome.MISSING,
          "install package " + pkg + " (or " + platform.signedPkg() + "): no " + modules);
    }
    // Build in a staging dir on the same filesystem, then install file by file with the same
    // backup rules, so a half-built tree never replaces a working one.
    Path staging = Files.createTempDirectory(tftpRoot, ".lui-grub-staging");
    try {
      String failure =
          runQuietly(
              List.of(
                  grubMknetdir,
                  "--net-directory=" + staging,
                  "--subdir=" + Grub.DIR,
                  "-d",
                  modules.toString()));
      Path core = staging.resolve(target);
      if (failure != null || !Files.isRegularFile(core)) {
        return new LoaderResult(
            loader + " (grub-mknetdir)",
            target,
            pkg,
            Outcome.FAILED,
            failure != null ? failure : "grub-mknetdir wrote no " + target);
      }
      List<Path> files;
      try (Stream<Path> s = Files.walk(staging.resolve("boot"))) {
        files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
      }
      Outcome worst = Outcome.UNCHANGED;
      List<String> backups = new ArrayList<>();
      for (Path f : files) {
        String rel = staging.relativize(f).toString();
        LoaderResult r = install(rel, rel, pkg, Files.readAllBytes(f), f.toString(), manifest);
        if (r.outcome() == Outcome.REPLACED_WITH_BACKUP) {
          backups.add(r.detail());
        }
        worst = worse(worst, r.outcome());
      }
      String detail =
          "grub-mknetdir from "
              + origin(modules)
              + ", "
              + files.size()
              + " files under "
              + Grub.DIR
              + (backups.isEmpty() ? "" : "; " + String.join("; ", backups));
      return new LoaderResult(loader + " (grub-mknetdir)", target, pkg, worst, detail);
    } finally {
      TreeRemover.deleteTree(staging);
    }
  }

  private static Outcome worse(Outcome a, Outcome b) {
    List<Outcome> order =
        List.of(Outcome.UNCHANGED, Outcome.UPDATED, Outcome.COPIED, Outcome.REPLACED_WITH_BACKUP);
    return order.indexOf(b) > order.indexOf(a) ? b : a;
  }

  private LoaderResult install(
      String loader,
      String target,
      String pkg,
      byte[] content,
      String from,
      Map<String, String> manifest)
      throws IOException {
    Path dest = tftpRoot.resolve(target).normalize();
    SafeDirectories.ensureDirectory(tftpRoot, dest.getParent(), FileModes.MODE_0755);
    String newHash = sha256(content);
    Outcome outcome;
    String detail = "from " + from;
    if (Files.isSymbolicLink(dest) || Files.isDirectory(dest)) {
      throw new IOException(dest + " is a symlink or a directory; lui will not replace it");
    }
    if (!Files.exists(dest)) {
      outcome = Outcome.COPIED;
    } else {
      String current = sha256(Files.readAllBytes(dest));
      if (current.equals(newHash)) {
        manifest.put(target, newHash);
        return new LoaderResult(loader, target, pkg, Outcome.UNCHANGED, detail);
      }
      if (current.equals(manifest.get(target))) {
        outcome = Outcome.UPDATED;
      } else {
        Path backup = freeBackupName(dest);
        AtomicWriter.write(
            backup, Files.readAllBytes(dest), FileModes.MODE_0644, AtomicWriter.Option.FSYNC);
        outcome = Outcome.REPLACED_WITH_BACKUP;
        detail = "kept the previous file as " + tftpRoot.relativize(backup) + ", " + detail;
      }
    }
    AtomicWriter.write(dest, content, FileModes.MODE_0644, AtomicWriter.Option.FSYNC);
    manifest.put(target, newHash);
    return new LoaderResult(loader, target, pkg, outcome, detail);
  }

  private static Path freeBackupName(Path dest) {
    Path b = dest.resolveSibling(dest.getFileName() + BACKUP_SUFFIX);
    for (int i = 1; Files.exists(b, LinkOption.NOFOLLOW_LINKS); i++) {
      b = dest.resolveSibling(dest.getFileName() + BACKUP_SUFFIX + "." + i);
    }
    return b;
  }

  private Map<String, String> readManifest() throws IOException {
    Map<String, String> m = new TreeMap<>();
    Path f = tftpRoot.resolve(MANIFEST);
    if (Files.isRegularFile(f)) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        int sep = line.indexOf("  ");
        if (sep == 64) {
          m.put(line.substring(sep + 2), line.substring(0, sep));
        }
      }
    }
    return m;
  }

  private void writeManifest(Map<String, String> manifest) throws IOException {
    StringBuilder sb = new StringBuilder();
    manifest.forEach((path, hash) -> sb.append(hash).append("  ").append(path).append('\n'));
    AtomicWriter.write(
        tftpRoot.resolve(MANIFEST),
        sb.toString().getBytes(StandardCharsets.UTF_8),
        FileModes.MODE_0644,
        AtomicWriter.Option.FSYNC);
  }

  /** Runs argv; null on success, else a one-line reason. */
  private static String runQuietly(List<String> argv) throws IOException {
    ProcessRunner.Result r;
    try {
      r = new ProcessRunner(Duration.ofSeconds(300)).run(argv);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + argv.get(0), e);
    } catch (IOException e) {
      // grub-mknetdir ships in grub-common, apart from the modules in grub-efi-amd64-bin.
      String hint = argv.get(0).equals("dpkg-deb") ? "" : " (package grub-common?)";
      return argv.get(0) + " could not be started" + hint + ": " + e.getMessage();
    }
    if (r.timedOut()) {
      return argv.get(0) + " did not finish within 300 s";
    }
    if (r.exitCode() != 0) {
      return argv.get(0) + " exited " + r.exitCode() + ": " + r.output().strip().replace('\n', ' ');
    }
    return null;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
