package dev.lui.testkit;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which Debian package brings each program a test may need: the one table {@link RealTools} names
 * packages from. {@code .ci/run} installs every package here (a test of this module checks it); a
 * test needing a new program adds it here and there.
 */
public final class DebianPackages {
  private static final Map<String, String> PACKAGE_OF = new TreeMap<>();

  static {
    add("isc-dhcp-server", "dhcpd");
    add("isc-dhcp-client", "dhclient");
    add("kea-dhcp4-server", "kea-dhcp4");
    add("dnsmasq", "dnsmasq");
    add("bind9", "named");
    add("bind9-utils", "named-checkzone");
    add("curl", "curl");
    add("wget", "wget");
    add("tftp-hpa", "tftp");
    add("atftp", "atftp");
    add("busybox", "busybox");
    add("openssl", "openssl");
    add("openssh-client", "ssh-keygen");
    add("iproute2", "ip");
    add("coreutils", "chroot", "dd", "sha256sum", "truncate");
    add("bash", "bash");
    add("mount", "mount", "umount", "losetup");
    add("util-linux", "partx", "blkid", "lsblk", "mkswap", "setpriv", "unshare");
    add("fdisk", "sfdisk");
    add("e2fsprogs", "mkfs.ext4");
    add("dosfstools", "mkfs.vfat");
    add("xfsprogs", "mkfs.xfs");
    add("tar", "tar");
    add("zstd", "zstd");
    add("cpio", "cpio");
    add("rpm", "rpm", "rpmbuild");
    add("dpkg", "dpkg-deb");
    add("udev", "udevadm");
    add("grub2-common", "grub-install");
    add("grub-common", "grub-mknetdir", "grub-script-check");
    add("extlinux", "extlinux");
    add("mmdebstrap", "mmdebstrap");
    add("initramfs-tools-core", "lsinitramfs");
    add("nfs-ganesha", "ganesha.nfsd");
    add("rpcbind", "rpcbind");
    add("libnfs-utils", "nfs-ls", "nfs-cp");
    add("qemu-system-x86", "qemu-system-x86_64");
    add("qemu-utils", "qemu-img");
    add("radvd", "radvd");
    add("gcc", "gcc");
    add("openipmi", "ipmi_sim");
    add("ipmitool", "ipmitool");
    // /metrics parsed and linted by Prometheus' own text-format parser.
    add("prometheus", "promtool");
    // The PostgreSQL store's tests (Postgres): the server in /usr/lib/postgresql/VERSION/bin.
    add("postgresql", "initdb", "postgres", "pg_isready", "psql");
    // The Debian package (packaging/): built with asciidoctor, checked with man and
    // systemd-analyze.
    add("asciidoctor", "asciidoctor");
    add("man-db", "man");
    add("systemd", "systemd-analyze");
    // The dashboard in a real browser (#16): Selenium drives Debian's chromium through its driver.
    add("chromium", "chromium");
    add("chromium-driver", "chromedriver");
  }

  private DebianPackages() {}

  private static void add(String debianPackage, String... programs) {
    for (String program : programs) {
      if (PACKAGE_OF.put(program, debianPackage) != null) {
        throw new IllegalStateException("program '" + program + "' is listed twice");
      }
    }
  }

  /**
   * The package that installs {@code program}.
   *
   * @throws IllegalArgumentException if the table does not list it (add it here and to .ci/run)
   */
  public static String of(String program) {
    String pkg = PACKAGE_OF.get(program);
    if (pkg == null) {
      throw new IllegalArgumentException(
          "program '"
              + program
              + "' is not in dev.lui.testkit.DebianPackages: add it with its Debian package (and"
              + " the package to .ci/run)");
    }
    return pkg;
  }

  /** Every package in the table, sorted. */
  public static Collection<String> all() {
    return new TreeSet<>(PACKAGE_OF.values());
  }
}
