#!/usr/bin/env bash
# Install-image boot benchmark: boots an image built by `lui image build` (ImageBuilder) with
# QEMU's direct kernel boot (no PXE, no DHCP: a static ip= address) against nfs-ganesha in a
# throwaway network namespace, and prints when each stage of the boot chain is reached on the
# serial console: initramfs, NFS root + overlay, systemd, lui-agent.service, node root mounted,
# agent started. No lui server runs, so the agent ends with its failure banner, which is also
# the check that a failure leaves the node up. Not a test: figures depend on the machine.
#
#   tests/bench/image-boot.sh [IMAGE_DIR]   # default: the path in /var/cache/lui-e2e/images/READY
#
# Needs root, qemu-system-x86, nfs-ganesha + nfs-ganesha-vfs, rpcbind, iproute2.
# Env: TIMEOUT (s, default 400), SMP (default 2), EXTRA (more kernel arguments), SERIAL_OUT (keep
# the serial console log there).
set -euo pipefail

die() { echo "image-boot: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (network namespace, ganesha)"
IMG=${1:-$(cat /var/cache/lui-e2e/images/READY 2>/dev/null || true)}
[ -n "$IMG" ] && [ -f "$IMG/vmlinuz" ] && [ -d "$IMG/root" ] || die "no image dir (give IMAGE_DIR)"
IMG=$(readlink -f "$IMG")
for p in qemu-system-x86_64 ganesha.nfsd rpcbind ip; do
  command -v $p >/dev/null || die "$p not installed"
done

NS=lui-imgboot-$$
WORK=$(mktemp -d /tmp/image-boot.XXXXXX)
NR=$WORK/nodes/bench01
QPID= NPID=
cleanup() {
  [ -n "$QPID" ] && kill "$QPID" 2>/dev/null || true
  [ -n "$NPID" ] && kill -- -"$NPID" 2>/dev/null || true
  sleep 1
  for p in $(ip netns pids "$NS" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
  ip netns del "$NS" 2>/dev/null || true
  [ -n "${SERIAL_OUT:-}" ] && cp "$WORK/serial.log" "$SERIAL_OUT" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$NR/lui" "$NR/etc"
printf 'bench-token' > "$NR/lui/token"; chmod 600 "$NR/lui/token"
echo '{}' > "$NR/lui/plan.json"; echo bench01 > "$NR/etc/hostname"

ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add br0 type bridge
ip -n "$NS" addr add 10.78.0.1/24 dev br0
ip -n "$NS" link set br0 up
ip -n "$NS" tuntap add dev tap0 mode tap
ip -n "$NS" link set tap0 master br0 up

export_block() {
  echo "EXPORT { Export_Id = $1; Path = $2; Pseudo = $2; Access_Type = $3; Squash = No_Root_Squash;"
  echo "  Protocols = 3, 4; Transports = TCP; SecType = sys; FSAL { Name = VFS; } }"
}
{
  echo "NFS_CORE_PARAM { Protocols = 3, 4; Bind_addr = 10.78.0.1; }"
  echo "NFSV4 { Graceless = true; }"
  export_block 1 "$IMG/root" RO
  export_block 2 "$NR" RW
} > "$WORK/ganesha.conf"
# ganesha and rpcbind get private /run and /var/lib/nfs: the host stays untouched.
setsid ip netns exec "$NS" unshare -m sh -c "mount -t tmpfs tmpfs /run && mkdir -p /var/lib/nfs \
  && mount -t tmpfs tmpfs /var/lib/nfs && mkdir -p /var/lib/nfs/ganesha /run/ganesha \
  && rpcbind -w && exec ganesha.nfsd -F -f $WORK/ganesha.conf -L $WORK/ganesha.log \
  -p /run/ganesha/ganesha.pid" > "$WORK/nfs.out" 2>&1 &
NPID=$!
for _ in $(seq 1 30); do
  ip netns exec "$NS" sh -c 'exec 3<>/dev/tcp/10.78.0.1/2049' 2>/dev/null && break
  sleep 1
done

CMD="root=/dev/nfs nfsroot=10.78.0.1:$IMG/root,ro ip=10.78.0.10::10.78.0.1:255.255.255.0:bench01::off"
CMD="$CMD boot=nfs lui.server=http://10.78.0.1:9 lui.node=bench01 lui.noderoot=10.78.0.1:$NR"
CMD="$CMD console=ttyS0,115200 ${EXTRA:-}"
SERIAL=$WORK/serial.log
: > "$SERIAL"
start=$(date +%s.%N)
ip netns exec "$NS" timeout "${TIMEOUT:-400}" qemu-system-x86_64 -m 1024 -smp "${SMP:-2}" \
  -accel tcg,thread=multi -nographic -no-reboot -kernel "$IMG/vmlinuz" -initrd "$IMG/initrd.img" \
  -append "$CMD" -netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
  -device virtio-net-pci,netdev=n0,mac=52:54:00:78:00:10 > "$SERIAL" 2>&1 &
QPID=$!

echo "image: $IMG"
echo "stage                          seconds"
printf '%-30s %7.1f\n' "qemu started" 0
since() { awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }'; }
declare -A seen=()
mark() { # mark KEY LABEL PATTERN
  if [ -z "${seen[$1]:-}" ] && grep -aq -- "$3" "$SERIAL"; then
    seen[$1]=1
    printf '%-30s %7.1f\n' "$2" "$(since)"
  fi
}
result=timeout
while kill -0 "$QPID" 2>/dev/null; do
  mark init "initramfs /init" "Run /init as init process"
  mark ip "network configured (ip=)" "IP-Config: .* complete"
  mark root "NFS root + overlay done" "Running /scripts/init-bottom ... done"
  mark systemd "systemd started" "systemd.*running in system mode"
  mark unit "lui-agent.service starting" "Starting.*lui-agent.service"
  mark mounted "node root mounted at /lui" "lui: node root .* mounted at /lui"
  mark agent "agent started (java)" "lui: starting the install agent"
  if grep -aq "INSTALL FAILED\|cannot mount the node root\|Kernel panic" "$SERIAL"; then
    sleep 2
    grep -aq "INSTALL FAILED" "$SERIAL" && result=agent-ran || result=failed
    break
  fi
  sleep 0.5
done
printf '%-30s %7.1f\n' "end ($result)" "$(since)"
if [ "$result" != agent-ran ]; then
  echo "--- last console lines ---"; tail -n 40 "$SERIAL"
  exit 1
fi
grep -a "lui:" "$SERIAL" | sed 's/^/console: /' | tail -n 8
