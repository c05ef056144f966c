package dev.lui.agent.steps;

import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.plan.Bootloader;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.contract.plan.Payload;
import dev.lui.io.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Installs GRUB with the installer's own grub-install into the target's /boot, then writes
 * grub.cfg: with the target's grub-mkconfig (in a chroot) when it has one, else a minimal grub.cfg
 * booting the newest kernel in the target's /boot by root=UUID.
 */
public final class InstallBootloader implements Step {
  /** Programs that mean the target can generate its own grub.cfg (Debian first). */
  static final List<String> MKCONFIG =
      List.of(
          "usr/sbin/grub-mkconfig",
          "sbin/grub-mkconfig",
          "usr/sbin/grub2-mkconfig",
          "sbin/grub2-mkconfig");

  @Override
  public String name() {
    return "bootloader";
  }

  @Override
  public void run(StepContext ctx) throws StepFailedException {
    Bootloader b = Bootloader.effective(ctx.plan());
    if (b.type() == Bootloader.Type.NONE) {
      return;
    }
    if (b.type() == Bootloader.Type.EXTLINUX) {
      Extlinux.install(ctx, b);
      return;
    }
    ctx.runner().run(Command.of(grubInstall(ctx, b.type())));
    Optional<String> mkconfig =
        MKCONFIG.stream().filter(p -> Files.isExecutable(ctx.target().resolve(p))).findFirst();
    if (ctx.dryRun()) {
      ctx.runner()
          .wouldDo(
              "run the target's grub-mkconfig in a chroot if the payloads bring one"
                  + " (chroot "
                  + ctx.target()
                  + " grub-mkconfig -o /boot/grub/grub.cfg); else:");
    }
    if (mkconfig.isPresent()) {
      generate(ctx, b, "/" + mkconfig.get());
    } else {
      writeMinimal(ctx, b);
    }
  }

  /** The grub-install argv for this plan and the selected disk. */
  static List<String> grubInstall(StepContext ctx, Bootloader.Type type) {
    String boot = ctx.inTarget("/boot").toString();
    if (type == Bootloader.Type.GRUB_BIOS) {
      return List.of(
          "grub-install", "--target=i386-pc", "--boot-directory=" + boot, ctx.diskPath());
    }
    String esp =
        ctx.plan().partitions().partitions().stream()
            .filter(p -> p.flags().contains("esp"))
            .findFirst()
            .flatMap(PartitionSpec::mountPoint)
            .orElseThrow();
    // --removable: EFI/BOOT/BOOTX64.EFI, found by firmware without an NVRAM entry; --no-nvram:
    // the install environment's efivars belong to the node, but entries made from an install
    // root are fragile and firmware falls back to the removable path anyway.
    return List.of(
        "grub-install",
        "--target=x86_64-efi",
        "--efi-directory=" + ctx.inTarget(esp),
        "--boot-directory=" + boot,
        "--removable",
        "--no-nvram");
  }

  private static void generate(StepContext ctx, Bootloader b, String mkconfig)
      throws StepFailedException {
    Path defaults = ctx.inTarget("/etc/default/grub");
    Optional<String> existing = TargetFiles.read(defaults);
    String updated = grubDefaults(existing, b.kernelArgs());
    if (!existing.equals(Optional.of(updated))) {
      if (ctx.dryRun()) {
        ctx.runner().wouldDo("write " + defaults + ":");
        for (String l : updated.split("\n")) {
          ctx.events().log("dry-run", "  " + l);
        }
      } else {
        TargetFiles.writeString(defaults, updated, 0644, new TargetFiles.Owner(0, 0));
      }
    }
    SystemMounts.ensure(ctx);
    List<PartitionSpec> parts = ctx.plan().partitions().partitions();
    String rootUuid = uuid(ctx, indexOfMount(parts, "/").orElseThrow());
    // Debian's 10_linux writes root=UUID= only if /dev/disk/by-uuid/UUID exists, else the
    // kernel name (/dev/loop0p2, /dev/sda2: wrong on the next boot). Without udev (or before it
    // has seen the new filesystem) the link is missing: make it for the run, then remove it.
    Path link = Path.of("/dev/disk/by-uuid", rootUuid);
    List<Path> made = ctx.dryRun() ? List.of() : ensureLink(link, rootIdxPath(ctx));
    try {
      // grub-install above wrote to /boot/grub, so that is where the config goes, also for grub2.
      ctx.runner()
          .run(
              Command.of("chroot", ctx.target().toString(), mkconfig, "-o", "/boot/grub/grub.cfg"));
    } finally {
      removeAll(made);
    }
    if (!ctx.dryRun()) {
      String cfg = TargetFiles.read(ctx.inTarget("/boot/grub/grub.cfg")).orElse("");
      if (!cfg.contains("root=UUID=" + rootUuid)) {
        throw new StepFailedException(
            "the target's grub-mkconfig wrote no menu entry with root=UUID="
                + rootUuid
                + " to /boot/grub/grub.cfg (no kernel in /boot, or the root by device"
                + " name); the system would not boot");
      }
    }
  }

  private static String rootIdxPath(StepContext ctx) {
    return ctx.partitionPath(indexOfMount(ctx.plan().partitions().partitions(), "/").orElseThrow());
  }

  /** Creates {@code link -> device} and missing parent dirs; returns what it made, deepest last. */
  private static List<Path> ensureLink(Path link, String device) throws StepFailedException {
    List<Path> made = new ArrayList<>();
    try {
      if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return made;
      }
      List<Path> parents = new ArrayList<>();
      for (Path p = link.getParent(); p != null && !Files.exists(p); p = p.getParent()) {
        parents.add(0, p);
      }
      for (Path p : parents) {
        Files.createDirectory(p);
        made.add(p);
      }
      Files.createSymbolicLink(link, Path.of(device));
      made.add(link);
      return made;
    } catch (IOException e) {
      removeAll(made);
      throw new StepFailedException("cannot create " + link + " for grub-mkconfig: " + e, e);
    }
  }

  private static void removeAll(List<Path> made) {
    for (int i = made.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(made.get(i));
      } catch (IOException e) {
        // Left behind in the install environment's /dev only; harmless.
      }
    }
  }

  /** The serial unit and speed of the last {@code console=ttyS<n>[,<speed>]} argument. */
  record SerialConsole(int unit, int speed) {}

  static Optional<SerialConsole> serialConsole(Optional<String> kernelArgs) {
    Optional<SerialConsole> found = Optional.empty();
    for (String arg : kernelArgs.orElse("").trim().split("\\s+")) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("console=ttyS(\\d{1,2})(?:,(\\d{3,7}))?.*").matcher(arg);
      if (m.matches()) {
        found =
            Optional.of(
                new SerialConsole(
                    Integer.parseInt(m.group(1)),
                    m.group(2) == null ? 9600 : Integer.parseInt(m.group(2))));
      }
    }
    return found;
  }

  /**
   * The target's {@code /etc/default/grub} for the plan: GRUB_CMDLINE_LINUX from the kernel args,
   * and with a serial console in them GRUB's menu on that port too (else a serial-only VM or BMC
   * shows nothing until the kernel starts). A target without the file (Debian ships it in grub-pc,
   * not grub-pc-bin) gets short defaults (the distributor without " GNU/Linux", which 10_linux
   * appends); settings not ours are kept.
   */
  static String grubDefaults(Optional<String> existing, Optional<String> kernelArgs) {
    String text =
        existing.orElse(
            "# written by lui-agent\nGRUB_DEFAULT=0\nGRUB_TIMEOUT=3\n"
                + "GRUB_DISTRIBUTOR=`( . /etc/os-release; echo \"${NAME% GNU/Linux}\" ) 2>/dev/null"
                + " || echo Debian`\nGRUB_CMDLINE_LINUX_DEFAULT=\"\"\n");
    if (kernelArgs.isPresent()) {
      text = withCmdline(text, kernelArgs.get());
    }
    Optional<SerialConsole> serial = serialConsole(kernelArgs);
    if (serial.isPresent()) {
      text = withSetting(text, "GRUB_TERMINAL", "\"console serial\"");
      text =
          withSetting(
              text,
              "GRUB_SERIAL_COMMAND",
              "\"serial --unit=" + serial.get().unit() + " --speed=" + serial.get().speed() + "\"");
    }
    return text;
  }

  /** {@code /etc/default/grub} with GRUB_CMDLINE_LINUX set to {@code args} (added if missing). */
  static String withCmdline(String text, String args) {
    return withSetting(text, "GRUB_CMDLINE_LINUX", "\"" + args + "\"");
  }

  /** {@code text} with {@code KEY=value} replacing every {@code KEY=} line, or appended. */
  static String withSetting(String text, String key, String value) {
    StringBuilder sb = new StringBuilder();
    boolean replaced = false;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(key + "=")) {
        line = key + "=" + value;
        replaced = true;
      }
      sb.append(line).append('\n');
    }
    String out = text.isEmpty() ? "" : sb.substring(0, sb.length() - 1);
    if (!replaced) {
      if (!out.isEmpty() && !out.endsWith("\n")) {
        out += "\n";
      }
      out += key + "=" + value + "\n";
    }
    return out;
  }

  private static void writeMinimal(StepContext ctx, Bootloader b) throws StepFailedException {
    List<PartitionSpec> parts = ctx.plan().partitions().partitions();
    int rootIdx = indexOfMount(parts, "/").orElseThrow();
    Optional<Integer> bootIdx = indexOfMount(parts, "/boot");
    int bootFs = bootIdx.orElse(rootIdx);
    String prefix = bootIdx.isPresent() ? "/" : "/boot/";
    Kernel k = kernel(ctx);
    String rootUuid = uuid(ctx, rootIdx);
    String bootUuid = bootFs == rootIdx ? rootUuid : uuid(ctx, bootFs);
    String cfg =
        minimalConfig(
            new MinimalConfig(
                ctx.plan().node().hostname(),
                rootUuid,
                bootUuid,
                parts.get(bootFs).filesystem(),
                ctx.plan().partitions().label(),
                prefix + k.image(),
                k.initrd().map(i -> prefix + i),
                b.kernelArgs()));
    Path file = ctx.inTarget("/boot/grub/grub.cfg");
    if (ctx.dryRun()) {
      ctx.runner().wouldDo("write " + file + ":");
      for (String l : cfg.split("\n")) {
        ctx.events().log("dry-run", "  " + l);
      }
      return;
    }
    ctx.events()
        .log(
            "agent",
            "no grub-mkconfig in the target; writing a minimal " + file + " booting " + k.image());
    TargetFiles.writeString(file, cfg, 0644, new TargetFiles.Owner(0, 0));
  }

  /** What the minimal grub.cfg needs. Paths are relative to the boot filesystem. */
  record MinimalConfig(
      String title,
      String rootUuid,
      String bootUuid,
      String bootFs,
      String label,
      String kernel,
      Optional<String> initrd,
      Optional<String> kernelArgs) {}

  static String minimalConfig(MinimalConfig c) {
    String fsModule =
        switch (c.bootFs()) {
          case "xfs" -> "xfs";
          case "vfat" -> "fat";
          default -> "ext2";
        };
    StringBuilder sb =
        new StringBuilder()
            .append("# written by lui-agent (the target has no grub-mkconfig)\n")
            .append("set timeout=3\n")
            .append("set default=0\n");
    serialConsole(c.kernelArgs())
        .ifPresent(
            sc ->
                sb.append("serial --unit=")
                    .append(sc.unit())
                    .append(" --speed=")
                    .append(sc.speed())
                    .append('\n')
                    .append("terminal_input console serial\n")
                    .append("terminal_output console serial\n"));
    sb.append("insmod ")
        .append(c.label().equals("gpt") ? "part_gpt" : "part_msdos")
        .append('\n')
        .append("insmod ")
        .append(fsModule)
        .append('\n')
        .append("search --no-floppy --fs-uuid --set=root ")
        .append(c.bootUuid())
        .append('\n')
        .append("menuentry '")
        .append(c.title())
        .append("' {\n")
        .append("  linux ")
        .append(c.kernel())
        .append(" root=UUID=")
        .append(c.rootUuid())
        .append(" ro")
        .append(c.kernelArgs().map(a -> a.isBlank() ? "" : " " + a).orElse(""))
        .append('\n');
    c.initrd().ifPresent(i -> sb.append("  initrd ").append(i).append('\n'));
    return sb.append("}\n").toString();
  }

  /** File names in /boot. */
  record Kernel(String image, Optional<String> initrd) {}

  /**
   * The plan's own kernel payload if it has one, else the newest {@code vmlinuz-*} in the target's
   * /boot; in dry-run without a kernel payload a placeholder.
   */
  static Kernel kernel(StepContext ctx) throws StepFailedException {
    Optional<Payload.Kernel> fromPlan =
        ctx.plan().payloads().stream()
            .filter(p -> p instanceof Payload.Kernel)
            .map(p -> (Payload.Kernel) p)
            .reduce((a, c) -> c);
    Path boot = ctx.inTarget("/boot");
    if (fromPlan.isPresent()) {
      String v = fromPlan.get().version();
      return new Kernel("vmlinuz-" + v, fromPlan.get().initrd().map(i -> "initrd.img-" + v));
    }
    if (ctx.dryRun()) {
      ctx.events()
          .log(
              "agent",
              "dry-run: the kernel is whatever vmlinuz-* the payloads put in "
                  + boot
                  + "; shown as vmlinuz-VERSION");
      return new Kernel("vmlinuz-VERSION", Optional.of("initrd.img-VERSION"));
    }
    List<String> names;
    try (Stream<Path> s = Files.list(boot)) {
      names = s.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new StepFailedException("cannot list " + boot + ": " + e.getMessage(), e);
    }
    return pickKernel(names)
        .orElseThrow(
            () ->
                new StepFailedException(
                    "no kernel (vmlinuz-*) in "
                        + boot
                        + " to boot; add a kernel payload or a root image"
                        + " with a kernel, or set bootloader type none"));
  }

  /** The newest {@code vmlinuz-VERSION} and its initrd, by version order. */
  static Optional<Kernel> pickKernel(List<String> bootFiles) {
    Optional<String> version =
        bootFiles.stream()
            .filter(n -> n.startsWith("vmlinuz-") && n.length() > 8 && !n.endsWith(".old"))
            .map(n -> n.substring(8))
            .max(InstallBootloader::compareVersions);
    return version.map(
        v ->
            new Kernel(
                "vmlinuz-" + v,
                Stream.of(
                        "initrd.img-" + v,
                        "initramfs-" + v + ".img",
                        "initrd-" + v + ".img",
                        "initrd-" + v)
                    .filter(bootFiles::contains)
                    .findFirst()));
  }

  /** Numeric runs compare as numbers: 6.1.10 > 6.1.9. */
  static int compareVersions(String a, String b) {
    List<String> x = tokens(a);
    List<String> y = tokens(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      String p = x.get(i);
      String q = y.get(i);
      int c;
      if (asciiDigit(p.charAt(0)) && asciiDigit(q.charAt(0))) {
        c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
      } else {
        c = p.compareTo(q);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  /** ASCII only: a version from a file name compares as what it says, not as Unicode digits. */
  private static boolean asciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      int j = i;
      boolean digit = asciiDigit(s.charAt(i));
      while (j < s.length() && asciiDigit(s.charAt(j)) == digit) {
        j++;
      }
      out.add(s.substring(i, j));
      i = j;
    }
    return out;
  }

  static Optional<Integer> indexOfMount(List<PartitionSpec> parts, String mp) {
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).mountPoint().filter(mp::equals).isPresent()) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  static String uuid(StepContext ctx, int i) throws StepFailedException {
    return WriteFstab.uuid(ctx, i);
  }
}
