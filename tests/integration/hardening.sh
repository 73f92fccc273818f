#!/bin/sh
# SPDX-License-Identifier: MIT
# Hardening of auth0logout-server against what an attacker sends (R9.4-R9.8),
# with exact bytes on raw sockets (tests/integration/hardening.py):
#
#   raw     NUL, other control bytes, DEL, a space or a raw non-ASCII byte
#           in the target: 400 before any decision; 1,000 and 8,000
#           arguments decided; absolute-form targets decided; the limits
#           (17 KiB target, 100 header fields, 8 KiB of them) answered with
#           414/431 and the R9.1 headers; heads of every size around the
#           connection's pool answered, never silence
#   flood   1,000 half-open connections from 127.0.0.3 while 127.0.0.2 is
#           served, every time; the server holds at most --per-ip-limit
#   concurrent  256 busy kept-alive connections at once (120 on one
#           thread, which holds 125), each answered again and again
#   idle    the request-head deadline (10 s): 408 for a head that trickles
#           in a byte a second or stops after its request line; a silent
#           connection or one kept alive after an answer is closed
#   reload  20 SIGHUP reloads, alternating two configs, under requests on
#           keep-alive and new connections: 0 failed, each new config seen
#           by new requests; a config that does not load keeps the old one
#   log     the access log holds no query value, state, id_token_hint or
#           cookie (R9.8); with --log-buffer every line is written, within
#           a second or at the end
#
# Prints "ok - what" / "not ok - what" per check; exits non-zero when one
# failed.  Environment (set by make check): SERVER, SRCDIR.
set -u

SRCDIR=${SRCDIR:-.}
SERVER=${SERVER:-build/auth0logout-server}
PY=$SRCDIR/tests/integration/hardening.py
# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/a0l-hardening.XXXXXX") || exit 1
pid=""
pid1=""
pid2=""
idle_pid=""
# Run by the EXIT trap, which shellcheck does not see.
# shellcheck disable=SC2317
cleanup() {
	for p in $pid $pid1 $pid2 $idle_pid; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

need_cmds "sh scripts/deps.sh check" python3 curl

# Config A is the demo; B moves the tenant list so that A's tenant URL is
# refused and a new one allowed; client AbC123 is the same in both.
cp "$SRCDIR/examples/demo.json" "$tmp/a.json"
sed 's|"https://www.example.com/logged-out"|"https://www.example.com/reloaded"|' \
	"$tmp/a.json" >"$tmp/b.json"
cp "$tmp/a.json" "$tmp/config.json"

# The servers: start_server "$tmp" NAME, their stderr in $tmp/NAME.log.
start_server "$tmp" server --listen 127.0.0.1:0 --config "$tmp/config.json" \
	--access-log "$tmp/access.log"
pid=$spid
addr=$saddr
if [ -z "$addr" ]; then
	not_ok "the server starts"
	sed 's/^/# /' "$tmp/server.log"
	exit 1
fi
ok "the server starts on $addr"

# The inactivity timeout runs alongside the other checks.
python3 "$PY" idle "$addr" 10 >"$tmp/idle.out" 2>&1 &
idle_pid=$!

python3 "$PY" raw "$addr" || failed=$((failed + 1))
sleep 1.1 # a new second for the log's rate limit
before=$(wc -l <"$tmp/server.log")
t0=$(date +%s)
python3 "$PY" flood "$addr" 127.0.0.3 127.0.0.2 1000 || failed=$((failed + 1))
t1=$(date +%s)
# libmicrohttpd reports the connections it refuses; the server writes at
# most 5 of its messages a second and counts the rest, reported within a
# second or two.
sleep 2.2
tail -n +"$((before + 1))" "$tmp/server.log" >"$tmp/flood.err"
n=$(grep -c 'libmicrohttpd: ' "$tmp/flood.err")
left=$(sed -n 's/.*libmicrohttpd: \([0-9]*\) messages left out.*/\1/p' \
	"$tmp/flood.err" | awk '{ s += $1 } END { print s + 0 }')
limit=$((10 * (t1 - t0 + 2)))
if [ "$n" -le "$limit" ] && [ "$left" -ge 100 ]; then
	ok "the flood left $n lines of libmicrohttpd's in the log, $left more counted"
else
	not_ok "the flood left $n lines of libmicrohttpd's in the log (at most $limit), $left more counted (want >= 100)"
	head -n 20 "$tmp/flood.err" | sed 's/^/# /'
fi
# Many busy connections at once, on the default eight threads and on one.
python3 "$PY" concurrent "$addr" 256 2 || failed=$((failed + 1))
start_server "$tmp" one --listen 127.0.0.1:0 --config "$tmp/a.json" \
	--threads 1 --access-log off
pid1=$spid
if [ -n "$saddr" ]; then
	python3 "$PY" concurrent "$saddr" 120 2 |
		sed 's/connections at once/connections at once, --threads 1,/' ||
		failed=$((failed + 1))
else
	not_ok "a server with --threads 1 starts"
fi
kill "$pid1" 2>/dev/null
wait "$pid1" 2>/dev/null
pid1=""

python3 "$PY" reload "$addr" "$pid" "$tmp/config.json" "$tmp/a.json" \
	"$tmp/b.json" 20 || failed=$((failed + 1))

n=$(grep -c 'SIGHUP: reloaded' "$tmp/server.log")
if [ "$n" -eq 20 ]; then
	ok "the server logged 20 reloads"
else
	not_ok "the server logged 20 reloads (it logged $n)"
fi
if grep -q 'config.json: invalid JSON at line 1' "$tmp/server.log" &&
	grep -q 'SIGHUP: .* did not load; the old config' "$tmp/server.log"; then
	ok "the failed reload is logged with its reason"
	grep 'invalid JSON\|did not load' "$tmp/server.log" |
		sed 's/^/# expected: /'
else
	not_ok "the failed reload is logged with its reason"
	sed 's/^/# /' "$tmp/server.log"
fi

# R9.8: no query value, state, token or cookie in the access log.
cp "$tmp/a.json" "$tmp/config.json"
kill -HUP "$pid"
sleep 0.3
curl -s --noproxy '*' -o /dev/null -H 'Cookie: a0session=SECRETCOOKIE' \
	"http://$addr/v2/logout?state=SECRETSTATE&id_token_hint=SECRETTOKEN&returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out%3Fs%3DSECRETQUERY"
curl -s --noproxy '*' -o /dev/null \
	"http://$addr/v2/logout?client_id=AbC123&state=SECRETSTATE2"
sleep 0.2
if grep -q SECRET "$tmp/access.log"; then
	not_ok "the access log holds no query value, state, token or cookie"
	grep SECRET "$tmp/access.log" | sed 's/^/# /'
else
	ok "the access log holds no query value, state, token or cookie"
fi
if grep -q ' GET /v2/logout 302 redirect list=client client_id=AbC123$' \
	"$tmp/access.log"; then
	ok "the access log names the outcome, the list and the client_id"
else
	not_ok "the access log names the outcome, the list and the client_id"
	tail -n 3 "$tmp/access.log" | sed 's/^/# /'
fi

# --log-buffer: lines are written each second and at the end, none lost.
start_server "$tmp" buffering --listen 127.0.0.1:0 --config "$tmp/a.json" \
	--log-buffer 4096 --access-log "$tmp/buffered.log"
pid2=$spid
addr2=$saddr
python3 "$PY" requests "$addr2" 300 || failed=$((failed + 1))
sleep 2.5
n=$(wc -l <"$tmp/buffered.log")
if [ "$n" -eq 300 ]; then
	ok "--log-buffer: the 300 lines are in the log within 2.5 s"
else
	not_ok "--log-buffer: the 300 lines are in the log within 2.5 s ($n)"
fi
python3 "$PY" requests "$addr2" 50 || failed=$((failed + 1))
kill -TERM "$pid2"
wait "$pid2"
pid2=""
n=$(wc -l <"$tmp/buffered.log")
if [ "$n" -eq 350 ]; then
	ok "--log-buffer: SIGTERM writes the last 50 lines (350 in all)"
else
	not_ok "--log-buffer: SIGTERM writes the last 50 lines ($n of 350)"
fi

wait "$idle_pid"
idle_rc=$?
idle_pid=""
cat "$tmp/idle.out"
[ "$idle_rc" -eq 0 ] || failed=$((failed + 1))
n=$(grep -c ' 408 error list=- client_id=- terminated=head_deadline$' \
	"$tmp/access.log")
if [ "$n" -eq 2 ]; then
	ok "the access log shows the two 408s of the head deadline"
else
	not_ok "the access log shows the two 408s of the head deadline ($n)"
	grep ' 408 ' "$tmp/access.log" | sed 's/^/# /'
fi

if kill -0 "$pid" 2>/dev/null; then
	ok "the server is still running"
else
	not_ok "the server is still running"
fi
# SIGTERM: a clean stop, exit 0 (under SANITIZE=1 also no leak and no
# sanitizer report).
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=""
if [ "$rc" -eq 0 ] && ! grep -q 'Sanitizer\|runtime error' "$tmp/server.log"; then
	ok "SIGTERM: exit 0, no sanitizer report"
else
	not_ok "SIGTERM: exit 0 (got $rc), no sanitizer report"
	grep -A20 'Sanitizer\|runtime error' "$tmp/server.log" | sed 's/^/# /'
fi
[ "$failed" -eq 0 ]
