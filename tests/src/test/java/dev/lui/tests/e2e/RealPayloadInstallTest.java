package dev.lui.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.agent.AgentMain;
import dev.lui.agent.steps.StepContext;
import dev.lui.contract.plan.Bootloader;
import dev.lui.contract.plan.Finish;
import dev.lui.contract.plan.FirstBoot;
import dev.lui.contract.plan.InstallPlan;
import dev.lui.contract.plan.NodeIdentity;
import dev.lui.contract.plan.PartitionLayout;
import dev.lui.contract.plan.PartitionSpec;
import dev.lui.contract.plan.Payload;
import dev.lui.contract.plan.PlanCodec;
import dev.lui.contract.plan.TestPlans;
import dev.lui.testkit.Mounts;
import dev.lui.testkit.RealTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The e2e target payload (a real, bootable Debian root from {@code tests/e2e/build-target-root.sh},
 * built into the e2e cache if it is not there yet, see {@link E2eCache#targetTarball}) installed by
 * the agent, in process, on a loop disk: the target's own grub-mkconfig must find its kernel and
 * root by UUID, with the plan's kernel arguments and a serial console. No VM: it lives here, not in
 * node-agent, because this module builds the payload.
 */
@Tag("slow")
@Tag("e2e")
class RealPayloadInstallTest {

  @TempDir Path dir;
  private String loop;
  private final List<Path> mountedByTest = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = mountedByTest.size() - 1; i >= 0; i--) {
      exec("umount", mountedByTest.get(i).toString());
    }
    if (loop != null) {
      exec("losetup", "-d", loop);
    }
  }

  @Test
  void installsTheDebianPayloadSoThatItsGrubConfigBootsItsKernelByRootUuidOnTheSerialConsole()
      throws Exception {
    RealTools.rootAnd(
        "losetup",
        "sfdisk",
        "partx",
        "mkfs.ext4",
        "blkid",
        "lsblk",
        "tar",
        "zstd",
        "mount",
        "umount",
        "grub-install",
        "udevadm",
        "chroot");
    Path tarball = E2eCache.targetTarball();
    Path image = dir.resolve("disk.img");
    sh("truncate", "-s", "1536M", image.toString());
    loop = sh("losetup", "--find", "--show", "--partscan", image.toString()).trim();

    NodeIdentity n = TestPlans.node();
    InstallPlan plan =
        new InstallPlan(
                1,
                new NodeIdentity(
                    n.name(),
                    n.hostname(),
                    n.mac(),
                    n.ip(),
                    n.netmask(),
                    n.gateway(),
                    List.of("10.0.0.1"),
                    List.of("cluster"),
                    List.of()),
                "path=" + loop,
                new PartitionLayout(
                    "gpt",
                    List.of(
                        new PartitionSpec(
                            "1M", "none", Optional.empty(), Optional.empty(), List.of("bios_grub")),
                        new PartitionSpec(
                            "rest", "ext4", Optional.of("/"), Optional.of("root"), List.of()))),
                List.of(new Payload.Tarball("debian", tarball.toString(), sha256(tarball), "/")),
                List.of(),
                Finish.REBOOT,
                Optional.empty(),
                Optional.empty(),
                Optional.empty())
            .withBootloader(
                Optional.of(
                    new Bootloader(
                        Bootloader.Type.GRUB_BIOS,
                        Optional.of("console=ttyS0,115200 net.ifnames=0"))))
            .withFirstBoot(
                Optional.of(
                    new FirstBoot(
                        "http://10.0.0.1:8080/api/v1/agent/node01/first-boot",
                        "first-boot-token-1")));
    Path planFile = Files.writeString(dir.resolve("plan.json"), PlanCodec.toJson(plan));
    Path target = dir.resolve("target");
    int exit =
        AgentMain.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            StepContext.Environment.defaults(),
            "--plan",
            planFile.toString(),
            "--target",
            target.toString(),
            "--log-file",
            dir.resolve("agent.log").toString(),
            "--no-finish");
    String console = out.toString(StandardCharsets.UTF_8);
    // The step lines with their durations, for the record (docs/performance.md).
    console
        .lines()
        .filter(l -> l.startsWith("<== ") || l.startsWith("install "))
        .forEach(System.out::println);
    assertThat(exit).as(console).isEqualTo(0);
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(target.toString());

    String rootUuid =
        sh("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", loop + "p2").trim();
    Path check = Files.createDirectories(dir.resolve("check"));
    Mounts.readOnly(loop + "p2", check);
    mountedByTest.add(check);
    String kernel = onlyKernelVersion(check.resolve("boot"));

    String cfg = Files.readString(check.resolve("boot/grub/grub.cfg"));
    assertThat(cfg)
        .as("grub.cfg made by the target's grub-mkconfig")
        .contains("### BEGIN /etc/grub.d/10_linux ###")
        .contains("linux\t/boot/vmlinuz-" + kernel + " root=UUID=" + rootUuid + " ro ")
        .contains("console=ttyS0,115200 net.ifnames=0")
        .contains("initrd\t/boot/initrd.img-" + kernel)
        .contains("search --no-floppy --fs-uuid --set=root " + rootUuid)
        .contains("serial --unit=0 --speed=115200")
        .containsPattern("terminal_output .*serial");
    assertThat(cfg).doesNotContain("root=" + loop);
    assertThat(check.resolve("etc/default/grub"))
        .content()
        .contains("GRUB_CMDLINE_LINUX=\"console=ttyS0,115200 net.ifnames=0\"");
    assertThat(check.resolve("boot/grub/i386-pc/normal.mod")).exists();

    assertThat(check.resolve("etc/fstab"))
        .content()
        .containsPattern("UUID=" + rootUuid + "\\s+/\\s+ext4");
    assertThat(check.resolve("etc/hostname")).hasContent("node01");
    assertThat(check.resolve("etc/hosts")).content().contains("127.0.1.1\tnode01.cluster\tnode01");
    assertThat(check.resolve("etc/network/interfaces.d/lui0"))
        .content()
        .contains("iface lui0 inet static", "address 10.0.0.11", "gateway 10.0.0.1");
    // The payload ships an empty machine-id for systemd to fill at first boot: left as it is.
    assertThat(check.resolve("etc/machine-id")).isEmptyFile();
    // The first-boot report, enabled for systemd in the real target.
    assertThat(
            Files.readSymbolicLink(
                check.resolve("etc/systemd/system/multi-user.target.wants/lui-first-boot.service")))
        .isEqualTo(Path.of("/etc/systemd/system/lui-first-boot.service"));
    assertThat(check.resolve("etc/systemd/system/lui-first-boot.service")).exists();
    assertThat(check.resolve("etc/lui/first-boot.token")).hasContent("first-boot-token-1");
    assertThat(Files.getPosixFilePermissions(check.resolve("etc/lui/first-boot.token")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(check.resolve("usr/bin/bash")).isExecutable();
    assertThat(Files.readString(dir.resolve("agent.log"))).doesNotContain("first-boot-token-1");
    // /dev, /proc, /sys of the chroot were unmounted.
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(target + "/");
  }

  @Test
  void aFailingScriptAfterARealInstallStopsWithABoxNoRebootAndEverythingUnmounted()
      throws Exception {
    RealTools.rootAnd(
        "losetup",
        "sfdisk",
        "partx",
        "mkfs.ext4",
        "blkid",
        "lsblk",
        "tar",
        "zstd",
        "mount",
        "umount",
        "grub-install",
        "udevadm",
        "chroot");
    Path tarball = E2eCache.targetTarball();
    Path image = dir.resolve("disk.img");
    sh("truncate", "-s", "1536M", image.toString());
    loop = sh("losetup", "--find", "--show", "--partscan", image.toString()).trim();
    Path good =
        Files.writeString(
            dir.resolve("good.sh"),
            "echo \"hello from $(cat /etc/hostname)\"\necho ran > /etc/lui-script-ran\n");
    Path bad = Files.writeString(dir.resolve("bad.sh"), "echo about to fail >&2\nexit 7\n");
    InstallPlan plan =
        new InstallPlan(
                1,
                TestPlans.node(),
                "path=" + loop,
                new PartitionLayout(
                    "dos",
                    List.of(
                        new PartitionSpec(
                            "rest", "ext4", Optional.of("/"), Optional.empty(), List.of("boot")))),
                List.of(new Payload.Tarball("debian", tarball.toString(), sha256(tarball), "/")),
                List.of(
                    new dev.lui.contract.plan.ScriptStep("good", good.toString(), sha256(good)),
                    new dev.lui.contract.plan.ScriptStep("bad", bad.toString(), sha256(bad))),
                Finish.REBOOT,
                Optional.empty(),
                Optional.empty(),
                Optional.empty())
            .withBootloader(Optional.of(Bootloader.of(Bootloader.Type.NONE)));
    Path planFile = Files.writeString(dir.resolve("plan.json"), PlanCodec.toJson(plan));
    Path target = dir.resolve("target");
    // Finish enabled: a failed install must not reach the reboot.
    int exit =
        AgentMain.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            StepContext.Environment.defaults(),
            "--plan",
            planFile.toString(),
            "--target",
            target.toString(),
            "--log-file",
            dir.resolve("agent.log").toString());
    String console = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(console).isEqualTo(1);
    assertThat(console)
        .contains(
            "[scripts] stdout: hello from node01",
            "[scripts] stderr: about to fail",
            "<== scripts FAILED",
            "| LUI INSTALL FAILED in step 'scripts'",
            "it will NOT reboot",
            "<== unmount ok")
        .doesNotContain("==> bootloader", "==> finish");
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(target.toString());

    Path check = Files.createDirectories(dir.resolve("check"));
    Mounts.readOnly(loop + "p1", check);
    mountedByTest.add(check);
    assertThat(check.resolve("etc/lui-script-ran")).hasContent("ran");
    assertThat(check.resolve(".lui-scripts")).doesNotExist();
    assertThat(check.resolve("boot/grub/grub.cfg")).doesNotExist(); // bootloader: none
  }

  static String onlyKernelVersion(Path boot) throws Exception {
    try (var s = Files.list(boot)) {
      List<String> versions =
          s.map(p -> p.getFileName().toString())
              .filter(f -> f.startsWith("vmlinuz-"))
              .map(f -> f.substring(8))
              .toList();
      assertThat(versions).hasSize(1);
      return versions.get(0);
    }
  }

  static String sha256(Path p) throws Exception {
    return sh("sha256sum", p.toString()).substring(0, 64);
  }

  static String sh(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " exited " + rc + ": " + output);
    }
    return output;
  }

  static void exec(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
  }
}
