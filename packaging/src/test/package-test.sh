#!/usr/bin/env bash
# Checks the Debian package as an admin meets it: inspects it, installs it on this machine, runs
# the installed commands, verifies the unit, starts `lui server` exactly as the unit's ExecStart
# says (no systemd here), defines a node through /usr/bin/lui, stops the server and purges.
#
# Usage (as root, after the build made packaging/target/lui_*_all.deb):
#   bash packaging/src/test/package-test.sh [DEB]
# It refuses to run where lui is installed already or /var/lib/lui or /etc/lui exist (it would
# replace an admin's installation). Ends with "N passed, 0 failed", or exits 1 at the first failure.
set -euo pipefail
cd "$(dirname "$0")/../../.."

deb="${1:-$(ls packaging/target/lui_*_all.deb 2>/dev/null | head -1)}"
[ -f "$deb" ] || { echo "package-test: no packaging/target/lui_*_all.deb; build it with: apt-get install asciidoctor && ./mvnw -B -q -DskipTests package (or -Pdeb)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "package-test: needs root (it installs the package)" >&2; exit 1; }
if dpkg-query -W -f='${Status}' lui 2>/dev/null | grep -q installed || [ -e /var/lib/lui ] || [ -e /etc/lui ]; then
  echo "package-test: lui is installed here already (or /var/lib/lui or /etc/lui exist); not touching it" >&2
  exit 1
fi

passed=0
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  if dpkg-query -W -f='${Status}' lui 2>/dev/null | grep -q installed; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq lui >/dev/null 2>&1 || true
  fi
  rm -rf /var/lib/lui "$work"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); echo "ok: $1 (${SECONDS}s)"; }
fail() { echo "FAILED: $1" >&2; echo "$passed passed, 1 failed"; exit 1; }
has() { grep -q -- "$2" "$1" || fail "$3 (no '$2' in $(basename "$1"))"; }

# The package as built.
dpkg-deb --info "$deb" > "$work/info"
has "$work/info" "Package: lui" "dpkg-deb --info names the package"
has "$work/info" "Depends: openjdk-17-jre-headless | java17-runtime-headless" "depends on a Java 17 runtime"
has "$work/info" "Recommends: .*isc-dhcp-server.*nfs-ganesha.*pxelinux.*ipxe.*grub-efi-amd64-bin.*mmdebstrap" "recommends the tools lui drives"
pass "dpkg-deb --info: control fields"
dpkg-deb --contents "$deb" > "$work/contents"
for f in ./usr/bin/lui ./usr/bin/lui-agent ./usr/share/lui/lui.jar ./usr/share/lui/lui-agent.jar \
    ./lib/systemd/system/lui.service ./etc/lui/lui.yaml.example ./usr/share/man/man1/lui.1.gz \
    ./usr/share/man/man1/lui-server.1.gz ./usr/share/man/man1/lui-define-node.1.gz \
    ./usr/share/bash-completion/completions/lui ./usr/share/zsh/vendor-completions/_lui; do
  has "$work/contents" " $f\$" "the package holds $f"
done
grep -q '^-rwxr-xr-x root/root .* ./usr/bin/lui$' "$work/contents" || fail "/usr/bin/lui is root's and executable"
pass "dpkg-deb --contents: launchers, jars, unit, example settings, man pages, completion"
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles > "$work/conffiles"
has "$work/conffiles" "^/etc/lui/lui.yaml.example$" "the example settings are a conffile"
pass "conffiles: /etc/lui/lui.yaml.example"

# Install. (.ci/run's policy-rc.d forbids starting services; the package starts none anyway.)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$deb" > "$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; fail "apt-get install ./$(basename "$deb")"; }
[ -f /etc/lui/lui.yaml ] || fail "postinst creates /etc/lui/lui.yaml"
cmp -s /etc/lui/lui.yaml /etc/lui/lui.yaml.example || fail "/etc/lui/lui.yaml starts as the example"
pass "apt-get install: installed, /etc/lui/lui.yaml made from the example"
if grep -q ' ./usr/share/lui/lui.classlist$' "$work/contents"; then
  [ -s /var/cache/lui/lui.jsa ] || fail "postinst dumps the CLI's class-data archive /var/cache/lui/lui.jsa"
  pass "postinst: the CLI's class-data archive /var/cache/lui/lui.jsa"
fi

# The installed commands.
if /usr/bin/lui --version > "$work/version" 2>&1 && grep -q '[0-9]' "$work/version"; then
  pass "lui --version: $(head -1 "$work/version")"
else
  fail "lui --version prints the version: $(cat "$work/version")"
fi
/usr/bin/lui --help > "$work/help" || fail "lui --help exits 0"
has "$work/help" "define-node" "lui --help lists the commands"
/usr/bin/lui-agent --help > "$work/agent-help" || fail "lui-agent --help exits 0"
has "$work/agent-help" "--server" "lui-agent --help shows its options"
pass "lui --help, lui-agent --help"
MANWIDTH=80 man -l /usr/share/man/man1/lui-define-node.1.gz > "$work/man" 2>"$work/man.err" || fail "man -l lui-define-node.1.gz: $(cat "$work/man.err")"
has "$work/man" "^SYNOPSIS" "the man page has a synopsis"
has "$work/man" "--mac" "lui-define-node(1) shows its options"
pass "man -l lui-define-node(1)"
bash -c 'source /usr/share/bash-completion/completions/lui && complete -p lui' > "$work/complete" \
  || fail "the bash completion loads"
has "$work/complete" "_complete_lui" "bash completes lui with picocli's function"
pass "bash completion: $(cat "$work/complete")"
systemd-analyze verify /lib/systemd/system/lui.service > "$work/verify" 2>&1 \
  || { cat "$work/verify" >&2; fail "systemd-analyze verify lui.service"; }
if grep -i 'lui.service' "$work/verify"; then fail "systemd-analyze verify has remarks on lui.service"; fi
pass "systemd-analyze verify lui.service"

# The server, started as the unit starts it. Settings go where an admin puts them: loopback and
# free ports here, so the test touches no network and no other server on this machine.
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/lui.service)
[ -n "$exec_start" ] || fail "lui.service has an ExecStart line"
# Port 0: the kernel picks free ports; the CLI finds the admin listener in STATE/server.url.
cat >> /etc/lui/lui.yaml <<EOF
http: 127.0.0.1:0
admin-http: 127.0.0.1:0
tftp: 127.0.0.1:0
EOF
# Boot entries pointing at loopback are fine here; where lui asks for consent to them, give it.
if /usr/bin/lui server --help | grep -q -- '--allow-loopback'; then
  echo "allow-loopback: true" >> /etc/lui/lui.yaml
fi
# StateDirectory=lui: systemd would make /var/lib/lui.
mkdir -p /var/lib/lui
read -r -a argv <<< "$exec_start"
"${argv[@]}" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  [ -s /var/lib/lui/server.url ] && [ -s /var/lib/lui/admin.token ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "'$exec_start' keeps running"; }
  sleep 0.1
done
[ -s /var/lib/lui/server.url ] || { cat "$work/server.log" >&2; fail "'$exec_start' writes STATE/server.url"; }
pass "server started as ExecStart says: $exec_start"
/usr/bin/lui define-node n01 --mac 52:54:00:00:00:01 --ip 10.0.0.11 --netmask 255.255.255.0 \
  > "$work/define" 2>&1 || { cat "$work/define" "$work/server.log" >&2; fail "lui define-node through /usr/bin/lui"; }
/usr/bin/lui list-nodes > "$work/nodes" 2>&1 || fail "lui list-nodes: $(cat "$work/nodes")"
has "$work/nodes" "n01" "the defined node is listed"
pass "lui define-node n01, lui list-nodes shows it"
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
pass "server stopped (SIGTERM)"

DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq lui > "$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; fail "apt-get purge lui"; }
[ ! -e /usr/bin/lui ] && [ ! -e /etc/lui ] && [ ! -e /var/cache/lui ] || fail "purge removes /usr/bin/lui, /etc/lui and /var/cache/lui"
pass "apt-get purge lui: files, /etc/lui and the archive gone"
echo "package-test: $passed passed, 0 failed"
