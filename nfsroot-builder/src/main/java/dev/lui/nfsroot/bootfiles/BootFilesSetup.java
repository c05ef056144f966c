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
 *       {@link dev.lui.nfsroot.boot.Grub} finds the per-MAC GRUB configs.
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

  private static final List<String> SYSLINUX_MODULES =
      List.of(
          "ldlinux.c32", "libcom32.c32", "libutil.c32", "menu.c32", "vesamenu.c32", "chain.c32");

  private final Path tftpRoot;
  private final Path sysroot;
  private final String grubMknetdir;

  /** Loaders from the running system's packages; {@code grub-mknetdir} from the PATH. */
  public BootFilesSetup(Path tftpRoot) {
    this(tftpRoot, Path.of("/"), "grub-mknetdir");
  }

  /**
   * @param sysroot where the package files live ({@code /}; a fake tree in tests)
   * @param grubMknetdir the program to build the GRUB tree with
   */
  public BootFilesSetup(Path tftpRoot, Path sysroot, String grubMknetdir) {
    this.tftpRoot = Objects.requireNonNull(tftpRoot, "tftpRoot").toAbsolutePath().normalize();
    this.sysroot = Objects.requireNonNull(sysroot, "sysroot").toAbsolutePath();
    this.grubMknetdir = Objects.requireNonNull(grubMknetdir, "grubMknetdir");
  }

  /** Installs every loader it can; never throws for a missing package, only for I/O failures. */
  public BootFilesReport run() throws IOException {
    Files.createDirectories(tftpRoot);
    Map<String, String> manifest = readManifest();
    List<LoaderResult> results = new ArrayList<>();
    results.add(copy("pxelinux.0", "pxelinux", "usr/lib/PXELINUX/pxelinux.0", manifest));
    for (String m : SYSLINUX_MODULES) {
      results.add(copy(m, "syslinux-common", "usr/lib/syslinux/modules/bios/" + m, manifest));
    }
    results.add(copy("undionly.kpxe", "ipxe", "usr/lib/ipxe/undionly.kpxe", manifest));
    results.add(copy("ipxe.efi", "ipxe", "usr/lib/ipxe/ipxe.efi", manifest));
    results.add(grub(manifest));
    writeManifest(manifest);
    BootFilesReport report = new BootFilesReport(results);
    log.info("boot files in {}: {}", tftpRoot, report.render().strip().replace('\n', ';'));
    return report;
  }

  private LoaderResult copy(String target, String pkg, String source, Map<String, String> manifest)
      throws IOException {
    Path src = sysroot.resolve(source);
    if (!Files.isRegularFile(src)) {
      return new LoaderResult(
          target, target, pkg, Outcome.MISSING, "install package " + pkg + ": no " + src);
    }
    return install(target, target, pkg, Files.readAllBytes(src), src.toString(), manifest);
  }

  private LoaderResult grub(Map<String, String> manifest) throws IOException {
    String loader = "GRUB EFI";
    Path signed = sysroot.resolve("usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed");
    if (Files.isRegularFile(signed)) {
      return install(
          loader + " (signed)",
          SIGNED_GRUB_TARGET,
          "grub-efi-amd64-signed",
          Files.readAllBytes(signed),
          signed.toString(),
          manifest);
    }
    String pkg = "grub-efi-amd64-bin";
    Path modules = sysroot.resolve("usr/lib/grub/x86_64-efi");
    if (!Files.isDirectory(modules)) {
      return new LoaderResult(
          loader,
          MKNETDIR_GRUB_TARGET,
          pkg,
          Outcome.MISSING,
          "install package " + pkg + " (or grub-efi-amd64-signed): no " + modules);
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
      Path core = staging.resolve(MKNETDIR_GRUB_TARGET);
      if (failure != null || !Files.isRegularFile(core)) {
        return new LoaderResult(
            loader + " (grub-mknetdir)",
            MKNETDIR_GRUB_TARGET,
            pkg,
            Outcome.FAILED,
            failure != null ? failure : "grub-mknetdir wrote no " + MKNETDIR_GRUB_TARGET);
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
              + modules
              + ", "
              + files.size()
              + " files under "
              + Grub.DIR
              + (backups.isEmpty() ? "" : "; " + String.join("; ", backups));
      return new LoaderResult(
          loader + " (grub-mknetdir)", MKNETDIR_GRUB_TARGET, pkg, worst, detail);
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
      return argv.get(0) + " could not be started (package grub-common?): " + e.getMessage();
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
