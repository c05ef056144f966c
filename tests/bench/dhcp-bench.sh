#!/usr/bin/env bash
# DHCP scale benchmark: N nodes (default 10,000) rendered for ISC dhcpd, bootptab, Kea and
# dnsmasq plus DNS zones, validated with the real dhcpd -t, kea-dhcp4 -t, dnsmasq --test and
# named-checkzone, then published (validate, atomic write, one coalesced reload) through
# DhcpPublisher. Prints each stage's time. Not a test: figures depend on the machine.
#
#   tests/bench/dhcp-bench.sh [HOSTS]      # from anywhere; HOSTS defaults to 10000
#
# Needs: java, mvn (offline build of dhcp-config's test classes), isc-dhcp-server,
# kea-dhcp4-server, dnsmasq, bind9-utils. Missing validators are reported as n/a.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
HOSTS=${1:-10000}
WORK=$(mktemp -d /tmp/dhcp-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
die() { echo "dhcp-bench: $*" >&2; exit 1; }

(cd "$REPO" && mvn -B -q -o -pl dhcp-config test-compile) || die "cannot build dhcp-config"
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$REPO/pom.xml" | head -1; }
M2=${M2_REPO:-$HOME/.m2/repository}
JV=$(prop jackson.version)
CP=$REPO/dhcp-config/target/classes:$REPO/dhcp-config/target/test-classes
CP=$CP:$M2/com/fasterxml/jackson/core/jackson-databind/$JV/jackson-databind-$JV.jar
CP=$CP:$M2/com/fasterxml/jackson/core/jackson-core/$JV/jackson-core-$JV.jar
# Since 2.20 jackson-annotations has no patch version.
AV=${JV%.*}
CP=$CP:$M2/com/fasterxml/jackson/core/jackson-annotations/$AV/jackson-annotations-$AV.jar
CP=$CP:$M2/dnsjava/dnsjava/$(prop dnsjava.version)/dnsjava-$(prop dnsjava.version).jar
CP=$CP:$M2/org/slf4j/slf4j-api/$(prop slf4j.version)/slf4j-api-$(prop slf4j.version).jar
CP=$CP:$M2/org/slf4j/slf4j-nop/$(prop slf4j.version)/slf4j-nop-$(prop slf4j.version).jar
for j in ${CP//:/ }; do [[ -e $j ]] || die "missing $j (build the project once online)"; done

java -Xmx1g -cp "$CP" dev.lui.dhcp.bench.DhcpBench "$HOSTS" "$WORK"
