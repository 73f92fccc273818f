#!/bin/sh
# SPDX-License-Identifier: MIT
# Many nodes on one PostgreSQL (R10.4, R10.5): a throwaway cluster
# (lib/pg.sh, as the postgres user when run as root), a tenant imported with
# `auth0logout import`, then two auth0logout-server nodes with --store on it
# and tests/integration/pg_nodes.py: the update latency over 200 changes,
# convergence, a restart and a SIGSTOP of the database under load, a bad
# row, a rollback, a node that never loaded.  Also `auth0logout decide
# --store` against the same tables.
#
# Prints "ok - what" / "not ok - what" (and the figures as "# " lines);
# exits non-zero when one failed.  Environment (set by make check):
# SERVER, CLI, SRCDIR.
set -u

SRCDIR=${SRCDIR:-.}
case $SRCDIR in
/*) ;;
*) SRCDIR=$(pwd)/$SRCDIR ;;
esac
case $SERVER in
/*) ;;
*) SERVER=$(pwd)/$SERVER ;;
esac
case $CLI in
/*) ;;
*) CLI=$(pwd)/$CLI ;;
esac

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"
# shellcheck source=lib/pg.sh
. "$SRCDIR/tests/integration/lib/pg.sh"

need_cmds "sh scripts/deps.sh check" python3 psql
need_exec "$SERVER" "$SERVER is built"
need_exec "$CLI" "$CLI is built"

pg_start || exit 1
TMP=$PG_DIR/work
mkdir -p "$TMP"

# The tenant: a list of its own, the app, and 50 clients c0..c49.
python3 - "$TMP/config.json" <<'PY'
import json, sys
clients = [{"client_id": "app", "name": "App",
            "allowed_logout_urls": ["https://app.example.com/bye"]}]
clients += [{"client_id": "c%d" % i, "name": "C%d" % i,
             "allowed_logout_urls": ["https://c%d.example.com/" % i]}
            for i in range(50)]
json.dump({"tenant": {"friendly_name": "Demo",
                      "allowed_logout_urls": ["https://tenant.example.com"]},
           "clients": clients}, open(sys.argv[1], "w"))
PY

"$CLI" import --to "$PG_CONNINFO" --tenant demo --config "$TMP/config.json" \
	>"$TMP/import.out" 2>&1
rc=$?
check "auth0logout import loads the config into the tables (exit $rc)" \
	test "$rc" -eq 0
n=$(pg_psql -A -t -c "SELECT count(*) FROM auth0logout_clients WHERE tenant_id = 'demo'")
check "import wrote the 51 clients ($n)" test "$n" = 51

q='client_id=c3&returnTo=https%3A%2F%2Fc3.example.com%2F'
out=$("$CLI" decide --store "$PG_CONNINFO" --tenant demo "$q" 2>&1)
rc=$?
case $out in
*"https://c3.example.com/"*) has=1 ;;
*) has=0 ;;
esac
check "auth0logout decide --store decides from the tables (exit $rc)" \
	test "$rc" -eq 0 -a "$has" -eq 1

export PG_CONNINFO PG_DATA PG_DIR PG_SOCK SERVER CLI TMP
PG_BINDIR=$(pg_bindir)
export PG_BINDIR
python3 "$SRCDIR/tests/integration/pg_nodes.py"
prc=$?
# pg_nodes.py prints its own ok / not ok lines.
if [ "$prc" -ne 0 ]; then
	failed=$((failed + 1))
	for f in "$TMP"/node-*.log; do
		[ -f "$f" ] && echo "# $f:" && show "$f" 20
	done
fi
[ "$failed" -eq 0 ]
