#!/bin/sh
# SPDX-License-Identifier: MIT
# Integration test: the nginx module (adapters/nginx) on a PostgreSQL
# store (R10: auth0logout_store, auth0logout_tenant, auth0logout_health)
# in Debian's nginx, against a throwaway cluster (lib/pg.sh) with
# sql/auth0logout-pg.sql.
#
#   - `nginx -t` refuses the bad combinations (a store without a tenant and
#     the other way round, a store next to auth0logout_config or
#     auth0logout_define in one block, an empty or unparsable connection
#     string, an empty tenant, auth0logout_health without a store or next
#     to auth0logout), with a message that names them; it accepts a store
#     whose database does not exist (it never connects);
#   - before its tenant exists every logout request is a 500 (fail
#     closed, R10.4), even a bare /v2/logout, and the health page a 503; once `auth0logout import` has
#     written it, the decisions come from the database (the same bytes as
#     auth0logout-server on the same lists) and the health page is 200;
#   - a change committed by SQL (jsonb_set) shows within 5 s, in both
#     workers; a deleted client becomes unknown;
#   - a frozen database does not stop the decisions (the last snapshot);
#     after a database restart a change shows again (resync on
#     reconnect);
#   - a server block with a tenant of its own that is not in the database
#     fails closed while the other serves;
#   - `nginx -s reload` under load: 0 failed requests (R9.7: new workers
#     take connections once loaded); the workers stop promptly on QUIT.
#
# Environment (set by `make check` through scripts/check.sh):
#   NGINX_MODULE  the module (absolute path); missing: "not ok", exit 1
#   SERVER        auth0logout-server, for the same-bytes comparison
#   CLI           auth0logout, for `auth0logout import`
#   SRCDIR        the repository (default: the current directory)
#   BUILD         the build directory (default: build)
#   PG_BINDIR     see lib/pg.sh
#   NGINX_KEEP    set: the temporary directory (configs, logs) is kept

# Functions run through check() and trap look unreachable to shellcheck.
# shellcheck disable=SC2317,SC2016
set -u

SRCDIR=${SRCDIR:-$(pwd)}
BUILD=${BUILD:-build}
SERVER=${SERVER:-$BUILD/auth0logout-server}
CLI=${CLI:-$BUILD/auth0logout}
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
DEMO=$SRCDIR/examples/demo.json

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"
# shellcheck source=lib/pg.sh
. "$SRCDIR/tests/integration/lib/pg.sh"

if [ -z "${NGINX_MODULE:-}" ] || [ ! -f "$NGINX_MODULE" ]; then
	not_ok "nginx module built (NGINX_MODULE=${NGINX_MODULE:-unset}; make nginx-module)"
	exit 1
fi
case $NGINX_MODULE in
/*) ;;
*) NGINX_MODULE=$(pwd)/$NGINX_MODULE ;;
esac
ok "nginx module built"
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
if [ ! -x "$NGINX" ]; then
	not_ok "nginx is installed (sh scripts/deps.sh modules)"
	exit 1
fi
need_cmds "sh scripts/deps.sh check" curl python3 psql
need_exec "$SERVER" "$SERVER is built (make build/auth0logout-server)"
need_exec "$CLI" "$CLI is built (make build/auth0logout)"

T=$(mktemp -d "${TMPDIR:-/tmp}/a0l-nginx-pg.XXXXXX") || exit 1
chmod 755 "$T"
NPID=""
SPID=""
PG_NO_TRAP=1
cleanup() {
	stop_nginx
	if [ -n "$SPID" ]; then
		kill "$SPID" 2>/dev/null
		wait "$SPID" 2>/dev/null
	fi
	pg_cleanup
	[ -n "${NGINX_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

PORT=$(free_port)
RPORT=$(free_port)
while [ "$RPORT" = "$PORT" ]; do RPORT=$(free_port); done
OPORT=$(free_port)
while [ "$OPORT" = "$PORT" ] || [ "$OPORT" = "$RPORT" ]; do
	OPORT=$(free_port)
done

USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"

# ---- nginx -t: what the directives refuse (no database) -------------------

# A connection string libpq parses, to a database that is not there:
# nginx -t never connects.
NO_DB="host=/nonexistent/a0l dbname=none"
cp "$DEMO" "$T/demo.json"

# tconf NAME HTTP-BODY: $T/NAME.conf, the module loaded, HTTP-BODY as the
# inside of its http block.
tconf() {
	cat >"$T/$1.conf" <<EOF
load_module $NGINX_MODULE;
pid $T/t.pid;
error_log $T/t-error.log;
events {}
http {
$2
}
EOF
}
# refused NAME WHAT PATTERN: nginx -t fails on $T/NAME.conf and says
# PATTERN (grep -F).
refused() {
	if "$NGINX" -t -p "$T" -e "$T/early.log" -c "$T/$1.conf" \
		>"$T/$1.out" 2>&1; then
		not_ok "nginx -t refuses $2"
		return
	fi
	if grep -qF -- "$3" "$T/$1.out"; then
		ok "nginx -t refuses $2"
	else
		not_ok "nginx -t refuses $2, saying: $3"
		show "$T/$1.out" 5
	fi
}
SRV="server { listen 127.0.0.1:$PORT; location = /v2/logout { auth0logout v2; } }"

tconf nt "auth0logout_store \"$NO_DB\"; $SRV"
refused nt "a store without a tenant" \
	'"auth0logout_store" (in '"$T"'/nt.conf:6) needs an "auth0logout_tenant" in the same block'
tconf ns "auth0logout_config $T/demo.json; server { listen 127.0.0.1:$PORT; auth0logout_tenant demo; location = /v2/logout { auth0logout v2; } }"
refused ns "a tenant without a store in its block" \
	'"auth0logout_tenant" (in '"$T"'/ns.conf:6) needs an "auth0logout_store" in the same block'
tconf cs "auth0logout_config $T/demo.json; auth0logout_store \"$NO_DB\"; auth0logout_tenant demo; $SRV"
refused cs "auth0logout_store after auth0logout_config in one block" \
	'"auth0logout_store" directive cannot be used with "auth0logout_config" in the same block'
tconf sc "server { listen 127.0.0.1:$PORT; auth0logout_store \"$NO_DB\"; auth0logout_tenant demo; auth0logout_config $T/demo.json; location = /v2/logout { auth0logout v2; } }"
refused sc "auth0logout_config after auth0logout_store in one block" \
	'"auth0logout_config" directive cannot be used with "auth0logout_store" in the same block'
tconf sd "auth0logout_define DOMAIN example.com; auth0logout_store \"$NO_DB\"; auth0logout_tenant demo; $SRV"
refused sd "auth0logout_define next to auth0logout_store" \
	'takes the clients as stored: "auth0logout_define" and "auth0logout_client_id_from" are for "auth0logout_config" only'
tconf se "auth0logout_store \"\"; auth0logout_tenant demo; $SRV"
refused se "an empty connection string" \
	'"auth0logout_store" directive needs a PostgreSQL connection string or URI'
tconf sb "auth0logout_store \"host=/tmp dbname\"; auth0logout_tenant demo; $SRV"
refused sb "a connection string libpq does not parse" \
	'"auth0logout_store" directive is not a valid libpq connection string or URI'
tconf su "auth0logout_store \"postgresql:///db?nosuchoption=1\"; auth0logout_tenant demo; $SRV"
refused su "a URI libpq does not parse" \
	'"auth0logout_store" directive is not a valid libpq connection string or URI'
# libpq's message would quote the password: it is not shown.
tconf sp "auth0logout_store \"postgresql://app:Hunter%zz2@127.0.0.1:1/db\"; auth0logout_tenant demo; $SRV"
refused sp "a URI whose password libpq does not parse" \
	'"auth0logout_store" directive is not a valid libpq connection string or URI'
check "nginx -t does not show that password" eval '! grep -q Hunter "$T/sp.out"'
tconf te "auth0logout_store \"$NO_DB\"; auth0logout_tenant \"\"; $SRV"
refused te "an empty tenant" '"auth0logout_tenant" directive needs a tenant id'
tconf hc "auth0logout_config $T/demo.json; server { listen 127.0.0.1:$PORT; location = /healthz { auth0logout_health; } }"
refused hc "auth0logout_health without a store" \
	'"auth0logout_health" in location "/healthz" needs an "auth0logout_store" in its server or http block'
tconf hh "auth0logout_store \"$NO_DB\"; auth0logout_tenant demo; server { listen 127.0.0.1:$PORT; location = /healthz { auth0logout v2; auth0logout_health; } }"
refused hh "auth0logout_health and auth0logout in one location" \
	'"auth0logout_health" directive cannot be used with "auth0logout" in the same location'
tconf good "auth0logout_store \"$NO_DB\"; auth0logout_tenant demo; server { listen 127.0.0.1:$PORT; location = /v2/logout { auth0logout v2; } location = /healthz { auth0logout_health; } } server { listen 127.0.0.1:$RPORT; auth0logout_config $T/demo.json; location = /v2/logout { auth0logout v2; } }"
if "$NGINX" -t -p "$T" -e "$T/early.log" -c "$T/good.conf" \
	>"$T/good.out" 2>&1; then
	ok "nginx -t accepts a store without connecting (its database does not exist), next to a file in another server"
else
	not_ok "nginx -t accepts a store without connecting"
	show "$T/good.out" 5
fi

# ---- the cluster and nginx ------------------------------------------------

pg_start || exit 1
ok "a throwaway PostgreSQL cluster with the schema"

# The http block's store (tenant demo) serves PORT and RPORT (reuseport:
# the kernel spreads connections over both workers); OPORT's server has a
# tenant of its own that the database never gets.
cat >"$T/nginx.conf" <<EOF
load_module $NGINX_MODULE;
$USER_LINE
worker_processes 2;
pid $T/nginx.pid;
error_log $T/error.log info;
events { worker_connections 1024; }
http {
	access_log $T/access.log;
	client_body_temp_path $T/body;
	proxy_temp_path $T/proxy;
	fastcgi_temp_path $T/fastcgi;
	uwsgi_temp_path $T/uwsgi;
	scgi_temp_path $T/scgi;
	large_client_header_buffers 4 32k;
	auth0logout_store "$PG_CONNINFO";
	auth0logout_tenant demo;
	server {
		listen 127.0.0.1:$PORT;
		listen 127.0.0.1:$RPORT reuseport;
		location = /v2/logout { auth0logout v2; }
		location /oidc/logout { auth0logout oidc; }
		location /.well-known/ { auth0logout oidc; }
		location = /healthz { auth0logout_health; }
		location = /plain { return 204; }
	}
	server {
		listen 127.0.0.1:$OPORT;
		auth0logout_store "$PG_CONNINFO";
		auth0logout_tenant other;
		location = /v2/logout { auth0logout v2; }
		location = /healthz { auth0logout_health; }
	}
}
EOF

# start_nginx: nginx in the background (daemon off, its master as NPID);
# waits 10 s at most for PORT.
start_nginx() {
	"$NGINX" -p "$T" -e "$T/early.log" -c "$T/nginx.conf" \
		-g 'daemon off;' >"$T/nginx.out" 2>&1 &
	NPID=$!
	i=0
	until curl -s --noproxy '*' --max-time 1 -o /dev/null \
		"http://127.0.0.1:$PORT/plain" || [ "$i" -ge 100 ]; do
		kill -0 "$NPID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$NPID" 2>/dev/null && [ "$i" -lt 100 ]; then
		return 0
	fi
	sed 's/^/# /' "$T/nginx.out" "$T/error.log" 2>/dev/null
	return 1
}
# stop_nginx: QUIT (graceful); KILL after 10 s.  STOPPED_IN_TIME is 1
# when it exited by itself.
STOPPED_IN_TIME=0
stop_nginx() {
	if [ -n "$NPID" ]; then
		kill -QUIT "$NPID" 2>/dev/null
		i=0
		while kill -0 "$NPID" 2>/dev/null && [ "$i" -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		[ "$i" -lt 100 ] && STOPPED_IN_TIME=1
		kill -9 "$NPID" 2>/dev/null
		wait "$NPID" 2>/dev/null
		NPID=""
	fi
}

# shellcheck source=lib/http.sh
. "$SRCDIR/tests/integration/lib/http.sh"

# until_code N STATUS PATH: GET PATH until its status is STATUS, N tenths
# of a second at most.
until_code() {
	_u=0
	while :; do
		fetch poll "$3"
		status_is "$2" && return 0
		[ "$_u" -ge "$1" ] && return 1
		sleep 0.1
		_u=$((_u + 1))
	done
}
# until_location N PATH URL: GET PATH until it redirects to URL; prints
# the tenths of a second it took.
until_location() {
	_u=0
	while :; do
		fetch poll "$2"
		location_is poll "$3" && break
		[ "$_u" -ge "$1" ] && break
		sleep 0.1
		_u=$((_u + 1))
	done
	location_is poll "$3"
}
# fresh_all N PATH URL: N requests, each on a new connection to RPORT
# (spread over the workers), all redirect to URL.
fresh_all() {
	FPORT=$RPORT
	_f=0
	while [ "$_f" -lt "$1" ]; do
		fetch fr "$2"
		if ! location_is fr "$3"; then
			FPORT=""
			return 1
		fi
		_f=$((_f + 1))
	done
	FPORT=""
}

if start_nginx; then
	ok "nginx starts with auth0logout_store (its tenant not in the database yet)"
else
	not_ok "nginx starts with auth0logout_store"
	exit 1
fi

# ---- before the data: fail closed -----------------------------------------

fetch early "/v2/logout?client_id=AbC123"
check "before the tenant exists: 500 (fail closed)" status_is 500
check "before the tenant exists: no Location, no Set-Cookie" \
	eval 'no_header early Location && no_header early Set-Cookie'
check "before the tenant exists: the R9.1 headers" no_store early
check "before the tenant exists: no internals in the body (R9.2)" \
	eval 'body_lacks early "tenant" && body_lacks early "postgres"'
# R10.4: every logout request, even one whose decision needs no list.
fetch early_bare /v2/logout
check "before the tenant exists: a bare /v2/logout is 500" \
	eval 'status_is 500 && no_header early_bare Set-Cookie'
fetch early_oidc /oidc/logout
check "before the tenant exists: /oidc/logout without parameters is 500" \
	eval 'status_is 500 && no_header early_oidc Set-Cookie'
fetch eh /healthz
check "before the tenant exists: the health page is 503" status_is 503
check "before the tenant exists: the health says not loaded (JSON, no-store)" \
	eval 'body_has eh "\"loaded\":false" && no_store eh &&
	    [ "$(header eh Content-Type)" = application/json ]'
check "the loader's failure is in the error log (the tenant named)" \
	grep -q 'auth0logout_store: tenant "demo": no such tenant' "$T/error.log"
check "the connection string is not in the error log" \
	eval '! grep -qF -- "$PG_CONNINFO" "$T/error.log"'

# ---- the data, from the database ------------------------------------------

"$CLI" import --to "$PG_CONNINFO" --tenant demo --config "$DEMO" \
	>"$T/import.out" 2>&1
check "auth0logout import writes the demo tenant" [ "$?" = 0 ]
if until_code 50 200 /healthz; then
	ok "after the import: the health page is 200 within 5 s"
else
	not_ok "after the import: the health page is 200 within 5 s (got $code)"
	show "$T/poll.b"
fi
check "the health: loaded, 4 clients, connected" \
	eval 'body_has poll "\"loaded\":true" && body_has poll "\"clients\":4" &&
	    body_has poll "\"connected\":true"'
# Each worker loads on its own: wait until both answer (reuseport).
i=0
until fresh_all 10 "/v2/logout?client_id=AbC123" https://app.example.com/bye ||
	[ "$i" -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
fetch d1 "/v2/logout?client_id=AbC123"
check "decision from the database: 302 to the client's first URL" \
	eval 'status_is 302 && location_is d1 https://app.example.com/bye &&
	    clears_cookie d1'
fetch d2 "/v2/logout?client_id=AbC123&returnTo=https%3A%2F%2Fevil.com"
check "not on the client's list: 400" eval 'status_is 400 && no_header d2 Location'
fetch d3 "/v2/logout?returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out"
check "the tenant's list: 302" \
	eval 'status_is 302 && location_is d3 https://www.example.com/logged-out'
fetch d4 "/v2/logout?client_id=Nobody"
check "unknown client: 400" status_is 400
fetch o1 "/oidc/logout?client_id=AbC123&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fbye"
check "/oidc/logout without a hint: the consent page (200)" \
	eval 'status_is 200 && body_has o1 "<form"'
fetch o2 "/oidc/logout?id_token_hint=a.b.c&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fbye"
check "/oidc/logout: an id_token_hint is invalid (no issuer): 400" status_is 400
fetch o3 /.well-known/openid-configuration
check "no discovery document (no issuer): 404" status_is 404
FPORT=$OPORT
fetch x1 "/v2/logout?client_id=AbC123"
check "a server whose own tenant is not in the database: 500" status_is 500
fetch x2 /healthz
check "its health page: 503" status_is 503
FPORT=""
check "access log: the decision's line" \
	grep -q '"GET /v2/logout?client_id=AbC123 HTTP/1.1" 302 ' "$T/access.log"

# The same bytes as auth0logout-server on the same lists (R9.1).
if start_server "$T" server --config "$DEMO" --listen 127.0.0.1:0 \
	--access-log off; then
	SPID=$spid
	python3 "$SRCDIR/tests/integration/same_bytes.py" \
		"${saddr%:*}" "${saddr##*:}" >"$T/same.server" 2>&1
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	SPID=""
fi
python3 "$SRCDIR/tests/integration/same_bytes.py" 127.0.0.1 "$PORT" \
	>"$T/same.nginx" 2>&1
if [ -s "$T/same.server" ] && cmp -s "$T/same.server" "$T/same.nginx"; then
	ok "the same status, headers and body as auth0logout-server --config ($(grep -c '^== ' "$T/same.nginx") requests)"
else
	not_ok "the same status, headers and body as auth0logout-server --config"
	diff "$T/same.server" "$T/same.nginx" | sed 's/^/# /' | head -20
fi

# ---- a change committed by SQL --------------------------------------------

t0=$(date +%s%N)
pg_psql -c "UPDATE auth0logout_clients SET client = jsonb_set(client,
	'{allowed_logout_urls}', '[\"https://changed.example.com/bye\"]')
	WHERE tenant_id = 'demo' AND client_id = 'AbC123'"
if until_location 50 "/v2/logout?client_id=AbC123" \
	https://changed.example.com/bye; then
	ms=$((($(date +%s%N) - t0) / 1000000))
	ok "a committed change is served within 5 s (${ms} ms)"
else
	not_ok "a committed change is served within 5 s"
fi
i=0
until fresh_all 20 "/v2/logout?client_id=AbC123" \
	https://changed.example.com/bye || [ "$i" -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "the change, in every worker (20 fresh connections)" \
	fresh_all 20 "/v2/logout?client_id=AbC123" https://changed.example.com/bye
pg_psql -c "DELETE FROM auth0logout_clients
	WHERE tenant_id = 'demo' AND client_id = 'NoList7'"
if until_code 50 400 "/v2/logout?client_id=NoList7"; then
	ok "a deleted client is unknown within 5 s (400)"
else
	not_ok "a deleted client is unknown within 5 s (got $code)"
fi

# ---- the database away ----------------------------------------------------

pg_freeze
frozen_ok=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
	FPORT=$RPORT
	fetch fz "/v2/logout?client_id=AbC123" --max-time 2
	FPORT=""
	location_is fz https://changed.example.com/bye &&
		frozen_ok=$((frozen_ok + 1))
done
pg_thaw
check "a frozen database: the last snapshot decides ($frozen_ok of 10)" \
	[ "$frozen_ok" = 10 ]
DEAD=0

if pg_restart; then
	ok "the database restarts (every connection dropped)"
else
	not_ok "the database restarts"
fi
pg_psql -c "UPDATE auth0logout_clients SET client = jsonb_set(client,
	'{allowed_logout_urls}', '[\"https://again.example.com/bye\"]')
	WHERE tenant_id = 'demo' AND client_id = 'AbC123'"
if until_location 100 "/v2/logout?client_id=AbC123" \
	https://again.example.com/bye; then
	ok "after the restart: a change committed then is served within 10 s"
else
	not_ok "after the restart: a change committed then is served within 10 s"
	show "$T/error.log" 20
fi
i=0
until fresh_all 20 "/v2/logout?client_id=AbC123" \
	https://again.example.com/bye || [ "$i" -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "after the restart: the change in every worker" \
	fresh_all 20 "/v2/logout?client_id=AbC123" https://again.example.com/bye
fetch rh /healthz
check "the health counts the reconnect" \
	eval 'status_is 200 && grep -q "\"reconnects\":[1-9]" "$T/rh.b"'

# ---- reload under load (R9.7) ---------------------------------------------

python3 "$SRCDIR/tests/integration/lib/load.py" "$PORT" 5 https://again.example.com/bye \
	>"$T/load.out" 2>&1 &
LOADPID=$!
reloads=0
sleep 0.5
for i in 1 2 3 4; do
	"$NGINX" -p "$T" -e "$T/early.log" -c "$T/nginx.conf" -s reload \
		>>"$T/reload.out" 2>&1 && reloads=$((reloads + 1))
	sleep 1
done
wait "$LOADPID"
tail -n 1 "$T/load.out" >"$T/load.last"
read -r total lfailed _ <"$T/load.last" || true
check "reload: 4 reloads under load (nginx -s reload)" [ "$reloads" = 4 ]
check "reload: ${total:-0} requests, ${lfailed:-?} failed (new workers load first)" \
	[ "${lfailed:-1}" = 0 ] && [ "${total:-0}" -gt 50 ]
fetch al "/v2/logout?client_id=AbC123"
check "after the reloads: the database still decides" \
	location_is al https://again.example.com/bye

stop_nginx
check "nginx stops on QUIT within 10 s (the loaders stop with their workers)" \
	[ "$STOPPED_IN_TIME" = 1 ]
check "no worker crashed, no alert (error log)" \
	eval '! grep -qE "exited on signal|segfault|\\[alert\\]|\\[emerg\\]" "$T/error.log"'
[ "$failed" -eq 0 ]
