package dev.lui.core.cli;

import dev.lui.core.LuiException;
import dev.lui.core.config.ServerConfig;
import dev.lui.nfsroot.bootfiles.BootFilesReport;
import dev.lui.nfsroot.bootfiles.BootFilesSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        "They are pxelinux.0 and its modules (BIOS; packages pxelinux, syslinux-common), iPXE's undionly.kpxe and ipxe.efi (package ipxe), and GRUB's network EFI image (grub-efi-amd64-signed, else built with grub-mknetdir from grub-efi-amd64-bin). Re-running is safe: unchanged files are left alone and a file you changed is kept as FILE.lui-backup before it is replaced. Missing loaders are listed with the package to install; with --require-all they make the command fail.",
        "",
        "lui server, started (or restarted) after this, sends UEFI clients the GRUB image it finds; --uefi-boot-file PATH names another."
      },
      footer = {
        "",
        "Examples:",
        "  sudo lui boot-files setup",
        "  lui boot-files setup --tftp-root /tmp/lui/tftp --require-all"
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

    @Override
    public Integer call() {
      Path root =
          tftpRoot
              .orElseGet(() -> state.orElse(ServerConfig.DEFAULT_STATE).resolve("tftp"))
              .toAbsolutePath();
      BootFilesReport report;
      try {
        report = new BootFilesSetup(root).run();
      } catch (IOException e) {
        throw LuiException.failed("cannot set up boot files in " + root + ": " + e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(report.render());
      report
          .grubEfiImage()
          .ifPresent(
              g ->
                  out.println(
                      "UEFI clients: "
                          + g
                          + " (lui server sends it by default; restart a running server)"));
      if (!report.missingPackages().isEmpty()) {
        out.println(
            "missing loaders: apt-get install " + String.join(" ", report.missingPackages()));
        if (requireAll) {
          throw LuiException.failed(
              "boot files incomplete in "
                  + root
                  + ": install "
                  + String.join(" ", report.missingPackages()));
        }
      }
      out.flush();
      return 0;
    }
  }
}
