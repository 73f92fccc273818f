#!/bin/sh
# SPDX-License-Identifier: MIT
# Integration test of the example systemd unit,
# examples/systemd/auth0logout-server.service:
#   - `systemd-analyze verify` accepts a copy of it whose ExecStart runs
#     $SERVER (verify wants an executable that exists) with a copy of
#     examples/demo.json as --config; it needs no running systemd;
#   - the shipped unit keeps its hardening (DynamicUser, ProtectSystem,
#     NoNewPrivileges) and its ExecReload sends SIGHUP;
#   - the server accepts the arguments on the unit's ExecStart: it runs with
#     them (--listen 127.0.0.1:0 and a --ready-file added), answers
#     GET /v2/logout, reloads on SIGHUP and exits 0 on SIGTERM.
# When this systemd has `systemd-analyze security --offline`, the unit's
# exposure score is printed as a "# " line (not a check).
# Prints one line per check, "ok - what" or "not ok - what", and exits
# non-zero when a check failed.
#
# Environment (set by `make check` through scripts/check.sh):
#   SERVER  the auth0logout-server binary (default $BUILD/auth0logout-server)
#   SRCDIR  the repository root (default .)
#   BUILD   the build directory (default build)
set -u

BUILD=${BUILD:-build}
SRCDIR=${SRCDIR:-.}
SERVER=${SERVER:-$BUILD/auth0logout-server}
case $SERVER in
/*) ;;
*) SERVER=$(pwd)/$SERVER ;;
esac
case $SRCDIR in
/*) ;;
*) SRCDIR=$(pwd)/$SRCDIR ;;
esac
NAME=auth0logout-server.service
UNIT=$SRCDIR/examples/systemd/$NAME
DEMO=$SRCDIR/examples/demo.json
# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

pid=""
tmp=$(mktemp -d) || exit 1

cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# has LINE-REGEX: the shipped unit has a line matching the extended regex.
has() {
	grep -Eq "$1" "$UNIT"
}
# comment FILE: FILE's lines as "# " comments.
comment() {
	sed 's/^/# /' "$1"
}

if [ ! -f "$UNIT" ]; then
	not_ok "the unit $UNIT exists"
	exit 1
fi
need_exec "$SERVER" "the server $SERVER is built (make build/auth0logout-server)"

# ---- the shipped unit -------------------------------------------------------

check "unit: DynamicUser=yes" has '^DynamicUser=yes$'
check "unit: ProtectSystem=strict" has '^ProtectSystem=strict$'
check "unit: NoNewPrivileges=yes" has '^NoNewPrivileges=yes$'
# The $MAINPID in the pattern is the unit's text, not an expansion.
# shellcheck disable=SC2016
check "unit: ExecReload sends SIGHUP to the main process" \
	has '^ExecReload=[^ ]*kill +(-HUP|-SIGHUP|-s +(SIG)?HUP) +\$MAINPID$'

# ExecStart: exactly one, its program and its arguments (plain words: the
# unit uses no quotes, specifiers or variables there).
n=$(grep -c '^ExecStart=' "$UNIT")
check "unit: exactly one ExecStart= line" [ "$n" = 1 ]
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT" | head -n 1)
set -f
# shellcheck disable=SC2086 # split into words on purpose
set -- $exec_start
set +f
program=${1:-}
[ $# -gt 0 ] && shift
prefix=$(sed -n 's/^PREFIX *?= *//p' "$SRCDIR/Makefile")
check "unit: ExecStart runs $prefix/sbin/auth0logout-server (make install's default)" \
	[ "$program" = "$prefix/sbin/auth0logout-server" ]

# The copy: ExecStart runs $SERVER with a copy of the demo config; the rest
# of the unit is unchanged.  For the server run below: the same arguments,
# with --listen 127.0.0.1:0 and a --ready-file.
cp "$DEMO" "$tmp/config.json" || exit 1
line="ExecStart=\"$SERVER\""
prev=""
has_config=0
has_listen=0
for a; do
	shift
	word=$a
	case $prev in
	--config)
		has_config=1
		word=$tmp/config.json
		line="$line \"$word\""
		;;
	--listen)
		has_listen=1
		line="$line $word"
		word=127.0.0.1:0
		;;
	*) line="$line $word" ;;
	esac
	set -- "$@" "$word"
	prev=$a
done
[ "$has_listen" = 1 ] || set -- "$@" --listen 127.0.0.1:0
set -- "$@" --ready-file "$tmp/ready"
check "unit: ExecStart has --config FILE" [ "$has_config" = 1 ]
check "unit: ExecStart has --listen HOST:PORT" [ "$has_listen" = 1 ]
NEW_EXEC_START=$line awk '
	/^ExecStart=/ { print ENVIRON["NEW_EXEC_START"]; next }
	{ print }' "$UNIT" >"$tmp/$NAME"

# ---- systemd-analyze --------------------------------------------------------

if command -v systemd-analyze >/dev/null 2>&1; then
	# --man=no: verify would otherwise run man for the unit's
	# Documentation=man:auth0logout-server(8), installed or not.
	systemd-analyze verify --man=no "$tmp/$NAME" >"$tmp/verify.out" 2>&1
	rc=$?
	check "systemd-analyze verify: exit 0" [ "$rc" = 0 ]
	if [ -s "$tmp/verify.out" ]; then
		not_ok "systemd-analyze verify: prints nothing"
		comment "$tmp/verify.out"
	else
		ok "systemd-analyze verify: prints nothing"
	fi

	# The check above can fail: verify refuses a unit whose program is
	# not there.
	sed "s|^ExecStart=\"[^\"]*\"|ExecStart=$tmp/missing-server|" \
		"$tmp/$NAME" >"$tmp/broken.service"
	if ! systemd-analyze verify --man=no "$tmp/broken.service" \
	    >"$tmp/broken.out" 2>&1 &&
	    grep -q missing-server "$tmp/broken.out"; then
		ok "systemd-analyze verify: refuses the unit with a missing program"
	else
		not_ok "systemd-analyze verify: refuses the unit with a missing program"
		comment "$tmp/broken.out"
	fi

	if systemd-analyze security --help 2>&1 | grep -q -- '--offline'; then
		systemd-analyze security --offline=true --no-pager \
			"$tmp/$NAME" >"$tmp/security.out" 2>&1
		score=$(grep 'Overall exposure level' "$tmp/security.out" |
		    sed 's/^[^O]*//')
		echo "# systemd-analyze security: ${score:-no score ($(head -n 1 "$tmp/security.out"))}"
	else
		echo "# systemd-analyze security --offline: not in this systemd"
	fi
else
	not_ok "systemd-analyze is installed (sh scripts/deps.sh check)"
fi

# ---- the server with the unit's arguments -----------------------------------

"$SERVER" "$@" 2>"$tmp/server.log" &
pid=$!
if wait_file "$tmp/ready" "$pid"; then
	ok "server starts with the unit's ExecStart arguments"
	addr=$(cat "$tmp/ready")
	status=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' \
	    "http://$addr/v2/logout")
	check "GET http://$addr/v2/logout: 200" [ "$status" = 200 ]

	# ExecReload: SIGHUP reloads the config, and the server goes on.
	kill -HUP "$pid"
	i=0
	while ! grep -q 'SIGHUP: reloaded' "$tmp/server.log" &&
	    [ "$i" -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	check "SIGHUP (ExecReload): the config is reloaded" \
		grep -q 'SIGHUP: reloaded' "$tmp/server.log"
	status=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' \
	    "http://$addr/v2/logout")
	check "GET /v2/logout after SIGHUP: 200" [ "$status" = 200 ]

	# SIGTERM (systemctl stop): exit 0 within 5 s, else killed (137).
	stop_server "$pid" TERM
	pid=""
	check "SIGTERM: exit 0 within 5 s" [ "$rc" = 0 ]
else
	not_ok "server starts with the unit's ExecStart arguments ($*)"
	comment "$tmp/server.log"
fi

echo "# systemd: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
