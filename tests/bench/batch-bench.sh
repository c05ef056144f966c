#!/usr/bin/env bash
# Times `lui define-node --from` of a large CSV against a real `lui server` on loopback, the CLI
# included (its JVM start too), as an admin runs it. Goal (#11): 10,000 rows under 5 s on a
# 2-core machine. Prints the figures; asserts nothing.
#
#   tests/bench/batch-bench.sh [ROWS] [RUNS]      (defaults 10000 and 3; build first: ./mvnw -DskipTests package)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-10000}
runs=${2:-3}
lui="$top/bin/lui"
work=$(mktemp -d /tmp/lui-batch-bench.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$rows" > "$work/nodes.csv" <<'PY'
import sys
n = int(sys.argv[1])
print("name,mac,ip,netmask,gateway,groups")
for i in range(n):
    print(f"c{i:05d},52:54:01:{(i>>16)&255:02x}:{(i>>8)&255:02x}:{i&255:02x},10.1.{i//250}.{i%250+1},255.255.0.0,10.1.255.254,compute")
PY
printf '\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00' > "$work/system.tar.gz"

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
echo "lui-batch-bench: $rows rows, $runs runs, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  state="$work/state$run"
  LUI_LOG_LEVEL=DEBUG "$lui" server --state "$state" --http "127.0.0.1:$(port)" --tftp "127.0.0.1:$(port)" --admin-http "127.0.0.1:$(port)" --allow-loopback > "$work/server$run.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do grep -q "lui server ready" "$work/server$run.log" 2>/dev/null && break; sleep 0.1; done
  export LUI_STATE="$state"
  "$lui" define-group compute > /dev/null
  "$lui" define-resource system --type tarball --source "$work/system.tar.gz" > /dev/null
  "$lui" allocate system --to compute > /dev/null
  start=$(date +%s%N)
  "$lui" define-node --from "$work/nodes.csv" > "$work/out$run" 2>&1
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  echo "run $run: $(tail -1 "$work/out$run") in $ms ms (goal 5000 ms: $(awk "BEGIN{printf \"%.2f\", $ms/5000}")x)"
  grep -o "staged .*\|change: work.*" "$work/server$run.log" | tail -6 | sed "s/^/  server: /"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
done
