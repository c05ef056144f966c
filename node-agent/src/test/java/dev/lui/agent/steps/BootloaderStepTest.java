package dev.lui.agent.steps;

import static dev.lui.contract.plan.TestPlans.part;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.agent.disk.Lsblk;
import dev.lui.agent.exec.CommandRunner;
import dev.lui.agent.fetch.Fetcher;
import dev.lui.agent.report.EventLog;
import dev.lui.agent.report.RecordingReporter;
import dev.lui.contract.plan.Bootloader;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.PartitionLayout;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.contract.plan.Payload;
import dev.lui.contract.plan.TestPlans;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootloaderStepTest {
  private static final PartitionLayout BIOS =
      new PartitionLayout(
          "gpt",
          List.of(
              new PartitionSpec(
                  "1M", "none", Optional.empty(), Optional.empty(), List.of("bios_grub")),
              new PartitionSpec("512M", "ext4", Optional.of("/boot"), Optional.empty(), List.of()),
              part("rest", "xfs", "/")));

  private static List<String> dryRun(InstallPlan plan) {
    RecordingReporter rec = new RecordingReporter();
    EventLog events = new EventLog("r", rec, Clock.systemUTC());
    StepContext ctx =
        new StepContext(
            plan,
            new CommandRunner(events, true),
            events,
            new Fetcher(HttpClient.newHttpClient(), Optional.empty(), Optional.empty()),
            Path.of("/mnt/t"),
            StepContext.Environment.defaults());
    assertThat(new Installer(false).run(ctx)).isTrue();
    return rec.lines("dry-run");
  }

  @Test
  void grubBiosInstallsToTheDiskAndBootsTheKernelFromTheBootPartition() {
    InstallPlan plan =
        TestPlans.withBootloader(
            TestPlans.withPayloads(
                TestPlans.withPartitions(TestPlans.sample(), BIOS),
                List.of(
                    new Payload.Kernel(
                        "k",
                        new Payload.Source("/srv/vmlinuz", TestPlans.SHA),
                        Optional.of(new Payload.Source("/srv/initrd", TestPlans.SHA)),
                        "6.1.0-13-amd64"))),
            new Bootloader(Bootloader.Type.GRUB_BIOS, Optional.of("console=ttyS0,115200")));
    List<String> lines = dryRun(plan);
    assertThat(lines)
        .containsSubsequence(
            "grub-install --target=i386-pc --boot-directory=/mnt/t/boot /dev/sdz",
            "would query: blkid -c /dev/null -s UUID -o value /dev/sdz3",
            "would query: blkid -c /dev/null -s UUID -o value /dev/sdz2",
            "would write /mnt/t/boot/grub/grub.cfg:",
            "  insmod part_gpt",
            "  insmod ext2",
            "  search --no-floppy --fs-uuid --set=root <uuid-of-/dev/sdz2>",
            "    linux /vmlinuz-6.1.0-13-amd64 root=UUID=<uuid-of-/dev/sdz3> ro console=ttyS0,115200",
            "    initrd /initrd.img-6.1.0-13-amd64",
            "  }",
            "sync");
  }

  @Test
  void grubEfiUsesTheRemovablePathAndNoNvram() {
    List<String> lines = dryRun(TestPlans.sample());
    assertThat(lines)
        .contains(
            "grub-install --target=x86_64-efi"
                + " --efi-directory=/mnt/t/boot/efi --boot-directory=/mnt/t/boot --removable --no-nvram");
    assertThat(lines).noneMatch(l -> l.contains("i386-pc"));
  }

  @Test
  void aUefiInstallOfARealRootRunsGrubInstallForTheEspThenTheTargetsGrubMkconfig(
      @TempDir Path target) throws Exception {
    // What the VM's UEFI scenario runs: gpt, an ESP at /efi, ext4 /, a root image with GRUB.
    Path mkconfig = target.resolve("usr/sbin/grub-mkconfig");
    Files.createDirectories(mkconfig.getParent());
    Files.writeString(mkconfig, "#!/bin/sh\n");
    Files.setPosixFilePermissions(mkconfig, PosixFilePermissions.fromString("rwxr-xr-x"));
    InstallPlan plan =
        TestPlans.withBootloader(
            TestPlans.withPartitions(
                TestPlans.sample(),
                new PartitionLayout(
                    "gpt",
                    List.of(
                        new PartitionSpec(
                            "64M", "vfat", Optional.of("/efi"), Optional.of("ESP"), List.of("esp")),
                        new PartitionSpec(
                            "rest", "ext4", Optional.of("/"), Optional.of("root"), List.of())))),
            new Bootloader(Bootloader.Type.GRUB_EFI, Optional.of("console=ttyS0,115200")));
    RecordingReporter rec = new RecordingReporter();
    EventLog events = new EventLog("r", rec, Clock.systemUTC());
    StepContext ctx =
        new StepContext(
            plan,
            new CommandRunner(events, true),
            events,
            new Fetcher(HttpClient.newHttpClient(), Optional.empty(), Optional.empty()),
            target,
            StepContext.Environment.defaults());
    ctx.disk("/dev/vda", java.util.OptionalLong.empty());
    ctx.partitionPaths(List.of("/dev/vda1", "/dev/vda2"));
    assertThat(InstallBootloader.grubInstall(ctx, Bootloader.Type.GRUB_EFI))
        .containsExactly(
            "grub-install",
            "--target=x86_64-efi",
            "--efi-directory=" + target + "/efi",
            "--boot-directory=" + target + "/boot",
            "--removable",
            "--no-nvram");
    new InstallBootloader().run(ctx);
    assertThat(rec.lines("dry-run"))
        .containsSubsequence(
            "grub-install --target=x86_64-efi --efi-directory="
                + target
                + "/efi --boot-directory="
                + target
                + "/boot --removable --no-nvram",
            "  GRUB_CMDLINE_LINUX=\"console=ttyS0,115200\"",
            "  GRUB_SERIAL_COMMAND=\"serial --unit=0 --speed=115200\"",
            "mount --bind /dev " + target + "/dev",
            "would query: blkid -c /dev/null -s UUID -o value /dev/vda2",
            "chroot " + target + " /usr/sbin/grub-mkconfig -o /boot/grub/grub.cfg");
    assertThat(rec.lines("dry-run")).noneMatch(l -> l.contains("i386-pc"));
  }

  @Test
  void noBootloaderStepWithoutBootPartitionsOrWhenNone() {
    InstallPlan plain =
        TestPlans.withPartitions(
            TestPlans.sample(), new PartitionLayout("dos", List.of(part("rest", "ext4", "/"))));
    assertThat(dryRun(plain)).noneMatch(l -> l.startsWith("grub-install"));
    assertThat(
            dryRun(
                TestPlans.withBootloader(TestPlans.sample(), Bootloader.of(Bootloader.Type.NONE))))
        .noneMatch(l -> l.startsWith("grub-install"));
  }

  @Test
  void aTargetWithGrubMkconfigGeneratesItsOwnConfigInAChroot(@TempDir Path target)
      throws Exception {
    Path mkconfig = target.resolve("usr/sbin/grub-mkconfig");
    Files.createDirectories(mkconfig.getParent());
    Files.writeString(mkconfig, "#!/bin/sh\n");
    Files.setPosixFilePermissions(mkconfig, PosixFilePermissions.fromString("rwxr-xr-x"));
    InstallPlan plan =
        TestPlans.withBootloader(
            TestPlans.withPartitions(TestPlans.sample(), BIOS),
            new Bootloader(Bootloader.Type.GRUB_BIOS, Optional.of("console=ttyS0")));
    RecordingReporter rec = new RecordingReporter();
    EventLog events = new EventLog("r", rec, Clock.systemUTC());
    StepContext ctx =
        new StepContext(
            plan,
            new CommandRunner(events, true),
            events,
            new Fetcher(HttpClient.newHttpClient(), Optional.empty(), Optional.empty()),
            target,
            StepContext.Environment.defaults());
    ctx.disk("/dev/sdz", java.util.OptionalLong.empty());
    ctx.partitionPaths(List.of("/dev/sdz1", "/dev/sdz2", "/dev/sdz3"));
    new InstallBootloader().run(ctx);
    assertThat(rec.lines("dry-run"))
        .containsSubsequence(
            "grub-install --target=i386-pc --boot-directory=" + target + "/boot /dev/sdz",
            "would write " + target + "/etc/default/grub:",
            "  GRUB_CMDLINE_LINUX=\"console=ttyS0\"",
            "  GRUB_TERMINAL=\"console serial\"",
            "  GRUB_SERIAL_COMMAND=\"serial --unit=0 --speed=9600\"",
            "mount --bind /dev " + target + "/dev",
            "mount -t proc proc " + target + "/proc",
            "mount -t sysfs sysfs " + target + "/sys",
            "chroot " + target + " /usr/sbin/grub-mkconfig -o /boot/grub/grub.cfg");
    assertThat(rec.lines("dry-run")).noneMatch(l -> l.contains("grub.cfg:"));
    assertThat(ctx.mounted()).hasSize(3); // for unmount to remove
  }

  @Test
  void minimalConfigBootsByUuid() {
    assertThat(
            InstallBootloader.minimalConfig(
                new InstallBootloader.MinimalConfig(
                    "n1",
                    "RUUID",
                    "RUUID",
                    "ext4",
                    "dos",
                    "/boot/vmlinuz-6.1",
                    Optional.empty(),
                    Optional.empty())))
        .isEqualTo(
            "# written by lui-agent (the target has no grub-mkconfig)\n"
                + "set timeout=3\nset default=0\ninsmod part_msdos\ninsmod ext2\n"
                + "search --no-floppy --fs-uuid --set=root RUUID\n"
                + "menuentry 'n1' {\n  linux /boot/vmlinuz-6.1 root=UUID=RUUID ro\n}\n");
  }

  @Test
  void picksTheNewestKernelAndItsInitrd() {
    assertThat(
            InstallBootloader.pickKernel(
                List.of(
                    "vmlinuz-6.1.9-amd64",
                    "vmlinuz-6.1.10-amd64",
                    "initrd.img-6.1.10-amd64",
                    "initrd.img-6.1.9-amd64",
                    "config-6.1.10-amd64",
                    "grub")))
        .contains(
            new InstallBootloader.Kernel(
                "vmlinuz-6.1.10-amd64", Optional.of("initrd.img-6.1.10-amd64")));
    assertThat(
            InstallBootloader.pickKernel(
                List.of("vmlinuz-5.14.0-362.el9.x86_64", "initramfs-5.14.0-362.el9.x86_64.img")))
        .contains(
            new InstallBootloader.Kernel(
                "vmlinuz-5.14.0-362.el9.x86_64",
                Optional.of("initramfs-5.14.0-362.el9.x86_64.img")));
    assertThat(InstallBootloader.pickKernel(List.of("grub", "vmlinuz-"))).isEmpty();
  }

  @Test
  void setsTheKernelCommandLineInDefaultGrub() {
    assertThat(
            InstallBootloader.withCmdline(
                "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX=\"\"\nGRUB_TIMEOUT=5\n", "console=ttyS0"))
        .isEqualTo("GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX=\"console=ttyS0\"\nGRUB_TIMEOUT=5\n");
    assertThat(InstallBootloader.withCmdline("GRUB_DEFAULT=0", "quiet"))
        .isEqualTo("GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX=\"quiet\"\n");
    assertThat(InstallBootloader.withCmdline("", "quiet"))
        .isEqualTo("GRUB_CMDLINE_LINUX=\"quiet\"\n");
  }

  @Test
  void aSerialConsoleInTheKernelArgsPutsGrubsMenuOnThatPortToo() {
    assertThat(
            InstallBootloader.grubDefaults(
                Optional.of("GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX=\"\"\nGRUB_TERMINAL=console\n"),
                Optional.of("quiet console=tty0 console=ttyS1,115200n8")))
        .isEqualTo(
            "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX=\"quiet console=tty0 console=ttyS1,115200n8\"\n"
                + "GRUB_TERMINAL=\"console serial\"\n"
                + "GRUB_SERIAL_COMMAND=\"serial --unit=1 --speed=115200\"\n");
    assertThat(
            InstallBootloader.grubDefaults(
                Optional.of("GRUB_TIMEOUT=5\n"), Optional.of("console=tty0")))
        .isEqualTo("GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX=\"console=tty0\"\n");
    assertThat(InstallBootloader.grubDefaults(Optional.of("GRUB_TIMEOUT=5\n"), Optional.empty()))
        .isEqualTo("GRUB_TIMEOUT=5\n");
  }

  @Test
  void aTargetWithoutDefaultGrubGetsShortDefaultsWithoutQuiet() {
    assertThat(InstallBootloader.grubDefaults(Optional.empty(), Optional.of("console=ttyS0")))
        .startsWith("# written by lui-agent\nGRUB_DEFAULT=0\nGRUB_TIMEOUT=3\n")
        .contains(
            "GRUB_CMDLINE_LINUX_DEFAULT=\"\"\n",
            "GRUB_CMDLINE_LINUX=\"console=ttyS0\"\n",
            "GRUB_SERIAL_COMMAND=\"serial --unit=0 --speed=9600\"\n");
  }

  @Test
  void theMinimalConfigUsesTheSerialConsoleOfTheKernelArgs() {
    assertThat(
            InstallBootloader.minimalConfig(
                new InstallBootloader.MinimalConfig(
                    "n1",
                    "RUUID",
                    "RUUID",
                    "ext4",
                    "gpt",
                    "/boot/vmlinuz-6.1",
                    Optional.empty(),
                    Optional.of("console=ttyS0,115200"))))
        .contains(
            "serial --unit=0 --speed=115200\nterminal_input console serial\n"
                + "terminal_output console serial\n",
            "linux /boot/vmlinuz-6.1 root=UUID=RUUID ro console=ttyS0,115200\n");
  }

  @Test
  void reportsEveryWholeDiskAsAnInventoryLine() throws Exception {
    String json;
    try (InputStream in = getClass().getResourceAsStream("/lsblk/inventory-2.38.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> lines = SelectDisk.inventoryLines(Lsblk.parse(json));
    assertThat(lines)
        .hasSize(4)
        .first()
        .isEqualTo(
            "{\"name\":\"sda\",\"path\":\"/dev/sda\","
                + "\"type\":\"disk\",\"sizeBytes\":256060514304,\"model\":\"Samsung SSD 860\","
                + "\"serial\":\"S3Z1NB0K123456\",\"wwn\":\"0x5002538e40a1b2c3\"}");
    assertThat(lines).noneMatch(l -> l.contains("sr0"));
    assertThat(lines.get(3))
        .isEqualTo(
            "{\"name\":\"loop0\",\"path\":\"/dev/loop0\",\"type\":\"loop\",\"sizeBytes\":134217728}");
  }
}
