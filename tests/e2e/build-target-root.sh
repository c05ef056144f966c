#!/bin/bash
# Builds the end-to-end test's target payload: a minimal bootable Debian root as one tarball
# (systemd, a kernel, GRUB for BIOS and UEFI, networkd). The result is cached: an existing,
# complete OUT is kept. Usage: build-target-root.sh OUT.tar.zst [SUITE] [MIRROR]
set -euo pipefail
out=${1:?usage: build-target-root.sh OUT.tar.zst [SUITE] [MIRROR]}
suite=${2:-bookworm}
mirror=${3:-http://deb.debian.org/debian}
if [[ -s $out && -s $out.sha256 ]]; then
  echo "target root: cached $out"
  exit 0
fi
mkdir -p "$(dirname "$out")"
# One builder at a time per cache file; a second caller waits and then finds the cached result.
exec 9>"$out.lock"
flock 9
if [[ -s $out && -s $out.sha256 ]]; then
  echo "target root: cached $out"
  exit 0
fi
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
start=$(date +%s)
# No recommends keeps it small (about 250 MB unpacked); the packages are what booting needs.
nice -n 10 mmdebstrap --variant=minbase --mode=root --format=tar \
  --include=systemd-sysv,udev,linux-image-amd64,initramfs-tools,grub-pc-bin,grub-efi-amd64-bin,grub2-common,iproute2,netbase,ifupdown,zstd \
  --customize-hook='rm -f "$1"/etc/hostname "$1"/etc/machine-id; touch "$1"/etc/machine-id' \
  --customize-hook='echo "root:lui" | chroot "$1" chpasswd' \
  "$suite" - "$mirror" | zstd -q -T0 -3 -o "$tmp" -f
sync "$tmp"
mv "$tmp" "$out"
(cd "$(dirname "$out")" && sha256sum "$(basename "$out")" > "$out.sha256")
echo "target root: built $out ($(du -h "$out" | cut -f1)) in $(( $(date +%s) - start )) s"
