package dev.lui.core.config;

import dev.lui.dhcp.BootFiles;
import dev.lui.nfsroot.bootfiles.BootFilesSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first-stage loaders DHCP entries name: where {@code lui boot-files setup} puts each
 * firmware's loader (the defaults when no flag names one), and which named files the TFTP root
 * holds.
 */
public final class BootLoaders {
  private BootLoaders() {}

  /** x86-64 UEFI GRUB as {@code lui boot-files setup} installs it, the signed image first. */
  public static final List<String> UEFI_X64 =
      List.of(BootFilesSetup.SIGNED_GRUB_TARGET, BootFilesSetup.MKNETDIR_GRUB_TARGET);

  /**
   * ARM64 UEFI GRUB as {@code lui boot-files setup} installs it (from the system or {@code
   * --from-deb}), the signed image first.
   */
  public static final List<String> UEFI_ARM64 =
      List.of(BootFilesSetup.SIGNED_GRUB_ARM64_TARGET, BootFilesSetup.MKNETDIR_GRUB_ARM64_TARGET);

  /** The first of {@code candidates} that is a file in {@code tftpRoot}. */
  public static Optional<String> firstPresent(Path tftpRoot, List<String> candidates) {
    return candidates.stream().filter(c -> Files.isRegularFile(tftpRoot.resolve(c))).findFirst();
  }

  /**
   * One TFTP file a DHCP entry names.
   *
   * @param firmware which clients get it: {@code BIOS}, {@code x86-64 UEFI}, {@code ARM64 UEFI}
   * @param path relative to the TFTP root
   * @param present whether the TFTP root holds it
   */
  public record Named(String firmware, String path, boolean present) {}

  /** Each TFTP file the DHCP entries name (iPXE and HTTP boot get URLs, not files). */
  public static List<Named> named(ServerConfig config) {
    BootFiles f = config.boot().firmware();
    List<Named> out = new ArrayList<>();
    add(out, config, "BIOS", f.bios().orElse(config.boot().bootFile()));
    f.uefiX64().ifPresent(p -> add(out, config, "x86-64 UEFI", p));
    f.uefiArm64().ifPresent(p -> add(out, config, "ARM64 UEFI", p));
    return out;
  }

  /** What an admin reads about a missing file: where it should be and the command that fixes it. */
  public static String missing(ServerConfig config, Named f) {
    return "boot file "
        + f.path()
        + " for "
        + f.firmware()
        + " clients is not in the TFTP root "
        + config.tftpDir()
        + ": such nodes cannot boot; run 'lui boot-files setup --state "
        + config.stateDir()
        + "'";
  }

  private static void add(List<Named> out, ServerConfig config, String firmware, String path) {
    out.add(new Named(firmware, path, Files.isRegularFile(config.tftpDir().resolve(path))));
  }
}
