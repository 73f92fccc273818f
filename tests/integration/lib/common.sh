# SPDX-License-Identifier: MIT
# shellcheck shell=sh
# What the integration scripts (tests/integration/*.sh) share; each sources
# it once it knows SRCDIR:
#
#   . "$SRCDIR/tests/integration/lib/common.sh"
#
# It lives in a directory of its own because `make check` runs every
# tests/integration/*.sh as a test.  POSIX sh; the helpers' own variables
# start with an underscore.
#
#   ok WHAT, not_ok WHAT      print "ok - WHAT" / "not ok - WHAT" and count
#                             it in $passed / $failed
#   check WHAT COMMAND...     ok WHAT when COMMAND succeeds, else not_ok
#   show FILE [N]             FILE's first N (15) lines as "#   " comments
#   need_cmds HINT CMD...     not ok and exit 1 unless every CMD is installed
#   need_exec FILE WHAT       not ok WHAT and exit 1 unless FILE is executable
#   use_tmp PREFIX            $tmp, a temporary directory, with a cleanup
#   free_port                 a free TCP port on 127.0.0.1
#   wait_file FILE PID [N]    until FILE is not empty, while PID lives
#   start_server DIR NAME ARGS...  auth0logout-server ($SERVER) on its way
#   stop_server PID SIGNAL    a server stopped within 5 s, its status in $rc
#   lighttpd_conf_head DIR PORT, start_lighttpd MODE DIR PORT,
#   stop_lighttpd             a lighttpd for auth0logout-cgi ($LPID)

# Assigned here, read by the scripts.
# shellcheck disable=SC2034
passed=0
failed=0

# ---- reporting ----------------------------------------------------------------

ok() {
	passed=$((passed + 1))
	echo "ok - $1"
}
not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1"
}
# check DESCRIPTION COMMAND...: ok when COMMAND succeeds.
check() {
	_check_what=$1
	shift
	if "$@"; then
		ok "$_check_what"
	else
		not_ok "$_check_what"
	fi
}
# show FILE [N]: FILE's first N lines (15) as TAP-style comments.
show() {
	sed -n "1,${2:-15}p" "$1" 2>/dev/null | sed 's/^/#   /'
}

# ---- what a script needs ------------------------------------------------------

# need_cmds HINT CMD...: the first CMD that is not installed is a
# "not ok - CMD is installed (HINT)" line, and the script exits 1.
need_cmds() {
	_need_hint=$1
	shift
	for _need_cmd in "$@"; do
		if ! command -v "$_need_cmd" >/dev/null 2>&1; then
			not_ok "$_need_cmd is installed ($_need_hint)"
			exit 1
		fi
	done
}
# need_exec FILE WHAT: unless FILE is executable, "not ok - WHAT" and the
# script exits 1.
need_exec() {
	if [ ! -x "$1" ]; then
		not_ok "$2"
		exit 1
	fi
}

# use_tmp PREFIX: tmp, a new directory "${TMPDIR:-/tmp}/PREFIX.XXXXXX", and
# pids, an empty list of processes; on exit the processes in $pids are
# stopped (SIGTERM, then waited for) and tmp is removed.  SIGINT and
# SIGTERM end the script with 130 and 143.  Exits 1 when there is no tmp.
use_tmp() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 1
	pids=""
	trap cleanup_tmp EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}
# Run by the EXIT trap, which shellcheck does not see.
# shellcheck disable=SC2317
cleanup_tmp() {
	for _p in $pids; do
		kill "$_p" 2>/dev/null
	done
	for _p in $pids; do
		wait "$_p" 2>/dev/null
	done
	rm -rf "$tmp"
}

# ---- processes ----------------------------------------------------------------

# free_port: a TCP port that is free on 127.0.0.1 now (another process may
# take it before the caller binds it).
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null ||
		node -e 'const s = require("net").createServer();
s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });' \
			2>/dev/null ||
		awk 'BEGIN { srand(); print 20000 + int(rand() * 30000) }'
}

# wait_file FILE PID [TENTHS]: waits until FILE is not empty, TENTHS tenths
# of a second (50) at most, while process PID lives; fails when it did not
# get there.
wait_file() {
	_wait_i=0
	while [ ! -s "$1" ]; do
		[ "$_wait_i" -ge "${3:-50}" ] && return 1
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
		_wait_i=$((_wait_i + 1))
	done
}

# start_server DIR NAME ARGS...: "$SERVER" ARGS... --ready-file
# DIR/NAME.ready in the background, its stderr in DIR/NAME.log; sets spid
# (and adds it to pids) and saddr, the HOST:PORT it bound.  Fails, saddr
# empty, when the server is not ready within 5 s.
start_server() {
	_start_ready=$1/$2.ready
	_start_log=$1/$2.log
	shift 2
	rm -f "$_start_ready"
	"$SERVER" "$@" --ready-file "$_start_ready" 2>"$_start_log" &
	spid=$!
	pids="${pids:-} $spid"
	saddr=""
	wait_file "$_start_ready" "$spid" || return 1
	saddr=$(cat "$_start_ready")
}

# stop_server PID SIGNAL: sends SIGNAL and waits 5 s at most (then
# SIGKILL); sets rc to the exit status (137 when it had to be killed) and
# takes PID off pids.
stop_server() {
	kill -"$2" "$1" 2>/dev/null
	(
		_stop_i=0
		while [ "$_stop_i" -lt 50 ]; do
			sleep 0.1
			_stop_i=$((_stop_i + 1))
		done
		kill -KILL "$1" 2>/dev/null
	) &
	_stop_watchdog=$!
	wait "$1"
	rc=$?
	kill "$_stop_watchdog" 2>/dev/null
	wait "$_stop_watchdog" 2>/dev/null
	_stop_left=""
	for _p in ${pids:-}; do
		[ "$_p" = "$1" ] || _stop_left="$_stop_left $_p"
	done
	pids=$_stop_left
}

# ---- lighttpd (auth0logout-cgi as CGI and FastCGI) ----------------------------

# lighttpd_conf_head DIR PORT: the start of a lighttpd config serving
# 127.0.0.1:PORT with its files (document root, logs, pid file) in DIR.
# No Accept-Ranges on the answers: nothing here is a ranged resource.
# url-normalize off: the program gets the query as the client sent it
# (lighttpd otherwise rewrites escapes: %zz would become %25zz and reach
# the library valid).
lighttpd_conf_head() {
	cat <<EOF
server.document-root = "$1/www"
server.bind = "127.0.0.1"
server.port = $2
server.errorlog = "$1/error.log"
server.breakagelog = "$1/breakage.log"
server.pid-file = "$1/lighttpd.pid"
server.max-keep-alive-requests = 0
server.range-requests = "disable"
server.http-parseopts = ( "url-normalize" => "disable" )
EOF
}

# start_lighttpd MODE DIR PORT: once `lighttpd -tt` accepts DIR/MODE.conf,
# runs lighttpd -D on it in the background (LPID), without the adapter's
# variables in its environment (they come from the config only), and
# waits 5 s at most for PORT to answer.  Prints "ok - MODE: lighttpd
# starts on port PORT", or a "not ok" line with lighttpd's words as
# comments, and then fails.
LPID=""
start_lighttpd() {
	_lt_conf=$2/$1.conf
	if ! lighttpd -tt -f "$_lt_conf" >"$2/lighttpd.out" 2>&1; then
		not_ok "$1: lighttpd accepts the config"
		sed 's/^/# /' "$2/lighttpd.out"
		return 1
	fi
	env -u AUTH0LOGOUT_CONFIG -u AUTH0LOGOUT_COOKIE \
		-u AUTH0LOGOUT_SID_COOKIE \
		lighttpd -D -f "$_lt_conf" >"$2/lighttpd.out" 2>&1 &
	LPID=$!
	_lt_i=0
	until curl -s --noproxy '*' --max-time 1 -o /dev/null \
		"http://127.0.0.1:$3/" || [ "$_lt_i" -ge 50 ]; do
		kill -0 "$LPID" 2>/dev/null || break
		sleep 0.1
		_lt_i=$((_lt_i + 1))
	done
	if ! kill -0 "$LPID" 2>/dev/null || [ "$_lt_i" -ge 50 ]; then
		not_ok "$1: lighttpd starts on port $3"
		sed 's/^/# /' "$2/lighttpd.out" "$2/error.log" 2>/dev/null
		stop_lighttpd
		return 1
	fi
	ok "$1: lighttpd starts on port $3"
}

# stop_lighttpd: stops $LPID, if any; bounded: lighttpd stops its FastCGI
# backends, then exits (else it is killed after 5 s).
stop_lighttpd() {
	if [ -n "$LPID" ]; then
		kill "$LPID" 2>/dev/null
		_lt_i=0
		while kill -0 "$LPID" 2>/dev/null && [ "$_lt_i" -lt 50 ]; do
			sleep 0.1
			_lt_i=$((_lt_i + 1))
		done
		if kill -0 "$LPID" 2>/dev/null; then
			kill -9 "$LPID" 2>/dev/null
		fi
		wait "$LPID" 2>/dev/null
		LPID=""
	fi
}
