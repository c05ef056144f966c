#!/bin/sh
# lui image: mmdebstrap essential hook, run after the Essential packages and before the rest
# (the kernel among them). Usage: essential-hook.sh ROOT STAGE
# The initramfs configuration goes in now so the kernel's postinst builds the right initrd the
# first time, instead of building it twice.
set -eu
root=$1
stage=$2
install -d -m 0755 "$root/etc/initramfs-tools/conf.d" "$root/etc/initramfs-tools/hooks" \
  "$root/etc/initramfs-tools/scripts/init-bottom"
install -m 0644 "$stage/lui-initramfs.conf" "$root/etc/initramfs-tools/conf.d/lui.conf"
install -m 0644 "$stage/lui-modules" "$root/etc/initramfs-tools/lui-modules"
install -m 0755 "$stage/lui-initramfs-hook" "$root/etc/initramfs-tools/hooks/lui"
install -m 0755 "$stage/lui-overlay" "$root/etc/initramfs-tools/scripts/init-bottom/lui-overlay"
# Man pages are not installed (dpkg path-exclude), but update-alternatives still links java's
# into man1 and fails when the directory is missing.
install -d -m 0755 "$root/usr/share/man/man1"
echo "lui: initramfs configuration installed"
