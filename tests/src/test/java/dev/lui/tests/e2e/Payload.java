package dev.lui.tests.e2e;

/**
 * The plan's payload besides the target tarball: a partition table, a file and a script. The script
 * installs a unit that, on the installed system's boot, writes its host name, addresses and the
 * file's contents to the serial port: the disk boot is checked without logging in.
 */
final class Payload {
  static final String FILE_TARGET = "/etc/lui-e2e-file";
  static final String FILE_CONTENT = "lui-e2e file resource";
  static final String BOOTED = "LUI-E2E-BOOTED";

  static final String BIOS_TABLE =
      "label gpt\n"
          + "1  1M    none  -  bios_grub\n"
          + "2  rest  ext4  /  label=root\n"
          // The installed system's console on the serial port too: a failing disk boot shows why.
          + "bootloader grub-bios console=tty0 console=ttyS0,115200\n";

  static final String UEFI_TABLE =
      "label gpt\n"
          + "1  1M    none  -          bios_grub\n"
          + "2  100M  vfat  /boot/efi  esp label=ESP\n"
          + "3  rest  ext4  /          label=root\n"
          + "bootloader grub-efi console=tty0 console=ttyS0,115200\n";

  static final String SCRIPT =
      "#!/bin/sh\n"
          + "# lui e2e: report the installed system's identity on the serial console at boot.\n"
          + "set -e\n"
          + "cat > /usr/local/sbin/lui-e2e-booted <<'EOS'\n"
          + "#!/bin/sh\n"
          + "addrs=$(ip -4 -o addr show scope global | while read -r _ dev _ addr _; do printf '%s=%s ' \"$dev\" \"$addr\"; done)\n"
          + "printf '\\r\\n"
          + BOOTED
          + " hostname=%s addrs=%s file=%s\\r\\n' \"$(hostname)\" \"$addrs\" \"$(tr ' ' _ < "
          + FILE_TARGET
          + ")\" > /dev/ttyS0\n"
          + "EOS\n"
          + "chmod 0755 /usr/local/sbin/lui-e2e-booted\n"
          + "cat > /etc/systemd/system/lui-e2e-booted.service <<'EOS'\n"
          + "[Unit]\n"
          + "Description=lui e2e: report identity on the serial console\n"
          + "After=network-online.target\n"
          + "Wants=network-online.target\n"
          + "[Service]\n"
          + "Type=oneshot\n"
          + "ExecStart=/usr/local/sbin/lui-e2e-booted\n"
          + "[Install]\n"
          + "WantedBy=multi-user.target\n"
          + "EOS\n"
          + "mkdir -p /etc/systemd/system/multi-user.target.wants\n"
          + "ln -sf /etc/systemd/system/lui-e2e-booted.service /etc/systemd/system/multi-user.target.wants/\n"
          + "echo 'lui-e2e script ran'\n";

  private Payload() {}
}
