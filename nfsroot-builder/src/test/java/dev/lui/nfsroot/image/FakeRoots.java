package dev.lui.nfsroot.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/** Small roots that look like an install environment, for tests without a mirror. */
final class FakeRoots {
  static final String KVER = "6.1.0-99-amd64";

  /** Parts a fake root can leave out, to test the checks. */
  enum Part {
    JAVA,
    SFDISK,
    MKFS_EXT4,
    TAR,
    GRUB_INSTALL,
    MOUNT_NFS,
    KERNEL,
    INITRD,
    NFS_MODULE
  }

  private FakeRoots() {}

  static Path full(Path root) throws IOException, InterruptedException {
    return without(root, Set.of());
  }

  /** A merged-/usr root with the tools, a kernel and a real (gzip cpio) initramfs. */
  static Path without(Path root, Set<Part> omit) throws IOException, InterruptedException {
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createDirectories(root.resolve("usr/sbin"));
    Files.createDirectories(root.resolve("etc/alternatives"));
    Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
    Files.createSymbolicLink(root.resolve("sbin"), Path.of("usr/sbin"));
    if (!omit.contains(Part.JAVA)) {
      // Debian's shape: absolute links through /etc/alternatives, which must resolve inside root.
      exe(root.resolve("usr/lib/jvm/java-17-openjdk-amd64/bin/java"));
      Files.createSymbolicLink(
          root.resolve("etc/alternatives/java"),
          Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"));
      Files.createSymbolicLink(root.resolve("usr/bin/java"), Path.of("/etc/alternatives/java"));
    }
    if (!omit.contains(Part.SFDISK)) {
      exe(root.resolve("usr/sbin/sfdisk"));
    }
    if (!omit.contains(Part.MKFS_EXT4)) {
      exe(root.resolve("usr/sbin/mke2fs"));
      Files.createSymbolicLink(root.resolve("usr/sbin/mkfs.ext4"), Path.of("mke2fs"));
    }
    if (!omit.contains(Part.TAR)) {
      exe(root.resolve("usr/bin/tar"));
    }
    if (!omit.contains(Part.GRUB_INSTALL)) {
      exe(root.resolve("usr/sbin/grub-install"));
    }
    if (!omit.contains(Part.MOUNT_NFS)) {
      exe(root.resolve("sbin/mount.nfs"));
    }
    Files.createDirectories(root.resolve("boot"));
    if (!omit.contains(Part.KERNEL)) {
      Files.writeString(root.resolve("boot/vmlinuz-" + KVER), "fake kernel " + KVER + "\n");
      Files.writeString(root.resolve("boot/vmlinuz-6.1.0-9-amd64"), "older kernel\n");
    }
    if (!omit.contains(Part.INITRD)) {
      Path tree = Files.createTempDirectory("lui-fake-initrd");
      try {
        String mods = "usr/lib/modules/" + KVER + "/kernel/fs/";
        if (!omit.contains(Part.NFS_MODULE)) {
          Files.createDirectories(tree.resolve(mods + "nfs"));
          Files.writeString(tree.resolve(mods + "nfs/nfs.ko"), "nfs");
        }
        Files.createDirectories(tree.resolve(mods + "overlayfs"));
        Files.writeString(tree.resolve(mods + "overlayfs/overlay.ko"), "overlay");
        Files.createDirectories(tree.resolve("scripts/init-bottom"));
        Files.writeString(tree.resolve("scripts/init-bottom/lui-overlay"), "#!/bin/sh\n");
        Path out = root.resolve("boot/initrd.img-" + KVER);
        Tools.Run r =
            Tools.run(
                "sh",
                "-c",
                "cd \"$1\" && find . | cpio -o -H newc --quiet | gzip -1 > \"$2\"",
                "sh",
                tree.toString(),
                out.toString());
        if (r.exit() != 0) {
          throw new IOException("making the fake initramfs failed: " + r.output());
        }
      } finally {
        dev.lui.nfsroot.fs.TreeRemover.deleteTree(tree);
      }
    }
    Files.createDirectories(root.resolve("var/lib/dpkg"));
    Files.writeString(
        root.resolve("var/lib/dpkg/status"),
        String.join(
            "\n",
            "Package: tar",
            "Status: install ok installed",
            "Version: 1.34+dfsg-1.2",
            "",
            "Package: removed-one",
            "Status: deinstall ok config-files",
            "Version: 1.0",
            "",
            "Package: busybox",
            "Status: install ok installed",
            "Version: 1:1.35.0-4+b3",
            ""),
        StandardCharsets.UTF_8);
    return root;
  }

  static void exe(Path p) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * A stand-in for mmdebstrap that behaves like it where the builder cares: the target is the
   * second-to-last argument, hooks run with sh -c and the root as $1, output goes to stdout.
   */
  static Path fakeMmdebstrap(Path dir, Path template, int exitCode) throws IOException {
    Path script = dir.resolve("fake-mmdebstrap");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "set -e",
            "for a in \"$@\"; do echo \"I: arg $a\"; done",
            "n=$#",
            "eval root=\\${$((n - 1))}",
            "for a in \"$@\"; do",
            "  case \"$a\" in",
            "    --essential-hook=*) essential=${a#--essential-hook=} ;;",
            "  esac",
            "done",
            "mkdir -p \"$root\"",
            "if [ " + exitCode + " -ne 0 ]; then echo 'E: fake failure'; exit " + exitCode + "; fi",
            "sh -c \"$essential\" exec \"$root\"",
            "cp -a '" + template + "/.' \"$root/\"",
            "for a in \"$@\"; do",
            "  case \"$a\" in --customize-hook=*) sh -c \"${a#--customize-hook=}\" exec \"$root\""
                + " ;; esac",
            "done",
            "echo 'I: success'",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  static Path fakeJar(Path dir, String content) throws IOException {
    Path jar = dir.resolve("lui-agent.jar");
    Files.writeString(jar, content);
    return jar;
  }

  static List<String> lines(String s) {
    return List.of(s.split("\n"));
  }
}
