#!/usr/bin/env bash
# The dashboard at scale (#16): the cluster page of NODES nodes (goal under 1 s) and the event
# stream under RATE node changes a second (goal: keeps up, no growing lag). Starts a real `lui
# server` on loopback in a temp state directory, defines NODES nodes in one batch, signs in as a
# browser does (form token cookie + field, admin token, session cookie), then:
#   1. times RUNS loads of /ui/ (every node in one HTML page), median and p90;
#   2. lets AGENTS nodes fetch their plans (their agents, with their own install tokens), opens
#      /ui/events, and posts step-started events (each a change of a node's step) at RATE a second
#      for SECONDS seconds over the node listener; for every change it notes when the post returned
#      and when the stream first showed that node with that step. Prints changes sent and seen, the
#      achieved rate, and the lag's median, p99 and max (and the lag of the last second against the
#      first: a stream falling behind grows).
# Asserts nothing about time (a smoke test: it fails when a call fails or changes go missing).
#
#   tests/bench/dashboard-bench.sh [NODES] [RUNS] [RATE] [SECONDS] [AGENTS]
#   defaults 10000 10 1000 10 2000; build first: ./mvnw -B -q -DskipTests package
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
nodes=${1:-10000}
runs=${2:-10}
rate=${3:-1000}
seconds=${4:-10}
agents=${5:-2000}
lui="$top/bin/lui"
work=$(mktemp -d /tmp/lui-dash-bench.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$nodes" > "$work/nodes.csv" <<'PY'
import sys
n = int(sys.argv[1])
print("name,mac,ip,netmask,gateway,hostname,groups,resources")
for i in range(n):
    print(f"d{i:05d},52:54:03:{(i>>16)&255:02x}:{(i>>8)&255:02x}:{i&255:02x},10.3.{i//250}.{i%250+1},255.255.0.0,10.3.255.254,,,system")
PY
printf '\037\213\010\000\000\000\000\000\000\003\003\000\000\000\000\000\000\000\000\000' > "$work/system.tar.gz"

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
state="$work/state"
http_port=$(port)
server_args=(server --state "$state" --http "127.0.0.1:$http_port" --tftp "127.0.0.1:$(port)" --admin-http "127.0.0.1:$(port)")
if "$lui" server --help 2>/dev/null | grep -q -- --allow-loopback; then server_args+=(--allow-loopback); fi
"$lui" "${server_args[@]}" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q "lui server ready" "$work/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "lui server ready" "$work/server.log" || { echo "dashboard-bench: server not ready in 30 s" >&2; cat "$work/server.log" >&2; exit 1; }
export LUI_STATE="$state"
"$lui" define-resource system --type tarball --source "$work/system.tar.gz" > /dev/null
"$lui" define-node --from "$work/nodes.csv" > /dev/null

echo "dashboard-bench: $nodes nodes, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$(cat "$state/server.url")" "$(cat "$state/admin.token")" "http://127.0.0.1:$http_port" \
  "$state/nfsroot/nodes" "$nodes" "$runs" "$rate" "$seconds" "$agents" "$lui" <<'PY'
import http.client, json, re, statistics, subprocess, sys, threading, time, urllib.parse
admin, token, node_url, roots = sys.argv[1:5]
nodes, runs, rate, seconds, agents = map(int, sys.argv[5:10])
lui = sys.argv[10]
a = urllib.parse.urlsplit(admin)
n = urllib.parse.urlsplit(node_url)

def conn(u):
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60)

# Sign in as a browser does.
c = conn(a)
c.request("GET", "/ui/sign-in")
r = c.getresponse(); page = r.read().decode()
form_cookie = re.search(r"(lui_signin=[^;]+)", r.getheader("Set-Cookie")).group(1)
form = re.search(r'name="form" value="([^"]+)"', page).group(1)
body = urllib.parse.urlencode({"form": form, "token": token})
c.request("POST", "/ui/sign-in", body, {"Cookie": form_cookie, "Content-Type": "application/x-www-form-urlencoded"})
r = c.getresponse(); r.read()
assert r.status == 303, r.status
session = re.search(r"(lui_session=[^;]+)", r.getheader("Set-Cookie")).group(1)

def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, int(round(p / 100 * len(xs) + 0.5)) - 1))]

# 1. The cluster page.
times = []; size = 0
for i in range(runs + 1):
    t = time.perf_counter()
    c.request("GET", "/ui/", headers={"Cookie": session})
    r = c.getresponse(); html = r.read()
    assert r.status == 200, r.status
    if i > 0:  # the first warms the server's JIT
        times.append((time.perf_counter() - t) * 1000)
    size = len(html)
shown = html.count(b'<a id="n-')
assert shown == nodes, f"the page shows {shown} nodes, expected {nodes}"
print(f"  cluster page, {nodes} nodes, {size / 1024:.0f} KiB: median {statistics.median(times):.0f} ms  p90 {pct(times, 90):.0f} ms  max {max(times):.0f} ms  ({runs} loads; goal 1000 ms)")

# 2. The event stream under load.
names = [f"d{i:05d}" for i in range(min(agents, nodes))]
tokens = {m: open(f"{roots}/{m}/lui/token").read().strip() for m in names}
run_of = {}
def fetch(part):
    cc = conn(n)
    for m in part:
        cc.request("GET", f"/api/v1/agent/{m}/plan", headers={"Authorization": "Bearer " + tokens[m]})
        r = cc.getresponse(); r.read()
        assert r.status == 200, (m, r.status)
        run_of[m] = r.getheader("Lui-Run")
t = time.perf_counter()
ths = [threading.Thread(target=fetch, args=(names[k::4],)) for k in range(4)]
[th.start() for th in ths]; [th.join() for th in ths]
print(f"  {len(names)} agents fetched their plans in {time.perf_counter() - t:.1f} s")

seen = {}  # node -> [(step number, first time the stream showed it)]
burst = {}  # node -> first time the stream showed it after the burst began
burst_from = [None]
lock = threading.Lock()
ready = threading.Event()
def follow():
    s = conn(a)
    s.request("GET", "/ui/events?since=-1", headers={"Cookie": session, "Accept": "text/event-stream"})
    r = s.getresponse()
    assert r.status == 200, r.status
    ready.set()
    event = None
    while True:
        line = r.fp.readline()
        if not line:
            return
        line = line.decode().rstrip("\n")
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:") and event in ("nodes", "snapshot"):
            now = time.perf_counter()
            with lock:
                for name, st, detail in json.loads(line[5:]):
                    if burst_from[0] is not None and event == "nodes":
                        burst.setdefault(name, now)
                    if detail.startswith("step"):
                        seen.setdefault(name, []).append((int(detail[4:]), now))
threading.Thread(target=follow, daemon=True).start()
ready.wait(30)
time.sleep(1)  # the snapshot of a stream opened after the page's version

total = rate * seconds
steps = [f"step{j}" for j in range((total + len(names) - 1) // len(names))]
changes = [(names[i % len(names)], steps[i // len(names)]) for i in range(total)]
sent = {}
seq = {m: 0 for m in names}
def post(part, start):
    cc = conn(n)
    for i, (m, st) in part:
        due = start + i / rate
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        seq[m] += 1
        ev = {"runId": run_of[m], "seq": seq[m], "time": "2026-12-08T00:00:00Z", "kind": "step-started", "step": st}
        cc.request("POST", f"/api/v1/agent/{m}/events", json.dumps({"events": [ev]}),
                   {"Authorization": "Bearer " + tokens[m], "Content-Type": "application/json"})
        r = cc.getresponse(); r.read()
        assert r.status == 200, (m, r.status)
        sent[(m, st)] = time.perf_counter()
posters = 16
start = time.perf_counter() + 0.2
# A node's changes stay on one poster, in order (its seq numbers).
parts = [[] for _ in range(posters)]
for i, ch in enumerate(changes):
    parts[hash(ch[0]) % posters].append((i, ch))
ths = [threading.Thread(target=post, args=(p, start)) for p in parts]
[th.start() for th in ths]; [th.join() for th in ths]
elapsed = time.perf_counter() - start
def shown(k):
    # When the stream first showed the node at this step or a later one (updates coalesce).
    j = int(k[1][4:])
    ts = [t for (s, t) in seen.get(k[0], []) if s >= j]
    return min(ts) if ts else None
deadline = time.perf_counter() + 30
while time.perf_counter() < deadline:
    with lock:
        if all(shown(k) is not None for k in sent):
            break
    time.sleep(0.2)
with lock:
    at = {k: shown(k) for k in sent}
lags = [(at[k] - sent[k]) * 1000 for k in sent if at[k] is not None]
missing = [k for k in sent if at[k] is None]
late = [(at[k] - sent[k]) * 1000 for k in sent if at[k] is not None and sent[k] - start > elapsed - 1]
early = [(at[k] - sent[k]) * 1000 for k in sent if at[k] is not None and sent[k] - start < 1]
print(f"  event stream: {len(sent)} changes posted in {elapsed:.1f} s ({len(sent) / elapsed:.0f}/s, target {rate}/s) by {posters} clients over {len(names)} nodes")
print(f"    seen in the stream: {len(lags)}; lag from post to stream median {statistics.median(lags):.0f} ms  p99 {pct(lags, 99):.0f} ms  max {max(lags):.0f} ms")
print(f"    lag median, first second {statistics.median(early):.0f} ms, last second {statistics.median(late):.0f} ms (a stream falling behind grows)")

# 3. A burst: lui install re-arms every node in one transaction (NODES changes at once).
time.sleep(1)
burst_from[0] = time.perf_counter()
subprocess.run([lui, "install", f"d[00000-{nodes - 1:05d}]"], check=True, stdout=subprocess.DEVNULL)
done = time.perf_counter()
deadline = done + 60
while time.perf_counter() < deadline and len(burst) < nodes:
    time.sleep(0.1)
with lock:
    got = len(burst)
    first = min(burst.values()) if burst else done
    last = max(burst.values()) if burst else done
b0 = burst_from[0]
print(f"  burst: lui install of {nodes} nodes returned after {done - b0:.1f} s (arming, then publishing the files); the stream showed {got} of them, the first {first - b0:.1f} s and the last {last - b0:.1f} s after the command began")
if missing:
    print(f"dashboard-bench: {len(missing)} changes never showed in the stream, e.g. {missing[:3]}", file=sys.stderr)
    sys.exit(1)
PY
