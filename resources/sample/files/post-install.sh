#!/bin/sh
# Sample post-install script: runs inside the installed system (chroot) after every payload.
set -eu
echo "post-install on $(cat /etc/hostname 2>/dev/null || echo unknown)" > /etc/lui/post-install.done
