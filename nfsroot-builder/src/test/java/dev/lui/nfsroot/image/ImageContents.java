package dev.lui.nfsroot.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lui.testkit.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks a real install image: kernel, initramfs, agent, runtime, unit, tools. Shared (this
 * module's test-jar) with the tests module, which checks the e2e image with it.
 */
public final class ImageContents {
  private ImageContents() {}

  static final List<String> TOOLS =
      List.of(
          "/usr/sbin/sfdisk",
          "/usr/sbin/mkfs.ext4",
          "/usr/sbin/mkfs.xfs",
          "/usr/sbin/mkfs.vfat",
          "/usr/sbin/mkswap",
          "/usr/sbin/blkid",
          "/usr/bin/lsblk",
          "/usr/sbin/wipefs",
          "/usr/bin/tar",
          "/usr/bin/zstd",
          "/usr/bin/xz",
          "/usr/bin/gzip",
          "/usr/bin/rpm",
          "/usr/sbin/grub-install",
          "/usr/bin/udevadm",
          "/usr/sbin/ip",
          "/usr/sbin/mount.nfs",
          "/usr/bin/busybox",
          "/usr/sbin/modprobe",
          "/usr/bin/ps",
          "/usr/sbin/chroot",
          "/usr/bin/java");

  public static void assertComplete(Image image) throws Exception {
    Path root = image.root();
    // A bzImage has the "HdrS" boot protocol magic at 0x202.
    byte[] k = Files.readAllBytes(image.kernel());
    assertThat(new String(k, 0x202, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("HdrS");

    List<String> initrd = Requirement.InitramfsModules.list(image.initrd());
    for (String m : List.of("nfs", "sunrpc", "overlay", "virtio_net", "virtio_pci", "virtio_blk")) {
      assertThat(initrd)
          .as("module " + m + " in the initramfs")
          .anyMatch(f -> Requirement.InitramfsModules.isModule(f, m));
    }
    assertThat(initrd)
        .contains("scripts/init-bottom/lui-overlay", "scripts/nfs", "conf/conf.d/lui.conf");

    for (String tool : TOOLS) {
      Optional<Path> p = ImageLayout.resolveInRoot(root, tool);
      assertThat(p).as(tool).isPresent();
      assertThat(Files.isExecutable(p.get())).as(tool + " executable").isTrue();
    }
    assertThat(root.resolve("usr/lib/grub/i386-pc/modinfo.sh")).as("grub for BIOS").exists();
    assertThat(root.resolve("usr/lib/grub/x86_64-efi/modinfo.sh")).as("grub for UEFI").exists();

    Path jar = root.resolve("usr/local/lib/lui/lui-agent.jar");
    assertThat(ImageLayout.sha256(jar)).isEqualTo(image.manifest().sha256().get("lui-agent.jar"));
    assertThat(
            Files.readSymbolicLink(
                root.resolve("etc/systemd/system/multi-user.target.wants/lui-agent.service")))
        .hasToString("../lui-agent.service");
    assertThat(root.resolve("usr/local/lib/lui/mount-noderoot")).isExecutable();
    assertThat(root.resolve("usr/local/lib/lui/run-agent")).isExecutable();
    assertThat(root.resolve("lui")).isDirectory();
    assertThat(image.manifest().packages())
        .anyMatch(p -> p.startsWith("linux-image-amd64 "))
        .anyMatch(p -> p.startsWith("openjdk-17-jre-headless "))
        .anyMatch(p -> p.startsWith("systemd "));
    assertThat(image.manifest().packages()).noneMatch(p -> p.startsWith("openssh-server "));
    assertThat(new ImageStore(image.dir().getParent().getParent()).verify(image.name()).problems())
        .isEmpty();

    boolean realJar =
        new String(Files.readAllBytes(jar), 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1)
            .equals("PK");
    if (ImageBuilder.isRoot() && RealTools.find("unshare").isPresent()) {
      // The runtime and the agent really run in the root, as after switch_root. java finds
      // libjli through /proc/self/exe, so /proc is mounted in a private mount namespace (gone
      // when the command ends; the image itself is not changed).
      Tools.Run r =
          Tools.run(
              "unshare",
              "--mount",
              "--propagation",
              "private",
              "sh",
              "-c",
              "mount -t proc proc \"$1/proc\" && exec chroot \"$1\" java -XX:TieredStopAtLevel=1 "
                  + (realJar ? "-jar /usr/local/lib/lui/lui-agent.jar --help" : "-version"),
              "sh",
              root.toString());
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).contains(realJar ? "--from-cmdline" : "17.");
    }
  }
}
