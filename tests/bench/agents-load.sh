#!/usr/bin/env bash
# One lui server under load (#17): N simulated agents (default 1,000) against a real `lui server`
# on loopback, each with its own install token doing what an agent does over the real API (plan,
# payloads: one shared tarball and a small file each, log lines in the agent's batching, the end,
# then first-boot); and the shared payload served to C concurrent curl clients by lui and by nginx
# side by side. Prints the figures; exit 1 if a line was lost or duplicated or anything failed.
#
#   tests/bench/agents-load.sh [N]    (build first: ./mvnw -B -q -DskipTests package)
#
# Knobs (environment): LINES (500), SHARED_MIB (64), LINE_INTERVAL_MS (5, between an agent's
# lines), CURL_CLIENTS (N; 0 skips the comparison), LUI_JAVA_OPTS (the server's JVM options, e.g.
# -Xmx256m), LUI_SERVER (the command that runs the server instead of bin/lui, e.g. "java -jar
# OLD.jar" for a before/after), LOAD_JAVA_OPTS (the generator's), AGENTS=0 (the comparison only),
# NO_BUILD=1 (reuse the tests module's classes), KEEP_LOG=FILE (keep the server's log). Needs java,
# curl, nginx, python3.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-1000}
lines=${LINES:-500}
shared_mib=${SHARED_MIB:-64}
interval=${LINE_INTERVAL_MS:-5}
clients=${CURL_CLIENTS:-$n}
work=$(mktemp -d /tmp/lui-agents-load.XXXXXX)
server_pid=
nginx_pid=
cleanup() {
  [ -z "${KEEP_LOG:-}" ] || cp "$work/server.log" "$KEEP_LOG" 2>/dev/null || true
  for p in $nginx_pid $server_pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
die() { echo "agents-load: $*" >&2; exit 1; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

[ -f "$top/installer-core/target/lui.jar" ] || die "build first: ./mvnw -B -q -DskipTests package"
[ -n "${NO_BUILD:-}" ] && [ -f "$top/tests/target/agents-load.cp" ] || (cd "$top" && ./mvnw -B -q -o -pl tests -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$top/tests/target/agents-load.cp" -Dmdep.includeScope=test) > "$work/build.log" 2>&1 \
  || { cat "$work/build.log"; die "cannot build the tests module"; }
cp="$top/tests/target/test-classes:$(cat "$top/tests/target/agents-load.cp")"
# The reactor's own modules: their classes, not jars from ~/.m2.
for m in installer-core node-agent plan-contract lui-io tftp-server dhcp-config nfsroot-builder bmc-power test-kit; do
  cp="$top/$m/target/classes:$cp"
done

state="$work/state"
node_port=$(port)
${LUI_SERVER:-$top/bin/lui} server --state "$state" --http "127.0.0.1:$node_port" --tftp "127.0.0.1:$(port)" \
  --admin-http "127.0.0.1:$(port)" --allow-loopback > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do grep -q "lui server ready" "$work/server.log" 2>/dev/null && break; sleep 0.1; done
grep -q "lui server ready" "$work/server.log" || { cat "$work/server.log"; die "the server did not start"; }
node_url="http://127.0.0.1:$node_port"
gen() { java ${LOAD_JAVA_OPTS:--Xss512k} -cp "$cp" dev.lui.tests.load.AgentsLoad --state "$state" --node-url "$node_url" \
  --agents "$n" --lines "$lines" --shared-mib "$shared_mib" --line-interval-ms "$interval" --server-pid "$server_pid" "$@"; }

echo "agents-load: $n agents, lui server pid $server_pid (${LUI_JAVA_OPTS:-default JVM options}), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
gen --mode define

# Payload serving: lui (each client as one of the armed nodes, with its token) and nginx, same file.
if [ "$clients" -gt 0 ]; then
  [ -x /usr/sbin/nginx ] || die "nginx is not installed (apt-get install nginx)"
  [ "$clients" -le "$n" ] || die "CURL_CLIENTS must be at most N"
  url=$(python3 -c 'import json,sys; print(next(p["source"] for p in json.load(open(sys.argv[1]))["payloads"] if p["name"]=="system"))' \
    "$state/nfsroot/nodes/ld00001/lui/plan.json")
  sha=${url##*/}
  www="$work/www"; mkdir -p "$www"; chmod 755 "$work" "$www"
  cp "$state/content/sha256/${sha:0:2}/$sha" "$www/system.tar"; chmod 644 "$www/system.tar"
  nginx_port=$(port)
  cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  server { listen 127.0.0.1:$nginx_port; root $www; }
}
NGINX
  /usr/sbin/nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' 2> "$work/nginx.out" &
  nginx_pid=$!
  for _ in $(seq 1 50); do curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$nginx_port/system.tar" && break; sleep 0.1; done
  # Prints "MiB/s failures p99s": C clients at once, aggregate bytes over the wall time.
  fetch_all() { # NAME URL_BUILDER
    local name=$1 out="$work/curl-$1"; mkdir -p "$out"
    local t0; t0=$(date +%s%N)
    for i in $(seq 1 "$clients"); do
      node=$(printf 'ld%05d' "$i")
      if [ "$name" = lui ]; then
        curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' \
          -H "Authorization: Bearer $(cat "$state/nfsroot/nodes/$node/lui/token")" "${url/ld00001/$node}" > "$out/$i" 2>&1 &
      else
        curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' \
          "http://127.0.0.1:$nginx_port/system.tar" > "$out/$i" 2>&1 &
      fi
    done
    wait
    local t1; t1=$(date +%s%N)
    cat "$out"/* | python3 -c '
import sys
size, secs, clients = int(sys.argv[1]) << 20, (int(sys.argv[3]) - int(sys.argv[2])) / 1e9, int(sys.argv[4])
rows = [l.split() for l in sys.stdin if l.strip()]
ok = [r for r in rows if r[0] == "200" and int(r[1]) == size]
times = sorted(float(r[2]) for r in ok) or [0]
p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
print(f"{len(ok) * size / 1048576 / secs:.1f} {clients - len(ok)} {p99:.1f} {secs:.1f}")' "$shared_mib" "$t0" "$t1" "$clients"
  }
  cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, in clock ticks
  cpu0=$(cpu "$server_pid")
  read -r lui_rate lui_fail lui_p99 lui_secs < <(fetch_all lui)
  lui_cpu=$(python3 -c "print(f'{($(cpu "$server_pid") - $cpu0) / $(getconf CLK_TCK):.1f}')")
  read -r ngx_rate ngx_fail ngx_p99 ngx_secs < <(fetch_all nginx)
  kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=
  echo "payload serving: $clients curl clients at once, ${shared_mib} MiB each (load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "  lui:   $lui_rate MiB/s aggregate in $lui_secs s, $lui_fail failed, p99 $lui_p99 s; server CPU $lui_cpu s"
  echo "  nginx: $ngx_rate MiB/s aggregate in $ngx_secs s, $ngx_fail failed, p99 $ngx_p99 s"
  echo "  lui / nginx: $(python3 -c "print(f'{$lui_rate / max($ngx_rate, 1e-9):.2f}x')") (goal 0.9x)"
fi

status=0
[ "${AGENTS:-1}" = 0 ] || gen --mode agents || status=$?
echo "  server log: $(grep -c ' WARN ' "$work/server.log" || true) WARN, $(grep -c ' ERROR ' "$work/server.log" || true) ERROR lines"
grep ' ERROR ' "$work/server.log" | head -5 | sed 's/^/    /' || true
exit "$status"
