#!/bin/sh
# SPDX-License-Identifier: MIT
# Smoke test of the programs on a PostgreSQL store (R10): a throwaway
# cluster (lib/pg.sh) with sql/auth0logout-pg.sql, then
#   - auth0logout-server --store: fails closed (500 for every logout
#     request, even a bare one; /healthz 503) before its tenant exists; serves it once `auth0logout import` has written
#     it; follows a committed change; /oidc/logout without an oidc
#     object; /healthz; SIGHUP ignored; SIGTERM stops it;
#   - auth0logout-server --config: /healthz {"store":"file",...};
#   - auth0logout decide --store: the same output and exit status as
#     decide --config on the same config;
#   - auth0logout-cgi with AUTH0LOGOUT_STORE, as plain CGI (run directly)
#     and as FastCGI under lighttpd (a change followed live);
#   - the usage errors of --store and --tenant, and a connection string
#     libpq cannot parse, never echoed (no database needed).
# Prints one line per check, "ok - what" or "not ok - what", and exits
# non-zero when a check failed.
#
# Environment (set by `make check` through scripts/check.sh): SERVER, CLI,
# CGI (the programs; default $BUILD/...), SRCDIR (default .), BUILD
# (default build), PG_BINDIR (see lib/pg.sh).
# shellcheck disable=SC2016
set -u

BUILD=${BUILD:-build}
SRCDIR=${SRCDIR:-.}
SERVER=${SERVER:-$BUILD/auth0logout-server}
CLI=${CLI:-$BUILD/auth0logout}
CGI=${CGI:-$BUILD/auth0logout-cgi}
DEMO=$SRCDIR/examples/demo.json

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"
# shellcheck source=lib/pg.sh
. "$SRCDIR/tests/integration/lib/pg.sh"

need_exec "$SERVER" "server binary $SERVER exists"
need_exec "$CLI" "command $CLI exists"
need_exec "$CGI" "CGI program $CGI exists"
need_cmds "sh scripts/deps.sh check" curl psql

# lighttpd runs the FastCGI program from its own directory.
case $CGI in
/*) ;;
*) CGI=$(pwd)/$CGI ;;
esac

use_tmp a0l-pg-server
PG_NO_TRAP=1
# One EXIT trap for both: the processes and tmp, then the cluster.
trap 'stop_lighttpd; cleanup_tmp; pg_cleanup' EXIT

# get NAME PATH [CURL ARGS...]: http://$saddr$PATH; headers (CR stripped)
# in $tmp/NAME.h, body in $tmp/NAME.b, status in $status.
get() {
	_n=$1
	_p=$2
	shift 2
	status=$(curl -s --noproxy '*' --max-time 5 -D "$tmp/$_n.raw" \
		-o "$tmp/$_n.b" -w '%{http_code}' "$@" "http://$saddr$_p")
	tr -d '\r' <"$tmp/$_n.raw" >"$tmp/$_n.h"
}
header() {
	sed -n "s/^$2: *//Ip" "$tmp/$1.h" | head -n 1
}
body_has() {
	grep -qF -- "$2" "$tmp/$1.b"
}
# until_status N STATUS PATH: GET PATH until its status is STATUS, N tenths
# of a second at most.
until_status() {
	_i=0
	while :; do
		get poll "$3"
		[ "$status" = "$2" ] && return 0
		[ "$_i" -ge "$1" ] && return 1
		sleep 0.1
		_i=$((_i + 1))
	done
}
# usage_error WHAT ARGS...: the server exits 2 with one line on stderr
# that points to --help, and never listens (one that does is stopped
# after 10 s: exit 124).
usage_error() {
	_what=$1
	shift
	timeout 10 "$SERVER" "$@" --listen 127.0.0.1:0 >"$tmp/usage.out" \
		2>"$tmp/usage.err" </dev/null
	_rc=$?
	if [ "$_rc" = 2 ] && [ ! -s "$tmp/usage.out" ] &&
		[ "$(wc -l <"$tmp/usage.err")" = 1 ] &&
		grep -q "(see 'auth0logout-server --help')\$" "$tmp/usage.err"; then
		ok "usage error: $_what"
	else
		not_ok "usage error: $_what (exit $_rc)"
		show "$tmp/usage.err"
	fi
}

# ---- usage errors: no database needed -----------------------------------

NO_DB="host=/nonexistent/a0l dbname=none"
usage_error "--store without --tenant" --store "$NO_DB"
usage_error "--tenant without --store" --config "$DEMO" --tenant demo
usage_error "--config and --store together" --config "$DEMO" \
	--store "$NO_DB" --tenant demo
usage_error "neither --config nor --store"
usage_error "empty --store" --store "" --tenant demo
usage_error "empty --tenant" --store "$NO_DB" --tenant ""
usage_error "--define with --store" --store "$NO_DB" --tenant demo \
	--define A=b
usage_error "--client-id-from with --store" --store "$NO_DB" \
	--tenant demo --client-id-from name
usage_error "--tenant with a control character" --store "$NO_DB" \
	--tenant "$(printf 'a\tb')"
# A string libpq cannot parse (a bad percent-escape in the password):
# neither it nor libpq's message (which quotes it) is shown.
BAD_CONNINFO='postgresql://app:Hunter%zz2@127.0.0.1:1/db'
usage_error "--store that libpq cannot parse" --store "$BAD_CONNINFO" \
	--tenant t
check "--store that libpq cannot parse: says so, without the password" \
	eval 'grep -q "^auth0logout-server: --store: not a valid libpq connection string" "$tmp/usage.err" &&
	    ! grep -q Hunter "$tmp/usage.err"'
"$CLI" decide --store "$BAD_CONNINFO" --tenant t client_id=x \
	>"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
check "decide --store that libpq cannot parse: exit 2, without the password" \
	eval '[ "$rc" = 2 ] && [ ! -s "$tmp/bad.out" ] &&
	    grep -q "^auth0logout: --store: not a valid libpq connection string" "$tmp/bad.err" &&
	    ! grep -q Hunter "$tmp/bad.err"'
"$CLI" import --to "$BAD_CONNINFO" --tenant t --config "$DEMO" \
	>"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
check "import --to that libpq cannot parse: exit 2, without the password" \
	eval '[ "$rc" = 2 ] && [ ! -s "$tmp/bad.out" ] &&
	    grep -q "^auth0logout: --to: not a valid libpq connection string" "$tmp/bad.err" &&
	    ! grep -q Hunter "$tmp/bad.err"'
"$SERVER" --help >"$tmp/help.out" 2>&1
check "--help names --store and --tenant and /healthz" \
	eval 'grep -q -- "--store CONNINFO" "$tmp/help.out" &&
	    grep -q -- "--tenant ID" "$tmp/help.out" &&
	    grep -q /healthz "$tmp/help.out"'

# ---- a file config's /healthz -------------------------------------------

if start_server "$tmp" file --config "$DEMO" --listen 127.0.0.1:0; then
	get fh /healthz
	check "--config: /healthz 200" [ "$status" = 200 ]
	check "--config: /healthz is application/json, no-store" \
		eval '[ "$(header fh Content-Type)" = application/json ] &&
		    [ "$(header fh Cache-Control)" = no-store ]'
	check "--config: /healthz body" [ "$(cat "$tmp/fh.b")" = \
		'{"store":"file","loaded":true,"version":1,"clients":4,"last_reload_failed":false}' ]
	kill -HUP "$spid"
	sleep 0.3
	get fh2 /healthz
	check "--config: SIGHUP counts a version" \
		body_has fh2 '"version":2,'
	get fh3 /healthz -X POST -d x=1
	check "--config: POST /healthz is 405" [ "$status" = 405 ]
	get fh4 /healthz -I
	check "--config: HEAD /healthz is 200" [ "$status" = 200 ]
	get fh5 /healthz/x
	check "--config: /healthz/x is 404" [ "$status" = 404 ]
	stop_server "$spid" TERM
	check "--config server stops with 0" [ "$rc" = 0 ]
else
	not_ok "server --config starts"
	show "$tmp/file.log"
fi

# ---- the cluster --------------------------------------------------------

pg_start || exit 1
ok "a throwaway PostgreSQL cluster with the schema"

# ---- the server before its tenant exists: fail closed -------------------

if start_server "$tmp" store --store "$PG_CONNINFO" --tenant demo \
	--listen 127.0.0.1:0 --threads 2; then
	ok "server --store starts listening without its tenant"
else
	not_ok "server --store starts listening without its tenant"
	show "$tmp/store.log" 30
	exit 1
fi
store_pid=$spid
get early '/v2/logout?client_id=AbC123'
check "before the first load: 500 (fail closed)" [ "$status" = 500 ]
check "before the first load: no Location" \
	[ -z "$(header early Location)" ]
# R10.4: every logout request, even one whose decision needs no list.
get early_bare /v2/logout
check "before the first load: a bare /v2/logout is 500" \
	eval '[ "$status" = 500 ] && [ -z "$(header early_bare Set-Cookie)" ]'
get early_oidc /oidc/logout
check "before the first load: /oidc/logout without parameters is 500" \
	eval '[ "$status" = 500 ] && [ -z "$(header early_oidc Set-Cookie)" ]'
get early_json /v2/logout -H 'Accept: application/json'
check "before the first load: the JSON 500 says server_error" \
	eval '[ "$status" = 500 ] && body_has early_json "\"server_error\""'
get early_h /healthz
check "before the first load: /healthz 503" [ "$status" = 503 ]
check "before the first load: /healthz says not loaded, no-store" \
	eval 'body_has early_h "\"loaded\":false" &&
	    [ "$(header early_h Cache-Control)" = no-store ] &&
	    [ "$(header early_h Content-Type)" = application/json ]'
check "the connection string is not logged" \
	eval '! grep -qF -- "$PG_SOCK" "$tmp/store.log"'

# ---- import, then the server serves it ----------------------------------

"$CLI" import --to "$PG_CONNINFO" --tenant demo --config "$DEMO" \
	>"$tmp/import.out" 2>"$tmp/import.err"
rc=$?
check "import exits 0" [ "$rc" = 0 ]
check "import prints what it imported" \
	[ "$(cat "$tmp/import.out")" = 'imported 4 clients into tenant "demo"' ]
[ "$rc" = 0 ] || show "$tmp/import.err"
check "the tables hold the 4 clients" \
	[ "$(pg_psql -At -c "SELECT count(*) FROM auth0logout_clients WHERE tenant_id = 'demo'")" = 4 ]

if until_status 50 200 /healthz; then
	ok "after the import: /healthz 200 within 5 s"
else
	not_ok "after the import: /healthz 200 within 5 s (got $status)"
	show "$tmp/poll.b"
	show "$tmp/store.log" 30
fi
check "/healthz: loaded, 4 clients" \
	eval 'body_has poll "\"loaded\":true" && body_has poll "\"clients\":4"'
get first '/v2/logout?client_id=AbC123'
check "after the import: 302 to the client's first URL" \
	eval '[ "$status" = 302 ] &&
	    [ "$(header first Location)" = https://app.example.com/bye ]'
get refused '/v2/logout?client_id=AbC123&returnTo=https%3A%2F%2Fevil.com'
check "not on the list: 400" [ "$status" = 400 ]
get unknown '/v2/logout?client_id=Nobody'
check "unknown client: 400" [ "$status" = 400 ]
get oidc '/oidc/logout?client_id=AbC123&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fbye'
check "/oidc/logout without a hint: the consent page (200)" \
	eval '[ "$status" = 200 ] && body_has oidc "<form"'
get oidc_bad '/oidc/logout?id_token_hint=a.b.c&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fbye'
check "/oidc/logout: an id_token_hint is invalid (no issuer): 400" \
	[ "$status" = 400 ]
get disc /.well-known/openid-configuration
check "no discovery document (no issuer): 404" [ "$status" = 404 ]

# ---- a change, followed live --------------------------------------------

pg_psql -c "UPDATE auth0logout_clients SET client = jsonb_set(client,
	'{allowed_logout_urls}', '[\"https://changed.example.com/bye\"]')
	WHERE tenant_id = 'demo' AND client_id = 'AbC123'"
i=0
while :; do
	get changed '/v2/logout?client_id=AbC123'
	[ "$(header changed Location)" = https://changed.example.com/bye ] &&
		break
	[ "$i" -ge 50 ] && break
	sleep 0.1
	i=$((i + 1))
done
check "a committed change is served within 5 s" \
	[ "$(header changed Location)" = https://changed.example.com/bye ]
pg_psql -c "DELETE FROM auth0logout_clients
	WHERE tenant_id = 'demo' AND client_id = 'NoList7'"
if until_status 50 400 '/v2/logout?client_id=NoList7'; then
	ok "a deleted client is unknown within 5 s (400)"
else
	not_ok "a deleted client is unknown within 5 s (got $status)"
fi

kill -HUP "$store_pid"
sleep 0.3
check "SIGHUP is logged and ignored" \
	eval 'grep -q "SIGHUP ignored" "$tmp/store.log" &&
	    kill -0 "$store_pid"'
get after_hup '/v2/logout?client_id=AbC123'
check "after SIGHUP: still serving" [ "$status" = 302 ]

# ---- decide --store: the same as decide --config ------------------------

# Back to the demo config (the import replaces, and restores NoList7).
"$CLI" import --to "$PG_CONNINFO" --tenant demo --config "$DEMO" \
	>/dev/null 2>"$tmp/import2.err"
check "a second import exits 0" [ "$?" = 0 ]
same=1
for q in 'client_id=AbC123' \
	'client_id=AbC123&returnTo=https%3A%2F%2Fshop.example.org' \
	'returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out' \
	'returnTo=http%3A%2F%2Fwww.example.com%2Flogged-out' \
	'client_id=NoList7' 'client_id=Nobody' '' \
	'client_id=WiLd42&returnTo=https://pr-17-preview.example.net'; do
	"$CLI" decide --config "$DEMO" "$q" >"$tmp/a.out" 2>&1
	a=$?
	"$CLI" decide --store "$PG_CONNINFO" --tenant demo "$q" \
		>"$tmp/b.out" 2>&1
	b=$?
	if [ "$a" != "$b" ] || ! cmp -s "$tmp/a.out" "$tmp/b.out"; then
		same=0
		echo "# differs for '$q': exit $a / $b"
		show "$tmp/a.out" 3
		show "$tmp/b.out" 3
	fi
done
check "decide --store prints and exits as decide --config (8 queries)" \
	[ "$same" = 1 ]
printf 'client_id=AbC123\nreturnTo=https%%3A%%2F%%2Fevil.com\n' >"$tmp/batch"
"$CLI" decide --config "$DEMO" <"$tmp/batch" >"$tmp/a.out" 2>&1
"$CLI" decide --store "$PG_CONNINFO" --tenant demo <"$tmp/batch" \
	>"$tmp/b.out" 2>&1
check "decide --store batch mode is the same" cmp -s "$tmp/a.out" "$tmp/b.out"
"$CLI" decide --store "$PG_CONNINFO" --tenant nobody 'client_id=AbC123' \
	>"$tmp/c.out" 2>"$tmp/c.err"
rc=$?
check "decide --store of a missing tenant: exit 2, nothing on stdout" \
	eval '[ "$rc" = 2 ] && [ ! -s "$tmp/c.out" ] &&
	    grep -q "tenant \"nobody\"" "$tmp/c.err"'

# ---- CGI with AUTH0LOGOUT_STORE -----------------------------------------

# cgi_run NAME VAR=VALUE...: one plain-CGI request for /v2/logout.
cgi_run() {
	_n=$1
	shift
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
		SCRIPT_NAME=/v2/logout "$@" "$CGI" </dev/null \
		>"$tmp/$_n.out" 2>"$tmp/$_n.err"
}
cgi_run cgi1 AUTH0LOGOUT_STORE="$PG_CONNINFO" AUTH0LOGOUT_TENANT=demo \
	QUERY_STRING=client_id=AbC123
check "CGI, AUTH0LOGOUT_STORE: 302 to the client's first URL" \
	eval 'grep -q "^Status: 302" "$tmp/cgi1.out" &&
	    grep -q "^Location: https://app.example.com/bye\$" "$tmp/cgi1.out"'
cgi_run cgi2 AUTH0LOGOUT_STORE="$PG_CONNINFO" AUTH0LOGOUT_TENANT=nobody \
	QUERY_STRING=client_id=AbC123
check "CGI, a missing tenant: 500, the reason logged" \
	eval 'grep -q "^Status: 500" "$tmp/cgi2.out" &&
	    grep -q "store: tenant \"nobody\"" "$tmp/cgi2.err"'
cgi_run cgi2b AUTH0LOGOUT_STORE="$PG_CONNINFO" AUTH0LOGOUT_TENANT=nobody
check "CGI, a missing tenant: a bare /v2/logout is 500 too (R10.4)" \
	grep -q "^Status: 500" "$tmp/cgi2b.out"
env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
	SCRIPT_NAME=/oidc/logout AUTH0LOGOUT_STORE="$PG_CONNINFO" \
	AUTH0LOGOUT_TENANT=nobody "$CGI" </dev/null >"$tmp/cgi2c.out" \
	2>"$tmp/cgi2c.err"
check "CGI, a missing tenant: /oidc/logout without parameters is 500" \
	grep -q "^Status: 500" "$tmp/cgi2c.out"
cgi_run cgi2d AUTH0LOGOUT_STORE="$BAD_CONNINFO" AUTH0LOGOUT_TENANT=demo
check "CGI, a string libpq cannot parse: 500, logged without the password" \
	eval 'grep -q "^Status: 500" "$tmp/cgi2d.out" &&
	    grep -q "not a valid libpq connection string" "$tmp/cgi2d.err" &&
	    ! grep -q Hunter "$tmp/cgi2d.out" "$tmp/cgi2d.err"'
cgi_run cgi3 AUTH0LOGOUT_STORE="$PG_CONNINFO" QUERY_STRING=client_id=AbC123
check "CGI, AUTH0LOGOUT_STORE without AUTH0LOGOUT_TENANT: 500, logged" \
	eval 'grep -q "^Status: 500" "$tmp/cgi3.out" &&
	    grep -q "AUTH0LOGOUT_TENANT" "$tmp/cgi3.err"'
cgi_run cgi4 AUTH0LOGOUT_STORE="$PG_CONNINFO" AUTH0LOGOUT_TENANT=demo \
	AUTH0LOGOUT_CONFIG="$DEMO" QUERY_STRING=client_id=AbC123
check "CGI, both AUTH0LOGOUT_CONFIG and AUTH0LOGOUT_STORE: 500, logged" \
	eval 'grep -q "^Status: 500" "$tmp/cgi4.out" &&
	    grep -q "both set" "$tmp/cgi4.err"'

if command -v lighttpd >/dev/null 2>&1; then
	PORT=$(free_port)
	mkdir -p "$tmp/www"
	{
		lighttpd_conf_head "$tmp" "$PORT"
		cat <<EOF
server.modules = ("mod_fastcgi")
fastcgi.server = (
	"/v2/logout" => ((
		"socket" => "$tmp/fcgi.sock",
		"bin-path" => "$CGI",
		"bin-environment" => (
			"AUTH0LOGOUT_STORE" => "$PG_CONNINFO",
			"AUTH0LOGOUT_TENANT" => "demo",
		),
		"check-local" => "disable",
		"max-procs" => 1,
	)),
)
EOF
	} >"$tmp/fastcgi.conf"
	if start_lighttpd fastcgi "$tmp" "$PORT"; then
		saddr=127.0.0.1:$PORT
		if until_status 50 302 '/v2/logout?client_id=AbC123'; then
			ok "FastCGI, AUTH0LOGOUT_STORE: 302 once loaded"
		else
			not_ok "FastCGI, AUTH0LOGOUT_STORE: 302 once loaded (got $status)"
			show "$tmp/error.log" 20
		fi
		pg_psql -c "UPDATE auth0logout_clients SET client =
			jsonb_set(client, '{allowed_logout_urls}',
			'[\"https://fcgi.example.com/bye\"]')
			WHERE tenant_id = 'demo' AND client_id = 'AbC123'"
		i=0
		while :; do
			get fchanged '/v2/logout?client_id=AbC123'
			[ "$(header fchanged Location)" = \
				https://fcgi.example.com/bye ] && break
			[ "$i" -ge 50 ] && break
			sleep 0.1
			i=$((i + 1))
		done
		check "FastCGI: a committed change is served within 5 s" \
			[ "$(header fchanged Location)" = https://fcgi.example.com/bye ]
		stop_lighttpd
	fi
else
	echo "# lighttpd is not installed: FastCGI not checked"
fi

# ---- stop ---------------------------------------------------------------

stop_server "$store_pid" TERM
check "server --store stops with 0 on SIGTERM" [ "$rc" = 0 ]
check "server --store logged no crash" \
	eval '! grep -qi "sanitizer\|segmentation" "$tmp/store.log"'

echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
