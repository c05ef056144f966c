package dev.lui.core.cli;

import dev.lui.core.Json;
import dev.lui.core.LuiException;
import dev.lui.core.WireNames;
import dev.lui.core.config.ServerConfig;
import dev.lui.nfsroot.bootfiles.BootFilesReport;
import dev.lui.nfsroot.bootfiles.BootFilesSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lui boot-files}: the first-stage loaders in the TFTP root. */
final class BootFilesCommands {
  private BootFilesCommands() {}

  @Command(
      name = "boot-files",
      description = {"Manage the first-stage network boot loaders in the TFTP root."},
      footer = {"", "Example:", "  lui boot-files setup"},
      subcommands = Setup.class)
  static final class Parent extends ParentCommand {}

  @Command(
      name = "setup",
      description = {
        "Copy the first-stage network boot loaders from this machine's packages into the TFTP root.",
        "",
        "They are pxelinux.0 and its modules (BIOS; packages pxelinux, syslinux-common), iPXE's undionly.kpxe and ipxe.efi (package ipxe), GRUB's network EFI image (grub-efi-amd64-signed, else built with grub-mknetdir from grub-efi-amd64-bin) and, for ARM64 UEFI nodes, its ARM64 image (grub-efi-arm64-signed, an arm64 package: download it and name the file with --from-deb). Re-running is safe: unchanged files are left alone and a file you changed is kept as FILE.lui-backup before it is replaced. Missing loaders are listed with the package to install; with --require-all they make the command fail.",
        "",
        "lui server, started (or restarted) after this, sends UEFI clients the GRUB image it finds; --uefi-boot-file PATH names another."
      },
      footer = {
        "",
        "Examples:",
        "  sudo lui boot-files setup",
        "  lui boot-files setup --tftp-root /tmp/lui/tftp --require-all --json",
        "  sudo lui boot-files setup --from-deb grub-efi-arm64-signed_1+2.06+13+deb12u2_arm64.deb"
      })
  static final class Setup implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--state",
        paramLabel = "DIR",
        description =
            "The server's state directory (default /var/lib/lui); the TFTP root is STATE/tftp.")
    Optional<Path> state = Optional.empty();

    @Option(
        names = "--tftp-root",
        paramLabel = "DIR",
        description = "TFTP root (default STATE/tftp).")
    Optional<Path> tftpRoot = Optional.empty();

    @Option(names = "--require-all", description = "Fail (exit 1) when any loader is missing.")
    boolean requireAll;

    @Option(
        names = "--from-deb",
        paramLabel = "FILE.deb",
        description =
            "Also take loaders from this Debian package file (repeatable), unpacked with dpkg-deb"
                + " -x and never installed: how an amd64 head node gets grub-efi-arm64-signed"
                + " (apt-get download grub-efi-arm64-signed:arm64).")
    List<Path> debs = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON for scripts (the exit code is the same).")
    boolean json;

    @Override
    public Integer call() {
      Path root =
          tftpRoot
              .orElseGet(() -> state.orElse(ServerConfig.DEFAULT_STATE).resolve("tftp"))
              .toAbsolutePath();
      for (Path deb : debs) {
        if (!Files.isRegularFile(deb)) {
          throw LuiException.invalid(
              "--from-deb", deb.toString(), "a .deb file, like one apt-get download wrote");
        }
      }
      BootFilesReport report;
      try {
        report = new BootFilesSetup(root, Path.of("/"), "grub-mknetdir", debs).run();
      } catch (IOException e) {
        throw LuiException.failed("cannot set up boot files in " + root + ": " + e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        printJson(out, root, report);
        requireAll(root, report);
        return 0;
      }
      out.print(report.render());
      report
          .grubEfiImage()
          .ifPresent(
              g ->
                  out.println(
                      "UEFI clients: "
                          + g
                          + " (lui server sends it by default; restart a running server)"));
      report
          .grubArm64Image()
          .ifPresent(g -> out.println("ARM64 UEFI clients: " + g + " (likewise)"));
      if (!report.missingPackages().isEmpty()) {
        out.println(
            "missing loaders: apt-get install " + String.join(" ", report.missingPackages()));
      }
      out.flush();
      requireAll(root, report);
      return 0;
    }

    private void requireAll(Path root, BootFilesReport report) {
      if (requireAll && !report.missingPackages().isEmpty()) {
        throw LuiException.failed(
            "boot files incomplete in "
                + root
                + ": install "
                + String.join(" ", report.missingPackages()));
      }
    }

    private static void printJson(PrintWriter out, Path root, BootFilesReport report) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("tftpRoot", root.toString());
      doc.put("complete", report.complete());
      doc.put(
          "loaders",
          report.results().stream()
              .map(
                  r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("loader", r.loader());
                    m.put("target", r.target());
                    m.put("package", r.pkg());
                    m.put("outcome", WireNames.of(r.outcome()));
                    m.put("detail", r.detail());
                    return m;
                  })
              .toList());
      doc.put("missingPackages", report.missingPackages());
      doc.put("uefiImage", report.grubEfiImage().orElse(null));
      doc.put("arm64UefiImage", report.grubArm64Image().orElse(null));
      try {
        out.println(Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      out.flush();
    }
  }
}
