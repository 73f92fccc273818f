#!/bin/sh
# SPDX-License-Identifier: MIT
# Load run (not a test; make check does not run it):
#
#   sh scripts/load.sh [SECONDS]      (default 10)
#
# Starts build/auth0logout-server on 127.0.0.1 (a free port, --threads 2,
# examples/demo.json) and drives it with wrk for SECONDS at a valid logout
# request that redirects (302); then starts nginx answering the same path
# with a fixed `return 302` and drives it the same way, as a yardstick for
# what this machine's loopback HTTP can do.  Prints the commands, the
# machine, requests/s, errors, p50/p99 latency, the server's resident memory
# before and after, and the server/nginx ratio.
#
# Exits non-zero when the server answered any request with something other
# than 2xx/3xx, died, or grew its resident memory by more than 10 MB (a
# leak); growth below that is only reported.
#
# Installs what it needs through scripts/deps.sh (wrk and nginx for this
# script, curl for the sanity checks) and builds the server with make;
# SERVER=path runs that binary instead, unbuilt.
set -u

cd "$(dirname "$0")/.." || exit 2

duration=${1:-10}
case $duration in
'' | *[!0-9]* | 0)
	echo "usage: sh scripts/load.sh [SECONDS]   (a whole number > 0)" >&2
	exit 2
	;;
esac

sh scripts/deps.sh demo load || exit 2
# SERVER=path measures another build of the server as it is; by default
# make rebuilds what changed, so that the run never measures a stale binary.
if [ -n "${SERVER:-}" ]; then
	server=$SERVER
else
	server=build/auth0logout-server
	make "$server" >&2 || exit 2
fi

config=examples/demo.json
path='/v2/logout?client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye'
expect=https://app.example.com/bye
rss_limit_kb=10240

tmp=$(mktemp -d "${TMPDIR:-/tmp}/auth0logout-load.XXXXXX") || exit 2
server_pid=""
nginx_pid=""
# Run by the EXIT trap, which shellcheck does not see.
# shellcheck disable=SC2317
cleanup() {
	for p in $server_pid $nginx_pid; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() {
	echo "load: $*" >&2
	exit 1
}

rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}

# Prints "STATUS LOCATION" for one GET.
probe() {
	curl -s -o /dev/null --max-time 5 -w '%{http_code} %{redirect_url}' "$1"
}

# Value of one wrk figure from a wrk --latency report.
wrk_requests_per_s() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_requests() { awk '/ requests in / { print $1 }' "$1"; }
wrk_non_2xx_3xx() {
	awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); n = $2 }
		END { print n + 0 }' "$1"
}
wrk_socket_errors() {
	e=$(sed -n 's/^ *Socket errors: *//p' "$1")
	echo "${e:-none}"
}
wrk_latency() { awk -v p="$2" '$1 == p { print $2 }' "$1"; }

run_wrk() { # URL OUTPUT
	wrk -t2 -c32 -d"${duration}s" --latency "$1" >"$2" 2>&1 ||
		{
			cat "$2" >&2
			die "wrk failed against $1"
		}
	[ -n "$(wrk_requests_per_s "$2")" ] || {
		cat "$2" >&2
		die "no Requests/sec in wrk's output"
	}
}

# --- the server ---------------------------------------------------------------

loadavg=$(cut -d ' ' -f 1-3 /proc/loadavg)
server_cmd="$server --config $config --listen 127.0.0.1:0 --threads 2 --ready-file $tmp/ready"
"$server" --config "$config" --listen 127.0.0.1:0 --threads 2 \
	--ready-file "$tmp/ready" >"$tmp/server.log" 2>&1 &
server_pid=$!
i=0
addr=""
while [ "$i" -lt 100 ]; do
	if [ -s "$tmp/ready" ]; then
		addr=$(head -n 1 "$tmp/ready")
		case $addr in *:[0-9]*) break ;; esac
	fi
	kill -0 "$server_pid" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
case $addr in
*:[0-9]*) ;;
*)
	cat "$tmp/server.log" >&2
	die "the server did not write a HOST:PORT to its --ready-file"
	;;
esac
server_url=http://$addr$path

got=$(probe "$server_url")
[ "$got" = "302 $expect" ] ||
	die "the server answered '$got' to $server_url, not '302 $expect'"

rss_before=$(rss_kb "$server_pid")
run_wrk "$server_url" "$tmp/wrk-server.txt"
kill -0 "$server_pid" 2>/dev/null || {
	cat "$tmp/server.log" >&2
	die "the server died under load"
}
rss_after=$(rss_kb "$server_pid")
got=$(probe "$server_url")
[ "$got" = "302 $expect" ] ||
	die "after the load the server answered '$got', not '302 $expect'"
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=""

# --- nginx ---------------------------------------------------------------------

# nginx cannot report a port it chose, so try random high ports until one
# binds.  Everything it writes stays in $tmp, so it runs as root or not.
write_nginx_conf() {
	cat >"$tmp/nginx.conf" <<EOF
worker_processes 2;
error_log $tmp/error.log warn;
pid $tmp/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    # the logout server keeps connections open for any number of requests;
    # nginx would close them after 1000 by default
    keepalive_requests 1000000;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    server {
        listen 127.0.0.1:$1;
        location /v2/logout { return 302 $expect; }
    }
}
EOF
}

attempt=0
nginx_cmd=""
while :; do
	attempt=$((attempt + 1))
	r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	nginx_port=$((20000 + r % 30000))
	write_nginx_conf "$nginx_port"
	: >"$tmp/error.log"
	nginx_cmd="nginx -p $tmp -e $tmp/error.log -c $tmp/nginx.conf -g 'daemon off;'"
	nginx -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf" \
		-g 'daemon off;' >"$tmp/nginx.out" 2>&1 &
	nginx_pid=$!
	up=0
	i=0
	while [ "$i" -lt 50 ]; do
		kill -0 "$nginx_pid" 2>/dev/null || break
		if [ "$(probe "http://127.0.0.1:$nginx_port$path")" = "302 $expect" ] &&
			kill -0 "$nginx_pid" 2>/dev/null; then
			up=1
			break
		fi
		sleep 0.1
		i=$((i + 1))
	done
	[ "$up" = 1 ] && break
	kill "$nginx_pid" 2>/dev/null
	wait "$nginx_pid" 2>/dev/null
	nginx_pid=""
	if grep -q 'Address already in use' "$tmp/error.log" "$tmp/nginx.out" &&
		[ "$attempt" -lt 20 ]; then
		continue
	fi
	cat "$tmp/nginx.out" "$tmp/error.log" >&2
	die "nginx did not start"
done
nginx_url=http://127.0.0.1:$nginx_port$path
run_wrk "$nginx_url" "$tmp/wrk-nginx.txt"
kill "$nginx_pid" 2>/dev/null
wait "$nginx_pid" 2>/dev/null
nginx_pid=""

# --- report ----------------------------------------------------------------------

s=$tmp/wrk-server.txt
n=$tmp/wrk-nginx.txt
s_rps=$(wrk_requests_per_s "$s")
n_rps=$(wrk_requests_per_s "$n")
s_bad=$(wrk_non_2xx_3xx "$s")
n_bad=$(wrk_non_2xx_3xx "$n")
growth=$((rss_after - rss_before))
cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)

echo "== wrk output, auth0logout-server"
cat "$s"
echo "== wrk output, nginx"
cat "$n"
echo "== report"
echo "machine:      $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -sr) $(uname -m)"
echo "load average: $loadavg before the run (1, 5, 15 min)"
echo "note:         wrk, the server and nginx run on this same machine and share"
echo "              its $(nproc) CPUs over loopback: compare the two, do not read"
echo "              either figure as a capacity; the server also logs one line"
echo "              per request (to a file), nginx has access_log off"
echo "server:       $server_cmd   (listening on $addr)"
echo "nginx:        $nginx_cmd   ($(nginx -v 2>&1 | sed 's/^nginx version: //'), 2 workers, return 302)"
echo "load:         wrk -t2 -c32 -d${duration}s --latency URL"
echo "URL:          http://HOST:PORT$path  (302 to $expect)"
printf '%-24s %14s %14s\n' "" "server" "nginx"
printf '%-24s %14s %14s\n' "requests/s" "$s_rps" "$n_rps"
printf '%-24s %14s %14s\n' "requests" "$(wrk_requests "$s")" "$(wrk_requests "$n")"
printf '%-24s %14s %14s\n' "non-2xx/3xx responses" "$s_bad" "$n_bad"
printf '%-24s %14s %14s\n' "latency p50" "$(wrk_latency "$s" 50%)" "$(wrk_latency "$n" 50%)"
printf '%-24s %14s %14s\n' "latency p99" "$(wrk_latency "$s" 99%)" "$(wrk_latency "$n" 99%)"
echo "socket errors, server: $(wrk_socket_errors "$s")"
echo "socket errors, nginx:  $(wrk_socket_errors "$n")"
echo "server RSS:   $rss_before kB before, $rss_after kB after ($growth kB)"
echo "server/nginx: $(awk -v a="$s_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }') (requests/s)"

status=0
if [ "$s_bad" -ne 0 ]; then
	echo "FAIL: the server answered $s_bad valid requests with a non-2xx/3xx status"
	status=1
fi
if [ "$growth" -gt "$rss_limit_kb" ]; then
	echo "FAIL: the server's RSS grew by $growth kB (more than $rss_limit_kb kB)"
	status=1
fi
[ "$status" -eq 0 ] && echo "result:       ok"
exit "$status"
