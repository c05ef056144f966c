package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.Bootloader;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.io.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * SYSLINUX's extlinux for BIOS: the boot code in the MBR (mbr.bin for dos, gptmbr.bin for gpt), the
 * boot partition marked (active, or LegacyBIOSBootable), ldlinux.sys in /boot/extlinux, and an
 * extlinux.conf booting the target's kernel by root=UUID.
 */
final class Extlinux {
  /** Where Debian's extlinux package keeps the MBR images; syslinux-common's copy second. */
  static final List<Path> MBR_DIRS =
      List.of(Path.of("/usr/lib/EXTLINUX"), Path.of("/usr/lib/syslinux/mbr"));

  private Extlinux() {}

  static void install(StepContext ctx, Bootloader b) throws StepFailedException {
    List<PartitionSpec> parts = ctx.plan().partitions().partitions();
    int rootIdx = InstallBootloader.indexOfMount(parts, "/").orElseThrow();
    Optional<Integer> bootIdx = InstallBootloader.indexOfMount(parts, "/boot");
    int bootFs = bootIdx.orElse(rootIdx);
    String prefix = bootIdx.isPresent() ? "/" : "/boot/";
    boolean gpt = ctx.plan().partitions().label().equals("gpt");
    Path dir = ctx.inTarget("/boot/extlinux");
    Path mbr = mbrImage(gpt ? "gptmbr.bin" : "mbr.bin", ctx.dryRun());
    InstallBootloader.Kernel k = InstallBootloader.kernel(ctx);
    String rootUuid = InstallBootloader.uuid(ctx, rootIdx);
    String cfg =
        config(
            ctx.plan().node().hostname(),
            prefix + k.image(),
            k.initrd().map(i -> prefix + i),
            rootUuid,
            b.kernelArgs());
    if (ctx.dryRun()) {
      ctx.runner().wouldDo("mkdir " + dir);
    } else {
      try {
        Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new StepFailedException("cannot create " + dir + ": " + e, e);
      }
    }
    ctx.runner().run(Command.of("extlinux", "--install", dir.toString()));
    ctx.runner().run(Command.of(commands(ctx.diskPath(), bootFs + 1, gpt, mbr).get(0)));
    ctx.runner().run(Command.of(commands(ctx.diskPath(), bootFs + 1, gpt, mbr).get(1)));
    Path file = dir.resolve("extlinux.conf");
    if (ctx.dryRun()) {
      ctx.runner().wouldDo("write " + file + ":");
      for (String l : cfg.split("\n")) {
        ctx.events().log("dry-run", "  " + l);
      }
      return;
    }
    TargetFiles.writeString(file, cfg, 0644, new TargetFiles.Owner(0, 0));
    ctx.events().log("agent", "extlinux boots " + k.image() + " from partition " + (bootFs + 1));
  }

  /**
   * The boot code into the first 440 bytes (the partition table after them is kept), then the flag.
   */
  static List<List<String>> commands(String disk, int bootPartition, boolean gpt, Path mbr) {
    List<String> dd = List.of("dd", "if=" + mbr, "of=" + disk, "bs=440", "count=1", "conv=notrunc");
    // The disk's partitions are mounted: change only the table on disk; the kernel's view of the
    // partitions (start, size) stays right, so it need not (and could not) re-read it.
    List<String> flag =
        gpt
            ? List.of(
                "sfdisk",
                "--no-reread",
                "--no-tell-kernel",
                "--part-attrs",
                disk,
                Integer.toString(bootPartition),
                "LegacyBIOSBootable")
            : List.of(
                "sfdisk",
                "--no-reread",
                "--no-tell-kernel",
                "--activate",
                disk,
                Integer.toString(bootPartition));
    return List.of(dd, flag);
  }

  static String config(
      String title,
      String kernel,
      Optional<String> initrd,
      String rootUuid,
      Optional<String> kernelArgs) {
    StringBuilder sb = new StringBuilder("# written by lui-agent\n");
    InstallBootloader.serialConsole(kernelArgs)
        .ifPresent(
            sc ->
                sb.append("SERIAL ").append(sc.unit()).append(' ').append(sc.speed()).append('\n'));
    sb.append("DEFAULT lui\nPROMPT 0\nTIMEOUT 30\n\nLABEL lui\n  MENU LABEL ")
        .append(title)
        .append('\n')
        .append("  LINUX ")
        .append(kernel)
        .append('\n');
    initrd.ifPresent(i -> sb.append("  INITRD ").append(i).append('\n'));
    sb.append("  APPEND root=UUID=")
        .append(rootUuid)
        .append(" ro")
        .append(kernelArgs.map(a -> a.isBlank() ? "" : " " + a.trim()).orElse(""))
        .append('\n');
    return sb.toString();
  }

  private static Path mbrImage(String name, boolean dryRun) throws StepFailedException {
    for (Path d : MBR_DIRS) {
      if (Files.isRegularFile(d.resolve(name))) {
        return d.resolve(name);
      }
    }
    if (dryRun) {
      return MBR_DIRS.get(0).resolve(name);
    }
    throw new StepFailedException(
        "no " + name + " in " + MBR_DIRS + ": the install environment needs the extlinux package");
  }
}
