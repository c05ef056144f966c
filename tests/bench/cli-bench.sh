#!/usr/bin/env bash
# How long one CLI call takes, JVM start included, as an admin types it (#15: `lui list-nodes`
# against a 1,000-node server under 0.4 s). Starts a real `lui server` on loopback in a temp state
# directory, defines NODES nodes in one batch, then times RUNS runs of `lui list-nodes` and of
# `curl` of the same API call (the floor: the server's answer without any client start-up).
# Prints median and p90 of each and their ratio; asserts nothing about time (CI runs it as a
# smoke test: it fails only when a call fails or the listing is short).
#
#   tests/bench/cli-bench.sh [NODES] [RUNS]     (defaults 1000 and 20; build first: ./mvnw -DskipTests package)
#
# LUI=COMMAND times another launcher instead of this checkout's bin/lui (which still runs the
# server); LUI_B=COMMAND times a second one in the same runs, interleaved, e.g. the previous build
# (a before/after under the same machine load).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
nodes=${1:-1000}
runs=${2:-20}
lui="$top/bin/lui"
client=${LUI:-$lui}
client_b=${LUI_B:-}
work=$(mktemp -d /tmp/lui-cli-bench.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$nodes" > "$work/nodes.csv" <<'PY'
import sys
n = int(sys.argv[1])
print("name,mac,ip,netmask,gateway")
for i in range(n):
    print(f"b{i:05d},52:54:02:{(i>>16)&255:02x}:{(i>>8)&255:02x}:{i&255:02x},10.2.{i//250}.{i%250+1},255.255.0.0,10.2.255.254")
PY

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
state="$work/state"
server_args=(server --state "$state" --http "127.0.0.1:$(port)" --tftp "127.0.0.1:$(port)" --admin-http "127.0.0.1:$(port)")
# Servers that refuse loopback boot entries without it have the flag; older ones do not.
if "$lui" server --help 2>/dev/null | grep -q -- --allow-loopback; then server_args+=(--allow-loopback); fi
"$lui" "${server_args[@]}" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q "lui server ready" "$work/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "lui server ready" "$work/server.log" || { echo "cli-bench: server not ready in 30 s" >&2; cat "$work/server.log" >&2; exit 1; }
export LUI_STATE="$state"
"$lui" define-node --from "$work/nodes.csv" > /dev/null
url=$(cat "$state/server.url")
token=$(cat "$state/admin.token")

# One untimed call each (file cache, the server's JIT), and a check that both see every node.
listed=$($client list-nodes | wc -l)
[ "$listed" -eq $((nodes + 1)) ] || { echo "cli-bench: list-nodes printed $listed lines, expected $((nodes + 1))" >&2; exit 1; }
if [ -n "$client_b" ]; then
  listed=$($client_b list-nodes | wc -l)
  [ "$listed" -eq $((nodes + 1)) ] || { echo "cli-bench: LUI_B list-nodes printed $listed lines, expected $((nodes + 1))" >&2; exit 1; }
fi
curled=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v1/nodes" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$curled" -eq "$nodes" ] || { echo "cli-bench: curl got $curled nodes, expected $nodes" >&2; exit 1; }

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
: > "$work/lui.ms"; : > "$work/curl.ms"; : > "$work/lui_b.ms"
for _ in $(seq 1 "$runs"); do
  # Interleaved, so a load spike on the machine hits every client alike.
  start=$(date +%s%N); $client list-nodes > /dev/null; ms "$start" >> "$work/lui.ms"
  if [ -n "$client_b" ]; then
    start=$(date +%s%N); $client_b list-nodes > /dev/null; ms "$start" >> "$work/lui_b.ms"
  fi
  start=$(date +%s%N); curl -sf -H "Authorization: Bearer $token" "$url/api/v1/nodes" -o /dev/null; ms "$start" >> "$work/curl.ms"
done
# Nearest-rank percentiles.
pct() { sort -n "$1" | awk -v p="$2" '{v[NR]=$1} END{i=int((p*NR+99)/100); if(i<1)i=1; print v[i]}'; }
lui_med=$(pct "$work/lui.ms" 50); lui_p90=$(pct "$work/lui.ms" 90)
curl_med=$(pct "$work/curl.ms" 50); curl_p90=$(pct "$work/curl.ms" 90)
echo "cli-bench: $nodes nodes, $runs runs each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  lui list-nodes   median $lui_med ms  p90 $lui_p90 ms  (goal 400 ms)"
if [ -n "$client_b" ]; then
  echo "  LUI_B list-nodes median $(pct "$work/lui_b.ms" 50) ms  p90 $(pct "$work/lui_b.ms" 90) ms  ($client_b)"
fi
echo "  curl (floor)     median $curl_med ms  p90 $curl_p90 ms"
echo "  ratio lui/curl   $(awk "BEGIN{printf \"%.1f\", $lui_med/($curl_med>0?$curl_med:1)}")x (medians)"
