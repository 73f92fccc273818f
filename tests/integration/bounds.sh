#!/bin/sh
# SPDX-License-Identifier: MIT
# Bounded cost on hostile input (issue: "never an open redirect", item 4).
#
# For each hostile family, tests/bounds/bounds.c builds one input and
# decides it on a thread with a 64 KiB stack (deep recursion would crash
# it).  Under callgrind, which counts instructions reproducibly, only the
# instructions inside auth0logout_decide_query are counted, at a size N and
# at 4N: a linear decision costs at most ~4x (we allow 4.5x), and a lookup
# in an allow-list of 100,000 entries costs about what it costs in one of
# 1,000 (we allow 1.5x).  Not a timed test: instruction counts do not
# depend on the machine's load.
#
# Environment: BOUNDS (the bounds program), set by `make check`.
set -u
BOUNDS=${BOUNDS:-build/tests/bounds/bounds}
fails=0
ok() { echo "ok - $*"; }
not_ok() {
	echo "not ok - $*"
	fails=$((fails + 1))
}

if ! command -v valgrind >/dev/null 2>&1; then
	not_ok "valgrind is installed (make check installs it)"
	exit 1
fi

# instructions KIND N -> prints the count; the decision's line goes to fd 3
instructions() {
	out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		--toggle-collect=auth0logout_decide_query "$BOUNDS" "$1" "$2" 2>&1)
	rc=$?
	echo "$out" | grep -v '^==' | sed 's/^/# /' >&3
	[ "$rc" -eq 0 ] || return 1
	echo "$out" | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

# check KIND SMALL LARGE MAXRATIO(x100) WHAT
check() {
	a=$(instructions "$1" "$2") || {
		not_ok "$1: $2 decided without crashing"
		return
	}
	b=$(instructions "$1" "$3") || {
		not_ok "$1: $3 decided without crashing (64 KiB stack)"
		return
	}
	if [ -z "$a" ] || [ -z "$b" ] || [ "$a" -eq 0 ]; then
		not_ok "$1: callgrind counted instructions"
		return
	fi
	ratio=$((b * 100 / a))
	if [ "$ratio" -le "$4" ]; then
		ok "$1: $5 ($a -> $b instructions, x$((ratio / 100)).$((ratio % 100 / 10)))"
	else
		not_ok "$1: $5 ($a -> $b instructions, x$((ratio / 100)).$((ratio % 100 / 10)), allowed x$(($4 / 100)).$(($4 % 100 / 10)))"
	fi
}

exec 3>&1
check escapes 4096 16384 450 "a 16 KiB query of %-escapes costs linear time"
check params 4096 16384 450 "16384 empty parameters cost linear time"
check segments 256 1024 450 "a returnTo of 1024 path segments (the most accepted, AUTH0LOGOUT_MAX_PATH_SEGMENTS) costs linear time"
check encoded 1000 4000 450 "a returnTo of 4000 bytes to percent-encode costs linear time"
check entries 1000 100000 150 "a decision against 100,000 entries costs what it costs against 1,000"
[ "$fails" -eq 0 ]
