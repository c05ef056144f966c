#!/bin/sh
# lui image: mmdebstrap customize hook, run when every package is installed.
# Usage: customize-hook.sh ROOT STAGE   (STAGE holds these resources and lui-agent.jar)
set -eu
root=$1
stage=$2
lib=$root/usr/local/lib/lui
sysd=$root/etc/systemd/system

install -d -m 0755 "$lib" "$root/lui" "$sysd/multi-user.target.wants" \
  "$sysd/getty@.service.d" "$sysd/serial-getty@.service.d"
install -m 0644 "$stage/lui-agent.jar" "$lib/lui-agent.jar"
install -m 0755 "$stage/mount-noderoot" "$lib/mount-noderoot"
install -m 0755 "$stage/run-agent" "$lib/run-agent"
install -m 0644 "$stage/lui-agent.service" "$sysd/lui-agent.service"
ln -sf ../lui-agent.service "$sysd/multi-user.target.wants/lui-agent.service"
install -m 0644 "$stage/getty-after-agent.conf" "$sysd/getty@.service.d/lui.conf"
install -m 0644 "$stage/getty-after-agent.conf" "$sysd/serial-getty@.service.d/lui.conf"
printf 'lui install environment: the agent is started by lui-agent.service.\n' > "$lib/README"

# An empty machine-id: systemd makes a transient one at each boot, and no first-boot prompts.
: > "$root/etc/machine-id"
ln -sf /dev/null "$sysd/systemd-firstboot.service"
# mmdebstrap copies the build host's hostname and resolv.conf: neither belongs in the image.
# Without /etc/hostname, systemd keeps the name the initramfs got from DHCP (ip=).
rm -f "$root/etc/hostname" "$root/etc/resolv.conf"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"

# The kernel's postinst built the initrd with the configuration from the essential hook; build
# it only if that did not happen. (An imported root without initramfs-tools is left to the
# checks that follow, which say what is missing.)
if ls "$root"/boot/vmlinuz-* >/dev/null 2>&1 && ! ls "$root"/boot/initrd.img-* >/dev/null 2>&1 \
  && [ -x "$root/usr/sbin/update-initramfs" ]; then
  chroot "$root" update-initramfs -c -k all
fi
echo "lui: agent, unit and helpers installed"
