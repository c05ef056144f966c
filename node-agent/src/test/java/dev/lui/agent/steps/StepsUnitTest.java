package dev.lui.agent.steps;

import static dev.lui.contract.plan.TestPlans.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lui.agent.disk.Lsblk;
import dev.lui.agent.exec.StepFailedException;
import dev.lui.contract.disk.BlockDevice;
import dev.lui.contract.plan.PartitionLayout;
import dev.lui.contract.plan.PartitionSpec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StepsUnitTest {
  private static List<BlockDevice> mountedTree() throws Exception {
    try (InputStream in = StepsUnitTest.class.getResourceAsStream("/lsblk/tree-mounted.json")) {
      return Lsblk.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static final String SWAPS_HEADER = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";

  @Test
  void namesPartitionsLikeTheKernel() {
    assertThat(PartitionNames.of("/dev/sda", 1)).isEqualTo("/dev/sda1");
    assertThat(PartitionNames.of("/dev/vdb", 12)).isEqualTo("/dev/vdb12");
    assertThat(PartitionNames.of("/dev/nvme0n1", 2)).isEqualTo("/dev/nvme0n1p2");
    assertThat(PartitionNames.of("/dev/loop0", 1)).isEqualTo("/dev/loop0p1");
    assertThat(PartitionNames.of("/dev/mmcblk0", 3)).isEqualTo("/dev/mmcblk0p3");
  }

  @Test
  void rendersGptScriptWithTypesFlagsAndRest() {
    PartitionLayout l =
        new PartitionLayout(
            "gpt",
            List.of(
                new PartitionSpec(
                    "512M", "vfat", Optional.of("/boot/efi"), Optional.empty(), List.of("esp")),
                new PartitionSpec(
                    "1M", "none", Optional.empty(), Optional.empty(), List.of("bios_grub")),
                part("2G", "swap", null),
                new PartitionSpec(
                    "20G", "ext4", Optional.of("/"), Optional.empty(), List.of("boot")),
                part("1T", "vfat", "/data"),
                part("rest", "xfs", "/srv")));
    assertThat(SfdiskScript.render(l, OptionalLong.empty()))
        .isEqualTo(
            "label: gpt\n"
                + "size=512MiB, type=U\n"
                + "size=1MiB, type=21686148-6449-6E6F-744E-656564454649\n"
                + "size=2048MiB, type=S\n"
                + "size=20480MiB, type=L, attrs=\"LegacyBIOSBootable\"\n"
                + "size=1048576MiB, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7\n"
                + "type=L\n");
  }

  @Test
  void rendersDosScriptAndComputesPercentFromDiskSize() {
    PartitionLayout l =
        new PartitionLayout(
            "dos",
            List.of(
                new PartitionSpec(
                    "10%", "ext4", Optional.of("/boot"), Optional.empty(), List.of("boot")),
                part("25%", "swap", null),
                part("rest", "ext4", "/")));
    assertThat(SfdiskScript.render(l, OptionalLong.of(1000L << 20)))
        .isEqualTo("label: dos\nsize=100MiB, type=83, bootable\nsize=250MiB, type=82\ntype=83\n");
    assertThat(SfdiskScript.render(l, OptionalLong.empty())).contains("size=<10% of disk>");
  }

  @Test
  void mkfsCommandsPerFilesystem() {
    PartitionSpec ext4 =
        new PartitionSpec("1G", "ext4", Optional.of("/"), Optional.of("root"), List.of());
    assertThat(MakeFilesystems.command(ext4, "/dev/sda1"))
        .contains(List.of("mkfs.ext4", "-F", "-L", "root", "/dev/sda1"));
    assertThat(MakeFilesystems.command(part("1G", "xfs", "/x"), "/dev/sda2"))
        .contains(List.of("mkfs.xfs", "-f", "/dev/sda2"));
    PartitionSpec vfat =
        new PartitionSpec("1G", "vfat", Optional.of("/e"), Optional.of("EFI"), List.of());
    assertThat(MakeFilesystems.command(vfat, "/dev/sda3"))
        .contains(List.of("mkfs.vfat", "-n", "EFI", "/dev/sda3"));
    assertThat(MakeFilesystems.command(part("1G", "swap", null), "/dev/sda4"))
        .contains(List.of("mkswap", "/dev/sda4"));
    assertThat(MakeFilesystems.command(part("1G", "none", null), "/dev/sda5")).isEmpty();
  }

  @Test
  void mountsParentsBeforeChildren() {
    List<PartitionSpec> parts =
        List.of(
            part("1G", "vfat", "/boot/efi"),
            part("1G", "swap", null),
            part("1G", "ext4", "/boot"),
            part("1G", "xfs", "/var/lib/x"),
            part("rest", "ext4", "/"));
    assertThat(Mount.order(parts)).containsExactly(4, 2, 0, 3);
  }

  @Test
  void guardRefusesDiskWithMountedOrSwapPartitions() throws Exception {
    assertThatThrownBy(() -> MountGuard.check("/dev/sda", mountedTree(), "", SWAPS_HEADER))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("refusing to touch /dev/sda")
        .hasMessageContaining("/dev/sda1 is mounted at /boot/efi")
        .hasMessageContaining("/dev/sda2 is in use as swap")
        .hasMessageContaining("/dev/sda3 is mounted at /var/snap");
  }

  @Test
  void guardUsesProcMountsAndSwapsWhenLsblkShowsNothing() {
    BlockDevice disk =
        new BlockDevice(
            "nvme0n1",
            "/dev/nvme0n1",
            1,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "disk",
            List.of(),
            List.of());
    assertThatThrownBy(
            () ->
                MountGuard.check(
                    "/dev/nvme0n1",
                    List.of(disk),
                    "/dev/nvme0n1p2 /mnt/my\\040data ext4 rw 0 0\n",
                    SWAPS_HEADER))
        .hasMessageContaining("/dev/nvme0n1p2 is mounted at /mnt/my data");
    assertThatThrownBy(
            () ->
                MountGuard.check(
                    "/dev/nvme0n1",
                    List.of(disk),
                    "",
                    SWAPS_HEADER + "/dev/nvme0n1p3  partition 1024 0 -2\n"))
        .hasMessageContaining("/dev/nvme0n1p3 is in use as swap");
  }

  @Test
  void guardAcceptsUnusedDiskEvenIfANamesakeIsMounted() throws Exception {
    BlockDevice disk =
        new BlockDevice(
            "sda",
            "/dev/sda",
            1,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "disk",
            List.of(),
            List.of());
    // /dev/sdaa1 is another disk's partition, not one of /dev/sda's.
    MountGuard.check(
        "/dev/sda",
        List.of(disk),
        "proc /proc proc rw 0 0\n/dev/sdaa1 / ext4 rw 0 0\n/dev/sdb1 /srv xfs rw 0 0\n",
        SWAPS_HEADER);
  }
}
