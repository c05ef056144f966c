package dev.lui.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.agent.steps.StepContext;
import dev.lui.contract.plan.Bootloader;
import dev.lui.contract.plan.Finish;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.PartitionLayout;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.contract.plan.Payload;
import dev.lui.contract.plan.PlanCodec;
import dev.lui.contract.plan.TestPlans;
import dev.lui.testkit.Mounts;
import dev.lui.testkit.RealTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extlinux as the bootloader, for real on a dos-labelled loop disk. */
@Tag("slow")
class ExtlinuxInstallTest {
  @TempDir Path dir;
  private String loop;
  private Path mounted;

  @AfterEach
  void cleanUp() throws Exception {
    if (mounted != null) {
      run("umount", mounted.toString());
    }
    if (loop != null) {
      run("losetup", "-d", loop);
    }
  }

  @Test
  void extlinuxPutsItsBootCodeInTheMbrMarksThePartitionAndBootsTheTargetsKernelByUuid()
      throws Exception {
    RealTools.rootAnd(
        "losetup",
        "sfdisk",
        "partx",
        "mkfs.ext4",
        "blkid",
        "lsblk",
        "tar",
        "mount",
        "umount",
        "extlinux",
        "dd");
    Path image = dir.resolve("disk.img");
    sh("truncate", "-s", "96M", image.toString());
    loop = sh("losetup", "--find", "--show", "--partscan", image.toString()).trim();
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("boot"));
    Files.writeString(tree.resolve("boot/vmlinuz-6.1.0-lui"), "kernel");
    Files.writeString(tree.resolve("boot/initrd.img-6.1.0-lui"), "initrd");
    Files.createDirectories(tree.resolve("etc"));
    Path tarball = dir.resolve("root.tar.gz");
    sh(
        "tar",
        "--owner=0",
        "--group=0",
        "--numeric-owner",
        "-czf",
        tarball.toString(),
        "-C",
        tree.toString(),
        "boot",
        "etc");
    InstallPlan plan =
        new InstallPlan(
                1,
                TestPlans.node(),
                "path=" + loop,
                new PartitionLayout(
                    "dos",
                    List.of(
                        new PartitionSpec(
                            "rest", "ext4", Optional.of("/"), Optional.of("root"), List.of()))),
                List.of(new Payload.Tarball("root", tarball.toString(), sha(tarball), "/")),
                List.of(),
                Finish.NONE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty())
            .withBootloader(
                Optional.of(
                    new Bootloader(Bootloader.Type.EXTLINUX, Optional.of("console=ttyS0,115200"))));
    Path planFile = Files.writeString(dir.resolve("plan.json"), PlanCodec.toJson(plan));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        AgentMain.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            StepContext.Environment.defaults(),
            "--plan",
            planFile.toString(),
            "--target",
            dir.resolve("target").toString(),
            "--log-file",
            dir.resolve("agent.log").toString(),
            "--no-finish");
    assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();

    byte[] mbrCode = Files.readAllBytes(Path.of("/usr/lib/EXTLINUX/mbr.bin"));
    byte[] sector0 = new byte[512];
    try (RandomAccessFile f = new RandomAccessFile(loop, "r")) {
      f.readFully(sector0);
    }
    assertThat(Arrays.equals(sector0, 0, 440, Arrays.copyOf(mbrCode, 440), 0, 440))
        .as("SYSLINUX's MBR code")
        .isTrue();
    assertThat(sector0[510] & 0xff).isEqualTo(0x55);
    assertThat(sh("sfdisk", "--dump", loop)).containsPattern(loop + "p1 : .*bootable");
    mounted = Files.createDirectories(dir.resolve("check"));
    Mounts.readOnly(loop + "p1", mounted);
    assertThat(mounted.resolve("boot/extlinux/ldlinux.sys")).exists();
    String uuid = sh("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", loop + "p1").trim();
    assertThat(mounted.resolve("boot/extlinux/extlinux.conf"))
        .content()
        .contains("SERIAL 0 115200")
        .contains("LINUX /boot/vmlinuz-6.1.0-lui")
        .contains("INITRD /boot/initrd.img-6.1.0-lui")
        .contains("APPEND root=UUID=" + uuid + " ro console=ttyS0,115200");
  }

  private static String sha(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  private static String sh(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + ": " + output);
    }
    return output;
  }

  private static void run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
  }
}
