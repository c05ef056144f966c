#!/bin/sh
# lui image: mmdebstrap customize hook that drops kernel modules an install environment never
# needs (sound, graphics, media, wireless, bluetooth, ...). The image gets smaller, and udev has
# fewer modules to load at boot, which is slow under emulation. Usage: slim-hook.sh ROOT
# The initramfs is already built (MODULES=netboot), so it is not affected.
set -eu
root=$1
for kdir in "$root"/usr/lib/modules/*/; do
  [ -d "$kdir/kernel" ] || continue
  k=$kdir/kernel
  rm -rf "$k/sound" "$k/drivers/gpu" "$k/drivers/media" "$k/drivers/net/wireless" \
    "$k/drivers/bluetooth" "$k/net/bluetooth" "$k/net/wireless" "$k/net/mac80211" \
    "$k/drivers/staging" "$k/drivers/infiniband" "$k/drivers/isdn" "$k/drivers/iio" \
    "$k/drivers/input/joystick" "$k/drivers/input/touchscreen" "$k/drivers/parport" \
    "$k/drivers/block/floppy.ko" "$k/drivers/input/misc/pcspkr.ko"
  chroot "$root" depmod -a "$(basename "$kdir")"
done
echo "lui: unneeded kernel modules removed"
