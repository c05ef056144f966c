#!/bin/bash
# Installed by lui-agent: tells the install server that this node booted its installed system,
# then disables itself. Run once by lui-first-boot.service. Uses curl, else wget, else bash's
# /dev/tcp (plain http only). The token is read from a 0600 file and never printed or put in
# argv (curl and wget get it through a config on stdin or in a 0600 file).
set -u
root=${LUI_FIRST_BOOT_ROOT:-}
conf_dir=$root/etc/lui
attempts=${LUI_FIRST_BOOT_ATTEMPTS:-60}
delay=${LUI_FIRST_BOOT_DELAY:-5}
say() { echo "lui-first-boot: $*"; }

url=$(<"$conf_dir/first-boot.url") || { say "no $conf_dir/first-boot.url"; exit 1; }
token=$(<"$conf_dir/first-boot.token") || { say "no $conf_dir/first-boot.token"; exit 1; }

# Prints the HTTP status code of one POST, or nothing when there was no answer.
post_curl() {
  printf 'header = "Authorization: Bearer %s"\n' "$token" \
    | curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -X POST -H 'Content-Length: 0' \
        -K - -- "$url"
}

post_wget() {
  local rc tmp
  tmp=$(mktemp) || return 1
  chmod 600 "$tmp"
  printf 'header = Authorization: Bearer %s\n' "$token" >"$tmp"
  wget --config="$tmp" -q -O /dev/null --timeout=30 --tries=1 --method=POST --body-data= \
    -- "$url"
  rc=$?
  rm -f "$tmp"
  # wget tells only success (0) or a server error answer (8).
  case $rc in 0) echo 200 ;; 8) echo 500 ;; esac
}

post_bash() {
  local rest hostport host port path line
  case $url in
    http://*) rest=${url#http://} ;;
    *) say "$url needs curl or wget (bash alone speaks plain http only)"; return 1 ;;
  esac
  hostport=${rest%%/*}
  path=${rest#"$hostport"}
  path=${path:-/}
  host=${hostport%%:*}
  port=80
  [[ $hostport == *:* ]] && port=${hostport##*:}
  exec 3<>"/dev/tcp/$host/$port" || return 1
  printf 'POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' \
    "$path" "$hostport" "$token" >&3
  if IFS= read -r -t 30 line <&3; then
    line=${line%$'\r'}
    [[ $line =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]] && echo "${BASH_REMATCH[1]}"
  fi
  exec 3<&- 3>&-
}

if command -v curl >/dev/null 2>&1; then
  client=curl
elif command -v wget >/dev/null 2>&1 && wget --help 2>&1 | grep -q -- --method; then
  client=wget
else
  client=bash
fi

for ((i = 1; i <= attempts; i++)); do
  status=$(post_$client 2>/dev/null)
  case $status in
    2??)
      say "reported the first boot to $url (HTTP $status, via $client)"
      rm -f "$root/etc/systemd/system/multi-user.target.wants/lui-first-boot.service" \
        "$conf_dir/first-boot.token"
      exit 0
      ;;
    401 | 403 | 404)
      # Wrong token or node: retrying cannot help. Stay enabled so an admin can fix and rerun.
      # (Anything else, e.g. 409 while the server has not yet seen the install end, is retried.)
      say "the server refused the first-boot report (HTTP $status from $url); giving up"
      exit 1
      ;;
  esac
  say "no answer from $url${status:+ (HTTP $status)}, attempt $i of $attempts; retrying in ${delay}s"
  sleep "$delay"
done
say "could not report the first boot to $url"
exit 1
