#!/bin/sh
# SPDX-License-Identifier: MIT
# Load run (not a test; make check does not run it):
#
#   sh scripts/load.sh [SECONDS]      (default 10: the length of each wrk run)
#
#   CONNECTIONS  wrk connection counts to measure (default "32 256")
#   RUNS         runs per connection count (default 3)
#   THREADS      the server's --threads (default 8, the server's own)
#   ACCESS_LOG   file (default): both servers write one line per request to a
#                file in the temp directory (the server with --access-log,
#                nginx with its default format), a write(2) per line;
#                buffered: the same, both keeping 64 KiB of lines and writing
#                them when full or after a second (the server's --log-buffer
#                65536, nginx's buffer=64k flush=1s); off: neither logs
#   VERBOSE      1: print every run's full wrk output before the report
#   SERVER       path: run that binary instead of building one
#   NGINX_MODULE path of ngx_http_auth0logout_module.so (default
#                build/nginx/ngx_http_auth0logout_module.so when built, see
#                `make nginx-module`); "off" leaves it out.  When there is
#                one, the same nginx also serves the module (load_module,
#                `auth0logout v2;` at /m/v2/logout) and every run measures
#                it too, next to nginx's `return 302` (after it in odd
#                runs, before it in even ones): the third
#                contender, reported as module/nginx (target >= 0.9)
#
# Starts build/auth0logout-server on 127.0.0.1 (a free port, --threads
# THREADS, --per-ip-limit the largest C, since wrk connects from one
# address; examples/demo.json) and nginx answering the same path with a fixed
# `return 302` (2 workers), once each: both stay up for every run.  For each
# connection count C, RUNS times, it drives the server and then nginx with
# `wrk -t2 -cC -dSECONDS --latency` at a valid logout request that redirects
# (302), so that each pair of runs sees the same machine; nginx is the
# yardstick for what this machine's loopback HTTP can do.  Both are checked
# to answer 302 with the expected Location before and after the load.
#
# Prints the machine, the commands, then one row per run (load average just
# before it, requests/s of both, the server/nginx ratio, p50/p99 latency of
# both, the server's error counts), the median and range of the ratio per
# connection count, and the server's resident memory before the first run,
# after the last, and at its peak.
#
# Exits non-zero when the server answered any request with something other
# than 2xx/3xx, had socket errors in wrk's count (connect, read, write or
# timeout: each run's are reported), died, or grew its resident memory by
# more than 10 MB (a leak); growth below that is only reported.
#
# Installs what it needs through scripts/deps.sh (wrk and nginx for this
# script, curl for the sanity checks) and builds the server with make;
# SERVER=path runs that binary instead, unbuilt.
set -u

cd "$(dirname "$0")/.." || exit 2

usage() {
	[ -n "${1:-}" ] && echo "load: $1" >&2
	echo "usage: sh scripts/load.sh [SECONDS]   (each wrk run; default 10)" >&2
	echo "       environment: CONNECTIONS (\"32 256\"), RUNS (3)," \
		"THREADS (8), ACCESS_LOG (file|buffered|off), VERBOSE=1, SERVER=path" >&2
	exit 2
}

# True when $1 is a whole number >= 1.
whole() {
	case $1 in '' | *[!0-9]* | 0 | 0*) return 1 ;; esac
}

duration=${1:-10}
whole "$duration" || usage "SECONDS: '$duration' is not a whole number > 0"
[ "$#" -le 1 ] || usage "one argument at most"
connections=${CONNECTIONS:-32 256}
runs=${RUNS:-3}
threads=${THREADS:-8}
access_log=${ACCESS_LOG:-file}
verbose=${VERBOSE:-0}
whole "$runs" || usage "RUNS: '$runs' is not a whole number > 0"
whole "$threads" || usage "THREADS: '$threads' is not a whole number > 0"
case $access_log in file | buffered | off) ;; *) usage "ACCESS_LOG: 'file', 'buffered' or 'off'" ;; esac
max_c=0
for c in $connections; do
	# wrk -t2 needs at least one connection per thread.
	if ! whole "$c" || [ "$c" -lt 2 ]; then
		usage "CONNECTIONS: '$c' is not a whole number >= 2"
	fi
	[ "$c" -gt "$max_c" ] && max_c=$c
done
[ "$max_c" -gt 0 ] || usage "CONNECTIONS is empty"

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
# nginx: room for the largest connection count and then some; each
# connection is one descriptor (return 302 opens nothing upstream).
worker_connections=$((max_c + 1024))
[ "$worker_connections" -lt 4096 ] && worker_connections=4096
worker_rlimit_nofile=$((worker_connections * 2))

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

say() { echo "load: $*" >&2; }

status_kb() { # PID FIELD
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null
}

# Summed VmRSS of nginx's workers (the master's children), "" if unknown.
nginx_workers_rss_kb() {
	kids=$(cat "/proc/$nginx_pid/task/$nginx_pid/children" 2>/dev/null) ||
		return 0
	sum=0
	n=0
	for k in $kids; do
		r=$(status_kb "$k" VmRSS)
		[ -n "$r" ] || continue
		sum=$((sum + r))
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] && echo "$sum kB ($n workers)"
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
# "none", or connect/read/write/timeout counts as "C/R/W/T".
wrk_socket_errors() {
	e=$(sed -n 's/^ *Socket errors: *connect \([0-9]*\), *read \([0-9]*\), *write \([0-9]*\), *timeout \([0-9]*\).*/\1\/\2\/\3\/\4/p' "$1")
	echo "${e:-none}"
}
wrk_latency() {
	awk -v p="$2" '$1 == p { v = $2 } END { print v == "" ? "-" : v }' "$1"
}

wrk_cmd() { # CONNECTIONS
	echo "wrk -t2 -c$1 -d${duration}s --latency"
}

run_wrk() { # CONNECTIONS URL OUTPUT
	# shellcheck disable=SC2046 # the words of the command
	$(wrk_cmd "$1") "$2" >"$3" 2>&1 ||
		{
			cat "$3" >&2
			die "wrk failed against $2"
		}
	[ -n "$(wrk_requests_per_s "$3")" ] || {
		cat "$3" >&2
		die "no Requests/sec in wrk's output"
	}
}

# Lines in an access log since the last call; empties it, so that the temp
# directory does not grow by the whole run's log.
log_lines() {
	if [ "$access_log" != off ]; then
		# Buffered lines reach the file within a second.
		[ "$access_log" = buffered ] && sleep 1.5
		n=$(wc -l <"$1")
		: >"$1"
		echo "$n"
	else
		echo "-"
	fi
}

# --- the server ---------------------------------------------------------------

server_log_buffer=0
if [ "$access_log" = file ]; then
	server_log_arg=$tmp/server-access.log
	nginx_log_directive="access_log $tmp/nginx-access.log"
elif [ "$access_log" = buffered ]; then
	server_log_arg=$tmp/server-access.log
	server_log_buffer=65536
	nginx_log_directive="access_log $tmp/nginx-access.log combined buffer=64k flush=1s"
else
	server_log_arg=off
	nginx_log_directive="access_log off"
fi
# wrk opens every connection from 127.0.0.1: the per-address limit (64 by
# default, against floods from one client) is raised to the largest count.
per_ip=$max_c
[ "$per_ip" -lt 64 ] && per_ip=64
[ "$per_ip" -gt 1000 ] && usage "CONNECTIONS: at most 1000 (the server's connection limit)"
[ "$max_c" -gt $((threads * 125)) ] &&
	usage "CONNECTIONS: at most 125 per server thread (THREADS=$threads)"
server_cmd="$server --config $config --listen 127.0.0.1:0 --threads $threads --per-ip-limit $per_ip --access-log $server_log_arg --log-buffer $server_log_buffer --ready-file $tmp/ready"
"$server" --config "$config" --listen 127.0.0.1:0 --threads "$threads" \
	--per-ip-limit "$per_ip" --access-log "$server_log_arg" \
	--log-buffer "$server_log_buffer" \
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

# --- nginx ---------------------------------------------------------------------

# The nginx module, when built (or named by NGINX_MODULE).
module=${NGINX_MODULE:-build/nginx/ngx_http_auth0logout_module.so}
[ "$module" = off ] && module=""
if [ -n "$module" ] && [ ! -f "$module" ]; then
	if [ -n "${NGINX_MODULE:-}" ]; then
		die "NGINX_MODULE=$module does not exist (make nginx-module)"
	fi
	say "no nginx module at $module (make nginx-module): measuring without it"
	module=""
fi
case $module in "" | /*) ;; *) module=$(pwd)/$module ;; esac
module_path=/m$path
module_load=""
module_http=""
module_location=""
if [ -n "$module" ]; then
	module_load="load_module $module;"
	module_http="auth0logout_config $(pwd)/$config;"
	module_location="location = /m/v2/logout { auth0logout v2; }"
fi

# nginx cannot report a port it chose, so try random high ports until one
# binds.  Everything it writes stays in $tmp, so it runs as root or not.
write_nginx_conf() {
	cat >"$tmp/nginx.conf" <<EOF
$module_load
worker_processes 2;
worker_rlimit_nofile $worker_rlimit_nofile;
error_log $tmp/error.log warn;
pid $tmp/nginx.pid;
events { worker_connections $worker_connections; }
http {
    # the default (combined) format, written as each request ends
    $nginx_log_directive;
    # the logout server keeps connections open for any number of requests;
    # nginx would close them after 1000 by default
    keepalive_requests 1000000;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    $module_http
    server {
        listen 127.0.0.1:$1;
        location /v2/logout { return 302 $expect; }
        $module_location
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
module_url=http://127.0.0.1:$nginx_port$module_path
if [ -n "$module" ]; then
	got=$(probe "$module_url")
	[ "$got" = "302 $expect" ] ||
		die "the nginx module answered '$got' to $module_url, not '302 $expect'"
fi

# --- the runs ------------------------------------------------------------------

# The probes above are in the logs; start them empty.
if [ "$access_log" != off ]; then
	[ "$access_log" = buffered ] && sleep 1.5
	: >"$tmp/server-access.log"
	: >"$tmp/nginx-access.log"
fi
rss_before=$(status_kb "$server_pid" VmRSS)
nginx_rss_before=$(nginx_workers_rss_kb)
rows=$tmp/rows
: >"$rows"
# One wrk run against the module (C=$c, run $run, into $m); m_log gets
# its access-log lines.
run_module() {
	say "C=$c run $run/$runs: nginx module"
	run_wrk "$c" "$module_url" "$m"
	kill -0 "$nginx_pid" 2>/dev/null || {
		cat "$tmp/nginx.out" "$tmp/error.log" >&2
		die "nginx with the module died under load (C=$c, run $run)"
	}
	m_log=$(log_lines "$tmp/nginx-access.log")
}
died=""
for c in $connections; do
	run=1
	while [ "$run" -le "$runs" ]; do
		load=$(cut -d ' ' -f 1-3 /proc/loadavg)
		s=$tmp/wrk-server-c$c-r$run.txt
		n=$tmp/wrk-nginx-c$c-r$run.txt
		say "C=$c run $run/$runs: server"
		run_wrk "$c" "$server_url" "$s"
		if ! kill -0 "$server_pid" 2>/dev/null; then
			died="C=$c, run $run"
			break 2
		fi
		s_log=$(log_lines "$tmp/server-access.log")
		m=$tmp/wrk-module-c$c-r$run.txt
		# The module and nginx's return 302 take turns going first,
		# so that neither always meets the machine the other left.
		if [ -n "$module" ] && [ $((run % 2)) = 0 ]; then
			run_module
		fi
		say "C=$c run $run/$runs: nginx"
		run_wrk "$c" "$nginx_url" "$n"
		kill -0 "$nginx_pid" 2>/dev/null || {
			cat "$tmp/nginx.out" "$tmp/error.log" >&2
			die "nginx died under load (C=$c, run $run)"
		}
		n_log=$(log_lines "$tmp/nginx-access.log")
		if [ -n "$module" ] && [ $((run % 2)) = 1 ]; then
			run_module
		fi
		if [ -n "$module" ]; then
			m_rps=$(wrk_requests_per_s "$m")
			m_ratio=$(awk -v a="$m_rps" -v b="$(wrk_requests_per_s "$n")" \
				'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
			m_fields="$m_rps $m_ratio $(wrk_latency "$m" 50%) $(wrk_latency "$m" 99%) $(wrk_non_2xx_3xx "$m") $(wrk_socket_errors "$m") $(wrk_requests "$m") $m_log"
		else
			m_fields="- - - - 0 none - -"
		fi
		s_rps=$(wrk_requests_per_s "$s")
		n_rps=$(wrk_requests_per_s "$n")
		ratio=$(awk -v a="$s_rps" -v b="$n_rps" \
			'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
		echo "$c $run $load $s_rps $n_rps $ratio" \
			"$(wrk_latency "$s" 50%) $(wrk_latency "$s" 99%)" \
			"$(wrk_latency "$n" 50%) $(wrk_latency "$n" 99%)" \
			"$(wrk_non_2xx_3xx "$s") $(wrk_socket_errors "$s")" \
			"$(wrk_non_2xx_3xx "$n") $(wrk_socket_errors "$n")" \
			"$(wrk_requests "$s") $(wrk_requests "$n") $s_log $n_log" \
			"$m_fields" >>"$rows"
		run=$((run + 1))
	done
done

status=0
fails=""
fail() {
	fails="$fails
FAIL: $*"
	status=1
}

if [ -n "$died" ]; then
	fail "the server died under load ($died; wrk counted" \
		"$(wrk_requests "$s") answers, socket errors (c/r/w/t)" \
		"$(wrk_socket_errors "$s")); its stderr:
$(tail -n 20 "$tmp/server.log")"
	rss_after=""
	rss_peak=""
else
	rss_after=$(status_kb "$server_pid" VmRSS)
	rss_peak=$(status_kb "$server_pid" VmHWM)
	got=$(probe "$server_url")
	[ "$got" = "302 $expect" ] ||
		fail "after the load the server answered '$got', not '302 $expect'"
fi
nginx_rss_after=$(nginx_workers_rss_kb)
got=$(probe "$nginx_url")
[ "$got" = "302 $expect" ] ||
	fail "after the load nginx answered '$got', not '302 $expect'"
if [ -n "$module" ]; then
	got=$(probe "$module_url")
	[ "$got" = "302 $expect" ] ||
		fail "after the load the nginx module answered '$got', not '302 $expect'"
fi

# --- report ----------------------------------------------------------------------

# One row of $rows into variables: connections, run, load average (3 words),
# requests/s and the ratio, latencies, then the server's and nginx's
# non-2xx/3xx and socket errors, requests, and access-log lines.
split_row() {
	# shellcheck disable=SC2086 # a field a word
	set -- $1
	c=$1 run=$2 l1=$3 l5=$4 l15=$5 s_rps=$6 n_rps=$7 ratio=$8
	s50=$9 s99=${10} n50=${11} n99=${12} s_bad=${13} s_sock=${14}
	n_bad=${15} n_sock=${16} s_log=${19} n_log=${20}
	m_rps=${21} m_ratio=${22} m50=${23} m99=${24} m_bad=${25} m_sock=${26}
	m_log=${28}
}

if [ "$verbose" = 1 ]; then
	while read -r line; do
		split_row "$line"
		echo "== wrk output, auth0logout-server, C=$c, run $run" \
			"(access log: $s_log lines)"
		cat "$tmp/wrk-server-c$c-r$run.txt"
		echo "== wrk output, nginx, C=$c, run $run" \
			"(access log: $n_log lines)"
		cat "$tmp/wrk-nginx-c$c-r$run.txt"
		if [ -n "$module" ]; then
			echo "== wrk output, nginx module, C=$c, run $run" \
				"(access log: $m_log lines)"
			cat "$tmp/wrk-module-c$c-r$run.txt"
		fi
	done <"$rows"
	if [ -n "$died" ]; then
		echo "== wrk output, auth0logout-server, $died (the server died)"
		cat "$s"
	fi
fi

cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)
echo "== report"
echo "machine:      $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -sr) $(uname -m)"
echo "note:         wrk, the server and nginx run on this same machine and share"
echo "              its $(nproc) CPUs over loopback: compare the two, do not read"
echo "              either figure as a capacity"
echo "server:       $server_cmd"
echo "              (listening on $addr)"
echo "nginx:        $nginx_cmd"
echo "              ($(nginx -v 2>&1 | sed 's/^nginx version: //'), worker_processes 2," \
	"worker_connections $worker_connections, worker_rlimit_nofile $worker_rlimit_nofile,"
echo "              keepalive_requests 1000000, $nginx_log_directive, return 302)"
if [ -n "$module" ]; then
	echo "module:       $module, in the same nginx:"
	echo "              $module_http  $module_location"
	echo "              URL http://HOST:PORT$module_path, measured next to nginx's"
	echo "              return 302 in each run (after it in odd runs, before it in even)"
else
	echo "module:       none (make nginx-module, or NGINX_MODULE=path)"
fi
echo "access log:   $access_log"
echo "load:         $(wrk_cmd C) URL for C in: $connections; runs each: $runs," \
	"server, nginx$([ -n "$module" ] && echo ', nginx module')"
echo "URL:          http://HOST:PORT$path  (302 to $expect)"
echo
printf '%5s %3s %-15s %9s %9s %5s  %-19s %-19s %5s %s\n' \
	C run "load avg" "server/s" "nginx/s" ratio \
	"server p50/p99" "nginx p50/p99" "bad" "socket errors (c/r/w/t)"
while read -r line; do
	split_row "$line"
	printf '%5s %3s %-15s %9.0f %9.0f %5s  %-19s %-19s %5s %s\n' \
		"$c" "$run" "$l1 $l5 $l15" "$s_rps" "$n_rps" "$ratio" \
		"$s50/$s99" "$n50/$n99" "$s_bad" "$s_sock"
done <"$rows"
if [ -n "$module" ]; then
	echo
	printf '%5s %3s %9s %9s %5s  %-19s %-19s %5s %s\n' \
		C run "module/s" "nginx/s" ratio "module p50/p99" \
		"nginx p50/p99" "bad" "socket errors (c/r/w/t)"
	while read -r line; do
		split_row "$line"
		printf '%5s %3s %9.0f %9.0f %5s  %-19s %-19s %5s %s\n' \
			"$c" "$run" "$m_rps" "$n_rps" "$m_ratio" \
			"$m50/$m99" "$n50/$n99" "$m_bad" "$m_sock"
	done <"$rows"
	echo "(the nginx module, auth0logout v2, against nginx's return 302 in" \
		"the same nginx and run; bad and socket errors: the module's)"
fi
echo "(bad: the server's non-2xx/3xx answers; socket errors: the server's," \
	"as wrk counts them;"
echo " a timeout is a request with no answer within wrk's 2 s)"
echo
for c in $connections; do
	awk -v c="$c" '$1 == c && $8 != "-" { print $8 }' "$rows" | sort -n |
		awk -v c="$c" '{ r[NR] = $1 }
		END {
			if (NR == 0) { printf "C=%s: no runs\n", c; exit }
			m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
			printf "C=%-5s server/nginx ratio: median %.2f, min %.2f, max %.2f (runs: %d)\n",
				c, m, r[1], r[NR], NR
		}'
done
if [ -n "$module" ]; then
	for c in $connections; do
		awk -v c="$c" '$1 == c && $22 != "-" { print $22 }' "$rows" |
			sort -n | awk -v c="$c" '{ r[NR] = $1 }
			END {
				if (NR == 0) { printf "C=%s: no module runs\n", c; exit }
				m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
				printf "C=%-5s module/nginx ratio: median %.2f, min %.2f, max %.2f (runs: %d; target >= 0.90: %s)\n",
					c, m, r[1], r[NR], NR, (m >= 0.9 ? "met" : "NOT met")
			}'
	done
fi
while read -r line; do
	split_row "$line"
	[ "$n_bad" = 0 ] && [ "$n_sock" = none ] && continue
	echo "note:         nginx, C=$c run $run: $n_bad non-2xx/3xx," \
		"socket errors (c/r/w/t) $n_sock"
done <"$rows"
if [ "$access_log" != off ]; then
	awk '{ sr += $17; nr += $18; sl += $19; nl += $20 }
		END {
			printf "access logs:  server %d lines for %d requests counted by wrk;", sl, sr
			printf " nginx %d lines for %d\n", nl, nr
		}' "$rows"
fi
growth=""
if [ -n "$rss_after" ] && [ -n "$rss_before" ]; then
	growth=$((rss_after - rss_before))
	echo "server RSS:   $rss_before kB before the first run, $rss_after kB" \
		"after the last ($growth kB), peak $rss_peak kB"
else
	echo "server RSS:   ${rss_before:-?} kB before the first run"
fi
echo "nginx RSS:    ${nginx_rss_before:-unknown} before, ${nginx_rss_after:-unknown} after"
# Anything the server wrote to stderr besides its start and stop lines
# (MHD's error log, for one).
other=$(grep -v -e ': listening on ' -e ' received, stopping$' "$tmp/server.log")
if [ -n "$other" ]; then
	echo "server stderr: $(printf '%s\n' "$other" | wc -l) lines besides" \
		"its start line; the most frequent:"
	printf '%s\n' "$other" | sort | uniq -c | sort -rn | head -n 5
fi
if [ -s "$tmp/error.log" ]; then
	echo "nginx error log: $(wc -l <"$tmp/error.log") lines; the first:"
	head -n 5 "$tmp/error.log"
fi

while read -r line; do
	split_row "$line"
	[ "$s_bad" -eq 0 ] ||
		fail "C=$c run $run: the server answered $s_bad valid requests" \
			"with a non-2xx/3xx status"
	[ "$s_sock" = none ] ||
		fail "C=$c run $run: the server had socket errors" \
			"(connect/read/write/timeout) $s_sock"
	[ "$m_bad" -eq 0 ] ||
		fail "C=$c run $run: the nginx module answered $m_bad valid" \
			"requests with a non-2xx/3xx status"
	[ "$m_sock" = none ] ||
		fail "C=$c run $run: the nginx module had socket errors" \
			"(connect/read/write/timeout) $m_sock"
done <"$rows"
if [ -n "$growth" ] && [ "$growth" -gt "$rss_limit_kb" ]; then
	fail "the server's RSS grew by $growth kB (more than $rss_limit_kb kB)"
fi
if [ "$status" -eq 0 ]; then
	echo "result:       ok"
else
	printf '%s\n' "$fails" | sed 1d
	[ "$verbose" = 1 ] || echo "(VERBOSE=1 prints every run's full wrk output)"
fi
exit "$status"
