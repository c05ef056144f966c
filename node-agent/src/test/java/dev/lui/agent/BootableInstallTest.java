package dev.lui.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.agent.steps.StepContext;
import dev.lui.contract.plan.Finish;
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
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gpt disk with a bios_grub partition installed for real on a loop device: GRUB in the boot
 * sector and core.img in the bios_grub partition, grub.cfg for the image's kernel, the node's
 * identity and ifupdown network config; the disk chosen through a /dev/disk/by-id link.
 */
@Tag("slow")
class BootableInstallTest {
  @TempDir Path dir;
  private String loop;
  private Path byIdLink;
  private final List<Path> createdDirs = new ArrayList<>();
  private final List<Path> mountedByTest = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = mountedByTest.size() - 1; i >= 0; i--) {
      exec("umount", mountedByTest.get(i).toString());
    }
    if (byIdLink != null) {
      Files.deleteIfExists(byIdLink);
    }
    for (int i = createdDirs.size() - 1; i >= 0; i--) {
      Files.deleteIfExists(createdDirs.get(i));
    }
    if (loop != null) {
      exec("losetup", "-d", loop);
    }
  }

  @Test
  void installsGrubBiosAndIdentityOntoALoopDiskNamedByItsByIdLink() throws Exception {
    // grub-install finds a loop partition's start through `udevadm info` (loop devices answer
    // no HDIO_GETGEO), so udevadm is needed here, not on real disks.
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
        "grub-install",
        "udevadm",
        "ssh-keygen");
    Path image = dir.resolve("disk.img");
    sh("truncate", "-s", "128M", image.toString());
    loop = sh("losetup", "--find", "--show", "--partscan", image.toString()).trim();
    byIdLink = byIdLink(loop);

    // A "root image": a kernel and initrd (stand-ins), /etc/ssh and ifupdown's interfaces.
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("boot"));
    Files.writeString(tree.resolve("boot/vmlinuz-6.1.0-lui"), "kernel");
    Files.writeString(tree.resolve("boot/initrd.img-6.1.0-lui"), "initrd");
    Files.createDirectories(tree.resolve("etc/ssh"));
    Files.createDirectories(tree.resolve("etc/network"));
    Files.writeString(
        tree.resolve("etc/network/interfaces"),
        "auto lo\niface lo inet loopback\nsource /etc/network/interfaces.d/*\n");
    Files.writeString(tree.resolve("etc/machine-id"), "0123456789abcdef0123456789abcdef\n");
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
            "path=" + byIdLink,
            new PartitionLayout(
                "gpt",
                List.of(
                    new PartitionSpec(
                        "1M", "none", Optional.empty(), Optional.empty(), List.of("bios_grub")),
                    new PartitionSpec(
                        "rest", "ext4", Optional.of("/"), Optional.of("root"), List.of()))),
            List.of(new Payload.Tarball("root", tarball.toString(), sha(tarball), "/")),
            List.of(),
            Finish.REBOOT,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()); // bootloader: derived from bios_grub
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
    assertThat(exit).as(console).isEqualTo(0);
    assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(target.toString());

    // The by-id link was resolved to the loop device, and every disk was inventoried.
    String log = Files.readString(dir.resolve("agent.log"));
    assertThat(console).contains("selected " + loop);
    assertThat(log)
        .contains("\"stream\":\"inventory\"")
        .contains("\\\"path\\\":\\\"" + loop + "\\\"");

    // Boot code in the MBR, core.img in the bios_grub partition.
    byte[] mbr = read(loop, 0, 512);
    assertThat(new String(mbr, StandardCharsets.ISO_8859_1)).contains("GRUB");
    assertThat(mbr[510] & 0xff).isEqualTo(0x55);
    assertThat(mbr[511] & 0xff).isEqualTo(0xaa);

    Path check = Files.createDirectories(dir.resolve("check"));
    Mounts.readOnly(loop + "p2", check);
    mountedByTest.add(check);
    Path grub = check.resolve("boot/grub");
    assertThat(grub.resolve("i386-pc/normal.mod")).exists();
    byte[] core = Files.readAllBytes(grub.resolve("i386-pc/core.img"));
    // Embedding patches the block list at the end of sector 0 and two bytes of sector 1 (where
    // the image sits); the code before and everything after is verbatim.
    byte[] embedded = read(loop + "p1", 0, core.length);
    assertThat(Arrays.equals(embedded, 0, 500, core, 0, 500)).isTrue();
    assertThat(Arrays.equals(embedded, 1024, core.length, core, 1024, core.length)).isTrue();
    String rootUuid =
        sh("blkid", "-c", "/dev/null", "-s", "UUID", "-o", "value", loop + "p2").trim();
    assertThat(grub.resolve("grub.cfg"))
        .content()
        .contains("search --no-floppy --fs-uuid --set=root " + rootUuid)
        .contains("linux /boot/vmlinuz-6.1.0-lui root=UUID=" + rootUuid + " ro")
        .contains("initrd /boot/initrd.img-6.1.0-lui");

    // Identity and network.
    assertThat(check.resolve("etc/hostname")).hasContent("node01");
    assertThat(check.resolve("etc/hosts")).content().contains("127.0.1.1\tnode01.cluster\tnode01");
    assertThat(Files.readString(check.resolve("etc/machine-id")))
        .matches("[0-9a-f]{32}\n")
        .doesNotContain("0123456789abcdef");
    assertThat(check.resolve("etc/ssh/ssh_host_ed25519_key.pub")).exists();
    assertThat(check.resolve("etc/network/interfaces.d/lui0"))
        .content()
        .contains("iface lui0 inet static", "address 10.0.0.11", "gateway 10.0.0.1");
    assertThat(check.resolve("etc/systemd/network/10-lui0.link"))
        .content()
        .contains("MACAddress=52:54:00:12:34:56", "Name=lui0");
    assertThat(check.resolve("etc/resolv.conf")).content().contains("nameserver 10.0.0.1");
    assertThat(log).doesNotContain("PRIVATE KEY");
  }

  /** A fresh {@code /dev/disk/by-id/} link to the device (created dirs are removed after). */
  private Path byIdLink(String device) throws Exception {
    Path byId = Path.of("/dev/disk/by-id");
    for (Path p : List.of(Path.of("/dev/disk"), byId)) {
      if (!Files.isDirectory(p)) {
        Files.createDirectory(p);
        createdDirs.add(p);
      }
    }
    return Files.createSymbolicLink(byId.resolve("lui-test-" + UUID.randomUUID()), Path.of(device));
  }

  private static byte[] read(String device, long offset, int length) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(device, "r")) {
      byte[] b = new byte[length];
      f.seek(offset);
      f.readFully(b);
      return b;
    }
  }

  private static String sha(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  private static String sh(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " exited " + rc + ": " + output);
    }
    return output;
  }

  private static void exec(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
  }
}
