#!/bin/sh
# SPDX-License-Identifier: MIT
# Shows auth0logout-server answering GET /v2/logout, with curl.
#
# Usage: sh examples/demo-server.sh SERVER CONFIG
#   e.g. sh examples/demo-server.sh build/auth0logout-server examples/demo.json
#
# Starts the server on 127.0.0.1:$DEMO_PORT (default 8080; when that port
# is busy, on a free port), then for each case prints a label, a curl
# command to paste, and the status line, Location and Set-Cookie the server
# answered.  From a terminal it then keeps the server running (and shows
# its access log) until Ctrl-C; otherwise it stops the server and exits 0.
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh examples/demo-server.sh SERVER CONFIG" >&2
	exit 2
fi
server=$1
config=$2
port=${DEMO_PORT:-8080}

if ! command -v curl >/dev/null 2>&1; then
	echo "demo-server: curl is needed" >&2
	exit 1
fi

tmp=$(mktemp -d) || exit 1
pid=""
tail_pid=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	if [ -n "$tail_pid" ]; then
		kill "$tail_pid" 2>/dev/null
		wait "$tail_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' HUP TERM
trap 'exit 141' PIPE

# start PORT: starts the server and waits (at most 10 s) until it listens;
# sets port to the port it got.  Returns 1 when the port is busy; any other
# failure ends the demo.
start() {
	rm -f "$tmp/ready" "$tmp/log"
	"$server" --config "$config" --listen "127.0.0.1:$1" \
		--ready-file "$tmp/ready" 2>"$tmp/log" &
	pid=$!
	i=0
	while [ ! -s "$tmp/ready" ]; do
		# The server writes the ready file before its first log line,
		# so a log without a ready file is a start-up error.
		if [ -s "$tmp/log" ] || [ "$i" -ge 100 ]; then
			sleep 0.2
			[ -s "$tmp/ready" ] && break
			kill -TERM "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			pid=""
			if grep -q 'cannot listen on' "$tmp/log"; then
				return 1
			fi
			echo "demo-server: $server did not start:" >&2
			cat "$tmp/log" >&2
			exit 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	port=$(sed 's/.*://' "$tmp/ready")
}

if ! start "$port"; then
	echo "demo-server: port $port is busy ($(cat "$tmp/log")); using a free port" >&2
	if ! start 0; then
		cat "$tmp/log" >&2
		exit 1
	fi
fi
base="http://127.0.0.1:$port/v2/logout"
echo "auth0logout-server is listening at $base (config $config)"

# show LABEL QUERY [ACCEPT]: the command to paste, then the answer.
show() {
	url=$base${2:+?$2}
	printf '\n# %s\n' "$1"
	if [ -n "${3:-}" ]; then
		printf "  curl -i -H 'Accept: %s' '%s'\n" "$3" "$url"
		set -- -H "Accept: $3"
	else
		printf "  curl -i '%s'\n" "$url"
		set --
	fi
	curl -s --max-time 5 -o "$tmp/body" -D - "$@" "$url" | tr -d '\r' |
	    grep -iE '^(HTTP/|Location:|Set-Cookie:)' | sed 's/^/  => /'
}

show "redirect via the tenant list (no client_id)" \
	"returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out"
show "redirect via the application's list" \
	"client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye%3Fsee%3Dyou"
show "wildcard redirect (https://*.example.org)" \
	"client_id=AbC123&returnTo=https%3A%2F%2Fshop.example.org"
show "first URL of the application (client_id only)" \
	"client_id=AbC123"
show "logged out: no parameters (200, body OK)" \
	""
show "federated logout: same decision, flag carried" \
	"federated&returnTo=https%3A%2F%2Fwww.example.com"
show "refused: not on the tenant list (400, session kept)" \
	"returnTo=https%3A%2F%2Fevil.com"
show "refused: on the tenant list but not the application's" \
	"client_id=AbC123&returnTo=https%3A%2F%2Fwww.example.com"
show "the same refusal as JSON" \
	"returnTo=https%3A%2F%2Fevil.com" application/json
sed 's/^/  => /' "$tmp/body"
echo
show "open redirect refused: userinfo (https://app.example.com@evil.com)" \
	"client_id=AbC123&returnTo=https://app.example.com@evil.com"
show "open redirect refused: backslash (https://evil.com\\.example.org)" \
	"client_id=AbC123&returnTo=https://evil.com%5C.example.org"
show "open redirect refused: the wildcard spans one label only" \
	"client_id=AbC123&returnTo=https%3A%2F%2Fevil.com.example.org"

if [ -t 0 ]; then
	printf '\nServer running at %s; press Ctrl-C to stop\n' "$base"
	echo "(access log follows)"
	tail -n 0 -f "$tmp/log" &
	tail_pid=$!
	# Ctrl-C reaches this shell (and the server, which stops on SIGINT);
	# the EXIT trap stops the server either way.
	trap 'echo; exit 0' INT
	wait "$pid"
	rc=$?
	pid=""
	echo "demo-server: the server exited with status $rc" >&2
	exit "$rc"
fi
exit 0
