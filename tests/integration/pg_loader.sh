#!/bin/sh
# SPDX-License-Identifier: MIT
# Integration test of libauth0logout-pg (include/auth0logout/pg.h, R10.3-
# R10.5) against a real PostgreSQL: starts a throwaway cluster on a Unix
# socket (tests/integration/lib/pg.sh) with sql/auth0logout-pg.sql
# applied, runs the Check program tests/pg/test_pg_loader.c against it,
# and prints one line per Check test, "ok - NAME" or "not ok - NAME:
# message", plus the program's "# ..." lines (how long changes took to
# show, how long a big tenant took to load, how long _free took in the
# middle of a load).  Also checks the cluster helpers themselves: the schema applies
# twice, pg_freeze makes the server stop answering and pg_thaw brings it
# back.  Exits non-zero when a check failed.
#
# Environment (set by `make check` through scripts/check.sh):
#   PG_TEST  the test program (default $BUILD/tests/pg/test_pg_loader)
#   SRCDIR   the repository root (default .)
#   BUILD    the build directory (default build)
#   PG_BINDIR  see lib/pg.sh

# Functions run through check() and trap look unreachable to shellcheck.
# shellcheck disable=SC2317
set -u

BUILD=${BUILD:-build}
SRCDIR=${SRCDIR:-.}
PG_TEST=${PG_TEST:-$BUILD/tests/pg/test_pg_loader}
case $PG_TEST in
/*) ;;
*) PG_TEST=$(pwd)/$PG_TEST ;;
esac

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"
# shellcheck source=lib/pg.sh
. "$SRCDIR/tests/integration/lib/pg.sh"

need_cmds "sh scripts/deps.sh check" psql
need_exec "$PG_TEST" "$PG_TEST is built (make tests)"

pg_start || exit 1
ok "a throwaway cluster runs on $PG_SOCK with the schema"
T=$PG_DIR/work
mkdir -p "$T" || exit 1

# ---- the helpers -------------------------------------------------------------

# psql_ok ARGS...: pg_psql, its output in $T/psql.out.
psql_ok() {
	pg_psql "$@" >"$T/psql.out" 2>&1
}
check "the schema applies again (idempotent)" \
	psql_ok -f "$SRCDIR/sql/auth0logout-pg.sql"

frozen_fails() {
	PGCONNECT_TIMEOUT=2 pg_psql -c 'SELECT 1' >"$T/frozen.out" 2>&1
	_rc=$?
	pg_thaw
	[ "$_rc" -ne 0 ]
}
pg_freeze
check "pg_freeze: the server stops answering (psql times out)" frozen_fails
check "pg_thaw: the server answers again" psql_ok -c 'SELECT 1'

# ---- the Check program -------------------------------------------------------

AUTH0LOGOUT_PG_CONNINFO=$PG_CONNINFO
export AUTH0LOGOUT_PG_CONNINFO
CK_TAP_LOG_FILE_NAME=$T/tap.log "$PG_TEST" >"$T/run.log" 2>&1
rc=$?
# Comments the program printed (times), then one line per test from the
# TAP log: "ok 3 - FILE:TCASE:NAME: Passed" or "not ok 4 - FILE:TCASE:NAME:
# MESSAGE".
grep '^# ' "$T/run.log"
n=0
while IFS= read -r line; do
	case $line in
	"ok "*)
		rest=${line#ok * - }
		rest=${rest#*:}
		rest=${rest#*:}
		ok "${rest%%:*}"
		n=$((n + 1))
		;;
	"not ok "*)
		rest=${line#not ok * - }
		rest=${rest#*:}
		rest=${rest#*:}
		not_ok "${rest%%:*}:${rest#*:}"
		n=$((n + 1))
		;;
	esac
done <"$T/tap.log"
if [ "$n" -eq 0 ] || [ "$rc" -ne 0 ]; then
	not_ok "$(basename "$PG_TEST") ran its tests and exited 0 (exit $rc, $n results)"
	show "$T/run.log" 40
fi
if [ "$failed" -ne 0 ]; then
	echo "# the server's log:"
	show "$PG_DIR/server.log" 40
fi

[ "$failed" -eq 0 ]
