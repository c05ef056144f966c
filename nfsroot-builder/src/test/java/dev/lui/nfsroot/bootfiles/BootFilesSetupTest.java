package dev.lui.nfsroot.bootfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.nfsroot.fs.UnsafePathException;
import dev.lui.testkit.RealTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootFilesSetupTest {
  @TempDir Path tmp;
  Path sys;
  Path tftp;

  private static final List<String> BIOS =
      List.of(
          "pxelinux.0",
          "ldlinux.c32",
          "libcom32.c32",
          "libutil.c32",
          "menu.c32",
          "vesamenu.c32",
          "chain.c32");

  @BeforeEach
  void fakePackages() throws IOException {
    sys = tmp.resolve("sys");
    tftp = tmp.resolve("tftp");
    put("usr/lib/PXELINUX/pxelinux.0", "pxelinux v1");
    for (String m : BIOS.subList(1, BIOS.size())) {
      put("usr/lib/syslinux/modules/bios/" + m, "module " + m);
    }
    put("usr/lib/ipxe/undionly.kpxe", "undionly");
    put("usr/lib/ipxe/ipxe.efi", "ipxe efi");
  }

  private BootFilesSetup setup() {
    return new BootFilesSetup(tftp, sys, "grub-mknetdir");
  }

  @Test
  void copiesEveryLoaderAndNamesThePackageOfTheMissingOnes() throws IOException {
    BootFilesReport report = setup().run();
    Map<String, LoaderResult> byTarget = byTarget(report);
    for (String f : BIOS) {
      assertThat(byTarget.get(f).outcome()).as(f).isEqualTo(Outcome.COPIED);
    }
    assertThat(tftp.resolve("pxelinux.0")).hasContent("pxelinux v1");
    assertThat(tftp.resolve("ldlinux.c32")).hasContent("module ldlinux.c32");
    assertThat(tftp.resolve("undionly.kpxe")).hasContent("undionly");
    assertThat(tftp.resolve("ipxe.efi")).hasContent("ipxe efi");
    LoaderResult grub = byTarget.get(BootFilesSetup.MKNETDIR_GRUB_TARGET);
    assertThat(grub.outcome()).isEqualTo(Outcome.MISSING);
    assertThat(grub.line()).contains("install package grub-efi-amd64-bin");
    assertThat(report.complete()).isFalse();
    assertThat(report.missingPackages()).containsExactly("grub-efi-amd64-bin");
    assertThat(report.grubEfiImage()).isEmpty();
    try (Stream<Path> s = Files.list(tftp)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".lui-") && !n.equals(BootFilesSetup.MANIFEST));
    }
  }

  @Test
  void aSecondRunChangesNothing() throws IOException {
    setup().run();
    Object inode = Files.getAttribute(tftp.resolve("pxelinux.0"), "unix:ino");
    BootFilesReport again = setup().run();
    assertThat(again.results())
        .filteredOn(r -> r.outcome() != Outcome.MISSING && r.outcome() != Outcome.ABSENT)
        .allMatch(r -> r.outcome() == Outcome.UNCHANGED);
    assertThat(Files.getAttribute(tftp.resolve("pxelinux.0"), "unix:ino")).isEqualTo(inode);
  }

  @Test
  void anUpgradedPackageReplacesLuisOwnCopyWithoutBackup() throws IOException {
    setup().run();
    put("usr/lib/PXELINUX/pxelinux.0", "pxelinux v2");
    LoaderResult r = byTarget(setup().run()).get("pxelinux.0");
    assertThat(r.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(tftp.resolve("pxelinux.0")).hasContent("pxelinux v2");
    assertThat(tftp.resolve("pxelinux.0" + BootFilesSetup.BACKUP_SUFFIX)).doesNotExist();
  }

  @Test
  void aFileTheAdminChangedIsKeptAsABackupBeforeItIsReplaced() throws IOException {
    setup().run();
    Files.writeString(tftp.resolve("pxelinux.0"), "admin's patched build");
    LoaderResult r = byTarget(setup().run()).get("pxelinux.0");
    assertThat(r.outcome()).isEqualTo(Outcome.REPLACED_WITH_BACKUP);
    assertThat(r.detail()).contains("pxelinux.0.lui-backup");
    assertThat(tftp.resolve("pxelinux.0.lui-backup")).hasContent("admin's patched build");
    assertThat(tftp.resolve("pxelinux.0")).hasContent("pxelinux v1");

    Files.writeString(tftp.resolve("pxelinux.0"), "second edit");
    setup().run();
    assertThat(tftp.resolve("pxelinux.0.lui-backup")).hasContent("admin's patched build");
    assertThat(tftp.resolve("pxelinux.0.lui-backup.1")).hasContent("second edit");
  }

  @Test
  void aFileLuiNeverWroteIsBackedUpToo() throws IOException {
    Files.createDirectories(tftp);
    Files.writeString(tftp.resolve("undionly.kpxe"), "built by the admin");
    LoaderResult r = byTarget(setup().run()).get("undionly.kpxe");
    assertThat(r.outcome()).isEqualTo(Outcome.REPLACED_WITH_BACKUP);
    assertThat(tftp.resolve("undionly.kpxe.lui-backup")).hasContent("built by the admin");
  }

  @Test
  void missingIpxeIsReportedWithItsPackage() throws IOException {
    Files.delete(sys.resolve("usr/lib/ipxe/undionly.kpxe"));
    Files.delete(sys.resolve("usr/lib/ipxe/ipxe.efi"));
    BootFilesReport report = setup().run();
    assertThat(byTarget(report).get("undionly.kpxe").line())
        .startsWith("undionly.kpxe: missing (install package ipxe");
    assertThat(report.missingPackages()).containsExactly("grub-efi-amd64-bin", "ipxe");
    assertThat(tftp.resolve("undionly.kpxe")).doesNotExist();
  }

  @Test
  void theSignedGrubImageIsPreferred() throws IOException {
    put("usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed", "signed grub");
    BootFilesReport report = setup().run();
    assertThat(byTarget(report).get("grubnetx64.efi").outcome()).isEqualTo(Outcome.COPIED);
    assertThat(tftp.resolve("grubnetx64.efi")).hasContent("signed grub");
    assertThat(report.grubEfiImage()).contains("grubnetx64.efi");
    assertThat(report.complete()).isTrue();
  }

  @Test
  void withoutAnArm64PackageTheArm64LoaderIsAbsentNotMissingAndSaysHowToGetIt() throws IOException {
    put("usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed", "signed grub");
    BootFilesReport report = setup().run();
    LoaderResult arm = byTarget(report).get("boot/grub/arm64-efi/core.efi");
    assertThat(arm.outcome()).isEqualTo(Outcome.ABSENT);
    assertThat(arm.detail())
        .contains("apt-get download grub-efi-arm64-signed:arm64")
        .contains("--from-deb");
    assertThat(report.complete()).isTrue();
    assertThat(report.missingPackages()).isEmpty();
    assertThat(report.grubArm64Image()).isEmpty();
  }

  @Test
  void theArm64SignedImageIsTakenFromADebFileWithoutInstallingIt() throws Exception {
    RealTools.program("dpkg-deb");
    Path pkg = tmp.resolve("pkg");
    Path image = pkg.resolve("usr/lib/grub/arm64-efi-signed/grubnetaa64.efi.signed");
    Files.createDirectories(image.getParent());
    Files.writeString(image, "arm64 signed grub");
    Files.createDirectories(pkg.resolve("DEBIAN"));
    Files.writeString(
        pkg.resolve("DEBIAN/control"),
        "Package: grub-efi-arm64-signed\nVersion: 1\nArchitecture: arm64\n"
            + "Maintainer: lui tests <t@example.org>\nDescription: test package\n");
    Path deb = tmp.resolve("grub-efi-arm64-signed_1_arm64.deb");
    Process p =
        new ProcessBuilder("dpkg-deb", "--root-owner-group", "-b", pkg.toString(), deb.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();

    BootFilesReport report = new BootFilesSetup(tftp, sys, "grub-mknetdir", List.of(deb)).run();
    LoaderResult arm = byTarget(report).get("grubnetaa64.efi");
    assertThat(arm.outcome()).isEqualTo(Outcome.COPIED);
    assertThat(arm.loader()).isEqualTo("GRUB ARM64 EFI (signed)");
    assertThat(tftp.resolve("grubnetaa64.efi")).hasContent("arm64 signed grub");
    assertThat(report.grubArm64Image()).contains("grubnetaa64.efi");
    assertThat(arm.detail())
        .isEqualTo("from " + deb + ":/" + image.subpath(pkg.getNameCount(), image.getNameCount()));
    assertThat(report.grubEfiImage()).as("x86-64 is a separate loader").isEmpty();
    BootFilesReport again = setup().run();
    assertThat(again.grubArm64Image())
        .as("kept on a run without the .deb")
        .contains("grubnetaa64.efi");
    assertThat(byTarget(again).get("grubnetaa64.efi").outcome()).isEqualTo(Outcome.UNCHANGED);
    try (Stream<Path> s = Files.list(tftp)) {
      assertThat(s.map(f -> f.getFileName().toString()))
          .as("the unpacked package is gone")
          .noneMatch(n -> n.startsWith(".lui-debs"));
    }
  }

  @Test
  void aFileThatIsNotADebianPackageIsRefusedNamingIt() throws IOException {
    RealTools.program("dpkg-deb");
    Path notDeb = tmp.resolve("notes.deb");
    Files.writeString(notDeb, "not an ar archive");
    assertThatThrownBy(() -> new BootFilesSetup(tftp, sys, "grub-mknetdir", List.of(notDeb)).run())
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("--from-deb " + notDeb + ": not a Debian package");
    try (Stream<Path> s = Files.list(tftp)) {
      assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".lui-debs"));
    }
  }

  @Test
  void aFailingGrubMknetdirIsReportedAndLeavesNoStaging() throws IOException {
    Files.createDirectories(sys.resolve("usr/lib/grub/x86_64-efi"));
    BootFilesReport report = new BootFilesSetup(tftp, sys, "false").run();
    LoaderResult grub = byTarget(report).get(BootFilesSetup.MKNETDIR_GRUB_TARGET);
    assertThat(grub.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(grub.detail()).contains("false exited 1");
    assertThat(tftp.resolve("boot")).doesNotExist();
    try (Stream<Path> s = Files.list(tftp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging"));
    }
  }

  @Test
  void aMissingGrubMknetdirProgramIsReportedWithItsPackage() throws IOException {
    Files.createDirectories(sys.resolve("usr/lib/grub/x86_64-efi"));
    BootFilesReport report =
        new BootFilesSetup(tftp, sys, tmp.resolve("no-such-program").toString()).run();
    LoaderResult grub = byTarget(report).get(BootFilesSetup.MKNETDIR_GRUB_TARGET);
    assertThat(grub.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(grub.detail()).contains("could not be started (package grub-common?)");
  }

  @Test
  void aSymlinkedDirectoryInTheTftpRootIsRefused() throws IOException {
    put("usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed", "signed grub");
    Files.createDirectories(tftp);
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(tftp.resolve("boot"), elsewhere);
    Files.createDirectories(sys.resolve("usr/lib/grub/x86_64-efi"));
    Files.delete(sys.resolve("usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed"));
    Path fakeMknetdir = tmp.resolve("fake-mknetdir");
    Files.writeString(
        fakeMknetdir,
        "#!/bin/sh\nd=${1#--net-directory=}\nmkdir -p $d/boot/grub/x86_64-efi\n"
            + "echo core > $d/boot/grub/x86_64-efi/core.efi\n");
    fakeMknetdir.toFile().setExecutable(true);
    assertThatThrownBy(() -> new BootFilesSetup(tftp, sys, fakeMknetdir.toString()).run())
        .isInstanceOf(UnsafePathException.class);
    try (Stream<Path> s = Files.list(elsewhere)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  @Tag("slow")
  void realPackagesOfThisMachine() throws IOException {
    RealTools.program("grub-mknetdir");
    Path real = tmp.resolve("real-tftp");
    BootFilesReport report = new BootFilesSetup(real).run();
    Map<String, LoaderResult> byTarget = byTarget(report);
    assertThat(byTarget.get("pxelinux.0").outcome()).isEqualTo(Outcome.COPIED);
    assertThat(real.resolve("pxelinux.0"))
        .hasSameBinaryContentAs(Path.of("/usr/lib/PXELINUX/pxelinux.0"));
    assertThat(real.resolve("ldlinux.c32"))
        .hasSameBinaryContentAs(Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32"));
    assertThat(report.grubEfiImage()).isPresent();
    Path grub = real.resolve(report.grubEfiImage().get());
    assertThat(Files.size(grub)).isPositive();
    if (report.grubEfiImage().get().equals(BootFilesSetup.MKNETDIR_GRUB_TARGET)) {
      assertThat(real.resolve("boot/grub/x86_64-efi/normal.mod")).exists();
      assertThat(real.resolve("boot/grub/x86_64-efi/efinet.mod")).exists();
    }
    // ipxe may or may not be installed: either copied from it, or reported with its package.
    LoaderResult ipxe = byTarget.get("undionly.kpxe");
    if (Files.exists(Path.of("/usr/lib/ipxe/undionly.kpxe"))) {
      assertThat(ipxe.outcome()).isEqualTo(Outcome.COPIED);
    } else {
      assertThat(ipxe.outcome()).isEqualTo(Outcome.MISSING);
      assertThat(report.missingPackages()).contains("ipxe");
    }
    assertThat(new BootFilesSetup(real).run().results())
        .filteredOn(r -> r.outcome() != Outcome.MISSING && r.outcome() != Outcome.ABSENT)
        .allMatch(r -> r.outcome() == Outcome.UNCHANGED);
  }

  private void put(String rel, String content) throws IOException {
    Path p = sys.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private static Map<String, LoaderResult> byTarget(BootFilesReport report) {
    return report.results().stream()
        .collect(Collectors.toMap(LoaderResult::target, Function.identity()));
  }
}
