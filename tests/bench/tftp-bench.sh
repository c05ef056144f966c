#!/usr/bin/env bash
# TFTP benchmark: lui's server against tftpd-hpa, dnsmasq and atftpd on loopback, same clients
# and files, all in one run. Prints MiB/s per server, then lui's ratio to each peer and to the best
# peer. Not a test: figures depend on the machine; run it on an otherwise idle box.
#
#   tests/bench/tftp-bench.sh            # from the repository root
#
# Environment (defaults in brackets): BIG_MIB [100] single-stream file, CONC_MIB [30] file for
# concurrent runs, CONC ["50 200 500"] concurrency levels (empty: none), SERVERS ["lui tftpd-hpa
# dnsmasq atftpd"], BLKSIZES ["512 1468 8192"], WINDOWS ["8 16 64"] (at blksize 1468).
# LUI_B_JAR: another build of the tftp-server jar, run as server "lui-b" (add it to SERVERS) to
# compare two builds of lui in one run; its column then counts as a peer.
# Needs: java, atftp, curl, tftpd-hpa (in.tftpd), dnsmasq; atftpd is fetched with
# `apt-get download` and unpacked with `dpkg -x` into /tmp (it conflicts with tftpd-hpa as a
# package). dnsmasq has no port option for TFTP, so it binds 127.0.0.1:69 (root needed).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
BIG_MIB=${BIG_MIB:-100}
CONC_MIB=${CONC_MIB:-30}
CONC=${CONC-"50 200 500"}
SERVERS=${SERVERS:-"lui tftpd-hpa dnsmasq atftpd"}
BLKSIZES=${BLKSIZES-"512 1468 8192"}
WINDOWS=${WINDOWS-"8 16 64"}
WORK=$(mktemp -d /tmp/tftp-bench.XXXXXX)
ROOT=$WORK/root
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

die() { echo "tftp-bench: $*" >&2; exit 1; }
for t in java atftp curl in.tftpd dnsmasq; do
  command -v "$t" >/dev/null || die "$t not found (Debian packages: default-jre atftp curl tftpd-hpa dnsmasq)"
done

# lui: the module's jar plus its runtime dependencies from the local Maven repository.
JAR=$REPO/tftp-server/target/tftp-server-0.1.0-SNAPSHOT.jar
if [[ ! -f $JAR ]]; then
  (cd "$REPO" && mvn -B -q -o -pl tftp-server package -DskipTests) || die "cannot build $JAR"
fi
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$REPO/pom.xml" | head -1; }
M2=${M2_REPO:-$HOME/.m2/repository}
CP=$JAR:$M2/commons-net/commons-net/$(prop commons-net.version)/commons-net-$(prop commons-net.version).jar
CP=$CP:$M2/info/picocli/picocli/$(prop picocli.version)/picocli-$(prop picocli.version).jar
CP=$CP:$M2/org/slf4j/slf4j-api/$(prop slf4j.version)/slf4j-api-$(prop slf4j.version).jar
for j in ${CP//:/ }; do [[ -f $j ]] || die "missing $j (build the project once online)"; done

ATFTPD=/tmp/atftpd-pkg/root/usr/sbin/atftpd
if [[ $SERVERS == *atftpd* && ! -x $ATFTPD ]]; then
  mkdir -p /tmp/atftpd-pkg
  (cd /tmp/atftpd-pkg && apt-get download atftpd >/dev/null 2>&1 && dpkg -x atftpd_*.deb root) ||
    die "cannot fetch atftpd with apt-get download"
fi

mkdir -p "$ROOT"
head -c $((BIG_MIB << 20)) /dev/urandom >"$ROOT/big"
head -c $((CONC_MIB << 20)) /dev/urandom >"$ROOT/conc"
echo ready >"$ROOT/ready"
chmod -R a+rX "$WORK"

declare -A PORT=([lui]=16901 [tftpd-hpa]=16902 [dnsmasq]=69 [atftpd]=16904 [lui-b]=16905)
if [[ $SERVERS == *lui-b* ]]; then
  [[ -f ${LUI_B_JAR:-} ]] || die "SERVERS has lui-b: set LUI_B_JAR to the other build's tftp-server jar"
fi

start_server() {
  local name=$1 port=${PORT[$1]}
  case $name in
    lui | lui-b)
      local cp=$CP
      [[ $name == lui-b ]] && cp=$LUI_B_JAR:${CP#*:}
      java -Xmx1g -cp "$cp" dev.lui.tftp.cli.TftpCommand --root "$ROOT" \
        --listen "127.0.0.1:$port" --blksize-cap 65464 --window-cap 64 --quiet \
        --max-transfers 100000 --max-queued 100000 --max-per-client 100000 \
        >"$WORK/$name.log" 2>&1 &
      ;;
    tftpd-hpa)
      in.tftpd -L -u root -s "$ROOT" -a "127.0.0.1:$port" -B 65464 >"$WORK/hpa.log" 2>&1 &
      ;;
    dnsmasq)
      dnsmasq --no-daemon --port=0 --enable-tftp --tftp-root="$ROOT" --listen-address=127.0.0.1 \
        --bind-interfaces --interface=lo --user=root --tftp-max=10000 --conf-file=/dev/null \
        --pid-file="$WORK/dnsmasq.pid" --log-facility="$WORK/dnsmasq.log" >"$WORK/dnsmasq.out" 2>&1 &
      ;;
    atftpd)
      "$ATFTPD" --daemon --no-fork --port "$port" --bind-address 127.0.0.1 --user root.root \
        --maxthread 10000 --logfile "$WORK/atftpd.log" "$ROOT" >"$WORK/atftpd.out" 2>&1 &
      ;;
  esac
  PIDS+=($!)
  SERVER_PID=$!
  # Ready when a small fetch works (a bound of 30 s, not a measurement).
  for _ in $(seq 300); do
    if timeout 3 atftp -g -r ready -l /dev/null 127.0.0.1 "$port" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  die "$name did not come up"
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  sleep 0.5
}

now() { date +%s.%N; }

# single NAME PORT BLKSIZE WINDOW -> MiB/s or "fail"
single() {
  local port=$1 blk=$2 win=$3
  local opts=(--option "blksize $blk")
  [[ $win -gt 1 ]] && opts+=(--option "windowsize $win")
  local out=$WORK/single.out t0 t1
  rm -f "$out"
  t0=$(now)
  if ! timeout 300 atftp "${opts[@]}" -g -r big -l "$out" 127.0.0.1 "$port" >/dev/null 2>&1; then
    echo fail; return
  fi
  t1=$(now)
  if ! cmp -s "$out" "$ROOT/big"; then echo corrupt; return; fi
  rm -f "$out"
  awk -v m="$BIG_MIB" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", m/(b-a)}'
}

# concurrent PORT N -> "MiB/s failures p99s"
concurrent() {
  local port=$1 n=$2 dir=$WORK/conc.$2 t0 t1
  mkdir -p "$dir"
  t0=$(now)
  for i in $(seq "$n"); do
    curl -s --max-time 600 --tftp-blksize 1468 -o /dev/null \
      -w '%{time_total} %{size_download}\n' "tftp://127.0.0.1:$port/conc" >"$dir/$i" 2>/dev/null &
  done
  wait_clients
  t1=$(now)
  local want=$((CONC_MIB << 20))
  cat "$dir"/* | sort -n | awk -v n="$n" -v want="$want" -v a="$t0" -v b="$t1" '
    $2 == want { ok++; t[ok] = $1 }
    END {
      p = (ok > 0) ? t[int((ok * 99 + 99) / 100)] : 0
      printf "%.1f %d %.2f", ok * want / 1048576 / (b - a), n - ok, p
    }'
  rm -rf "$dir"
}

wait_clients() {
  # Wait for the curl jobs only (the servers are background jobs of this shell too).
  local j
  for j in $(jobs -p); do
    [[ " ${PIDS[*]} " == *" $j "* ]] || wait "$j" 2>/dev/null || true
  done
}

declare -A R
TESTS=()
for s in $SERVERS; do
  echo "== $s" >&2
  start_server "$s"
  # One untimed download first, for every server alike: lui's JIT warms up here, not in row one.
  timeout 300 atftp --option "blksize 1468" -g -r big -l /dev/null 127.0.0.1 "${PORT[$s]}" >/dev/null 2>&1 || true
  for b in $BLKSIZES; do
    R[$s,"blksize $b"]=$(single "${PORT[$s]}" "$b" 1); TESTS+=("blksize $b")
    echo "   blksize $b: ${R[$s,"blksize $b"]}" >&2
  done
  for w in $WINDOWS; do
    R[$s,"1468 window $w"]=$(single "${PORT[$s]}" 1468 "$w"); TESTS+=("1468 window $w")
    echo "   window $w: ${R[$s,"1468 window $w"]}" >&2
  done
  for n in $CONC; do
    read -r mib fails p99 <<<"$(concurrent "${PORT[$s]}" "$n")"
    R[$s,"$n x ${CONC_MIB}MiB"]=$mib; R[$s,"$n fail"]=$fails; R[$s,"$n p99"]=$p99
    TESTS+=("$n x ${CONC_MIB}MiB")
    echo "   $n concurrent: $mib MiB/s, $fails failed, p99 ${p99}s" >&2
  done
  stop_server
done

mapfile -t TESTS < <(printf '%s\n' "${TESTS[@]}" | awk '!seen[$0]++')
PEERS=()
for s in $SERVERS; do [[ $s == lui ]] || PEERS+=("$s"); done
isnum() { [[ $1 =~ ^[0-9.]+$ ]] && awk -v v="$1" 'BEGIN{exit !(v>0)}'; }
ratio() { if isnum "$1" && isnum "$2"; then awk -v l="$1" -v b="$2" 'BEGIN{printf "%.2fx", l/b}'; else echo n/a; fi; }
printf '\nTFTP on loopback, %s, %d cores, load %s; MiB/s (single stream: atftp, %d MiB; concurrent: curl blksize 1468, %d MiB each, aggregate)\n' \
  "$(uname -r)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$BIG_MIB" "$CONC_MIB"
printf '%-18s' test; for s in $SERVERS; do printf '%11s' "$s"; done
for p in "${PEERS[@]}"; do printf '%13s' "/$p"; done; printf '%12s\n' "/best peer"
for t in "${TESTS[@]}"; do
  printf '%-18s' "$t"
  best=0
  for s in $SERVERS; do
    v=${R[$s,$t]:-n/a}; printf '%11s' "$v"
    if [[ $s != lui ]] && isnum "$v"; then best=$(awk -v a="$best" -v b="$v" 'BEGIN{print (b>a)?b:a}'); fi
  done
  lui=${R[lui,$t]:-}
  for p in "${PEERS[@]}"; do printf '%13s' "$(ratio "$lui" "${R[$p,$t]:-}")"; done
  printf '%12s\n' "$(ratio "$lui" "$best")"
done
for n in $CONC; do
  printf '%-18s' "$n failures"; for s in $SERVERS; do printf '%11s' "${R[$s,"$n fail"]:-n/a}"; done; echo
  printf '%-18s' "$n p99 s"; for s in $SERVERS; do printf '%11s' "${R[$s,"$n p99"]:-n/a}"; done; echo
done
