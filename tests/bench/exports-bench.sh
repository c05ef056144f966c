#!/usr/bin/env bash
# NFS exports scale benchmark: N node roots (default 10,000) written as a kernel exports file and
# an nfs-ganesha config (first write, unchanged rewrite, one node removed); with --ganesha also
# starts the real ganesha.nfsd with all exports inside a throwaway network namespace and times a
# SIGHUP reload. Prints each stage's time. Not a test: figures depend on the machine.
#
#   tests/bench/exports-bench.sh [NODES] [--ganesha]
#
# Needs: java, mvn (offline build of nfsroot-builder's test classes); --ganesha also needs root,
# iproute2, nfs-ganesha, nfs-ganesha-vfs, rpcbind.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
NODES=${1:-10000}
GANESHA=${2:-}
WORK=$(mktemp -d /tmp/exports-bench.XXXXXX)
NS=
cleanup() {
  [ -n "$NS" ] && ip netns del "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
die() { echo "exports-bench: $*" >&2; exit 1; }

(cd "$REPO" && mvn -B -q -o -pl nfsroot-builder test-compile) || die "cannot build nfsroot-builder"
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$REPO/pom.xml" | head -1; }
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$REPO/nfsroot-builder/target/classes:$REPO/nfsroot-builder/target/test-classes
CP=$CP:$M2/org/slf4j/slf4j-api/$(prop slf4j.version)/slf4j-api-$(prop slf4j.version).jar

ARGS=("$NODES" "$WORK")
if [ "$GANESHA" = "--ganesha" ]; then
  NS=lui-exbench-$$
  ip netns add "$NS"
  ip -n "$NS" link set lo up
  ip -n "$NS" link add br0 type bridge
  ip -n "$NS" addr add 10.1.0.1/16 dev br0
  ip -n "$NS" link set br0 up
  ARGS+=("$NS")
fi
nice -n 10 java -cp "$CP" dev.lui.nfsroot.bench.ExportsBench "${ARGS[@]}"
