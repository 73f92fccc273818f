#!/bin/sh
# SPDX-License-Identifier: MIT
# Integration test: the Apache httpd module (adapters/apache) on a
# PostgreSQL store (R10: Auth0LogoutStore, Auth0LogoutTenant, the
# auth0logout-health handler) in Debian's apache2 (event MPM), against a
# throwaway cluster (lib/pg.sh) with sql/auth0logout-pg.sql.
#
#   - `apache2 -t` refuses the bad combinations (a store without a tenant
#     and the other way round, a store next to Auth0LogoutConfig or
#     Auth0LogoutDefine in one section, in either order, an empty or
#     unparsable connection string, an empty tenant) with a message that
#     names them; it accepts a store whose database does not exist (it
#     never connects);
#   - before its tenant exists every logout request is a 500 (fail
#     closed, R10.4), even a bare /v2/logout, and the health page a 503; once `auth0logout import` has
#     written it, the decisions come from the database (the same bytes as
#     auth0logout-server on the same lists) and the health page is 200;
#   - a change committed by SQL (jsonb_set) shows within 5 s, in every
#     child; a deleted client becomes unknown;
#   - a frozen database does not stop the decisions (the last snapshot);
#     after a database restart a change shows again (resync on
#     reconnect);
#   - a section with a tenant that is not in the database fails closed
#     while the others serve; auth0logout-health without a store is a 500;
#   - `apache2 -k graceful` under load: 0 failed requests (R9.7: new
#     children take connections once loaded); no child crashes.
#
# Environment (set by `make check` through scripts/check.sh):
#   APACHE_MODULE  the module (absolute path); unset or missing is a
#                  failure, never a skip
#   SERVER         auth0logout-server, for the same-bytes comparison
#   CLI            auth0logout, for `auth0logout import`
#   SRCDIR         the repository (default: the current directory)
#   BUILD          the build directory (default: build)
#   PG_BINDIR      see lib/pg.sh
#   APACHE_KEEP    set: the temporary directory (configs, logs) is kept

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

if [ -z "${APACHE_MODULE:-}" ] || [ ! -f "$APACHE_MODULE" ]; then
	not_ok "apache module built (APACHE_MODULE=${APACHE_MODULE:-unset}; make apache-module)"
	exit 1
fi
case $APACHE_MODULE in
/*) ;;
*) APACHE_MODULE=$(pwd)/$APACHE_MODULE ;;
esac
ok "apache module built"
need_cmds "sh scripts/deps.sh modules" apache2 curl python3 psql
need_exec "$SERVER" "$SERVER is built (make build/auth0logout-server)"
need_exec "$CLI" "$CLI is built (make build/auth0logout)"
MPM=/usr/lib/apache2/modules/mod_mpm_event.so
if [ ! -f "$MPM" ]; then
	not_ok "$MPM is installed (apache2-bin)"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/a0l-apache-pg.XXXXXX") || exit 1
chmod 755 "$T"
mkdir -p "$T/www" "$T/run"
cp "$DEMO" "$T/demo.json"
chmod 644 "$T/demo.json"
SPID=""
APID=""
PG_NO_TRAP=1
cleanup() {
	stop_apache
	if [ -n "$SPID" ]; then
		kill "$SPID" 2>/dev/null
		wait "$SPID" 2>/dev/null
	fi
	pg_cleanup
	[ -n "${APACHE_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

USERS=""
if [ "$(id -u)" = 0 ]; then
	USERS="User www-data
Group www-data"
fi

# conf_head PORT: what every config here starts with.
conf_head() {
	cat <<EOF
ServerRoot "$T"
DefaultRuntimeDir "$T/run"
PidFile "$T/run/httpd.pid"
ErrorLog "$T/error.log"
LogLevel info
Listen 127.0.0.1:$1
ServerName localhost
$USERS
LoadModule mpm_event_module $MPM
LoadModule authn_core_module /usr/lib/apache2/modules/mod_authn_core.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule auth0logout_module $APACHE_MODULE
<Location "/">
	Require all granted
</Location>
DocumentRoot "$T/www"
LimitRequestLine 20000
HttpProtocolOptions Strict Require1.0
KeepAlive On
StartServers 2
ServerLimit 4
ThreadsPerChild 16
MaxRequestWorkers 64
MinSpareThreads 16
MaxSpareThreads 64
GracefulShutdownTimeout 10
LogFormat "%h \"%m %U\" %>s %{auth0logout-outcome}n list=%{auth0logout-list}n client_id=%{auth0logout-client-id}n" a0l
CustomLog "$T/access.log" a0l
EOF
}

PORT=$(free_port)

# ---- apache2 -t: what the directives refuse (no database) -----------------

# A connection string libpq parses, to a database that is not there:
# apache2 -t never connects.
NO_DB="host=/nonexistent/a0l dbname=none"

# tconf NAME SECTION-BODY: $T/NAME.conf with SECTION-BODY inside a
# <Location "/v2/logout"> (line 32 of the file is its first line).
tconf() {
	{
		conf_head "$PORT" | sed "s|$T/error.log|$T/t-error.log|"
		printf '<Location "/v2/logout">\n\tSetHandler auth0logout-v2\n%s\n</Location>\n' "$2"
	} >"$T/$1.conf"
}
# refused NAME WHAT PATTERN: apache2 -t fails on $T/NAME.conf and says
# PATTERN (grep -F).
refused() {
	if apache2 -t -d "$T" -f "$T/$1.conf" >"$T/$1.out" 2>&1; then
		not_ok "apache2 -t refuses $2"
		return
	fi
	if grep -qF -- "$3" "$T/$1.out"; then
		ok "apache2 -t refuses $2"
	else
		not_ok "apache2 -t refuses $2, saying: $3"
		show "$T/$1.out" 5
	fi
}
STORE="Auth0LogoutStore \"$NO_DB\""

tconf nt "$STORE"
refused nt "a store without a tenant" \
	"Auth0LogoutStore ($T/nt.conf:32) needs an Auth0LogoutTenant in the same section"
tconf ns "Auth0LogoutTenant demo"
refused ns "a tenant without a store" \
	"Auth0LogoutTenant ($T/ns.conf:32) needs an Auth0LogoutStore in the same section"
tconf cs "Auth0LogoutConfig \"$T/demo.json\"
$STORE"
refused cs "Auth0LogoutStore after Auth0LogoutConfig in one section" \
	"Auth0LogoutStore cannot be used with Auth0LogoutConfig in one section"
tconf sc "Auth0LogoutTenant demo
Auth0LogoutConfig \"$T/demo.json\""
refused sc "Auth0LogoutConfig after Auth0LogoutTenant in one section" \
	"Auth0LogoutConfig cannot be used with Auth0LogoutStore or Auth0LogoutTenant in one section"
tconf ds "Auth0LogoutDefine DOMAIN example.com
$STORE"
refused ds "Auth0LogoutStore after Auth0LogoutDefine" \
	"Auth0LogoutStore takes the clients as stored"
tconf sd "$STORE
Auth0LogoutTenant demo
Auth0LogoutDefine DOMAIN example.com"
refused sd "Auth0LogoutDefine after Auth0LogoutStore" \
	"Auth0LogoutDefine is for Auth0LogoutConfig: Auth0LogoutStore takes the clients as stored"
tconf se 'Auth0LogoutStore ""
Auth0LogoutTenant demo'
# Apache itself refuses an empty argument.
refused se "an empty connection string" "Auth0LogoutStore takes one argument"
tconf sb 'Auth0LogoutStore "host=/tmp dbname"
Auth0LogoutTenant demo'
refused sb "a connection string libpq does not parse" \
	'Auth0LogoutStore: not a valid libpq connection string or URI'
# libpq's message would quote the password: it is not shown.
tconf sp 'Auth0LogoutStore "postgresql://app:Hunter%zz2@127.0.0.1:1/db"
Auth0LogoutTenant demo'
refused sp "a URI whose password libpq does not parse" \
	'Auth0LogoutStore: not a valid libpq connection string or URI'
check "apache2 -t does not show that password" eval '! grep -q Hunter "$T/sp.out"'
tconf te "$STORE
Auth0LogoutTenant \"\""
refused te "an empty tenant" "Auth0LogoutTenant takes one argument"
tconf tc "$STORE
Auth0LogoutTenant \"$(printf 'a\tb')\""
refused tc "a tenant with a control byte" \
	"Auth0LogoutTenant: needs a tenant id without control bytes"
tconf tt "$STORE
Auth0LogoutTenant demo
Auth0LogoutTenant demo"
refused tt "Auth0LogoutTenant twice" "Auth0LogoutTenant: given twice in one section"
tconf good "$STORE
Auth0LogoutTenant demo"
if apache2 -t -d "$T" -f "$T/good.conf" >"$T/good.out" 2>&1; then
	ok "apache2 -t accepts a store without connecting (its database does not exist)"
else
	not_ok "apache2 -t accepts a store without connecting"
	show "$T/good.out" 5
fi

# ---- the cluster and Apache -----------------------------------------------

pg_start || exit 1
ok "a throwaway PostgreSQL cluster with the schema"

# Three sections name tenant demo (one loader per child); /other has a
# tenant the database never gets.
{
	conf_head "$PORT"
	cat <<EOF
<LocationMatch "^/v2/logout\$">
	SetHandler auth0logout-v2
	Auth0LogoutStore "$PG_CONNINFO"
	Auth0LogoutTenant demo
</LocationMatch>
<LocationMatch "^/(oidc/logout(/confirm)?|\.well-known/(openid-configuration|jwks\.json))\$">
	SetHandler auth0logout-oidc
	Auth0LogoutTenant demo
	Auth0LogoutStore "$PG_CONNINFO"
</LocationMatch>
<Location "/healthz">
	SetHandler auth0logout-health
	Auth0LogoutStore "$PG_CONNINFO"
	Auth0LogoutTenant demo
</Location>
<Location "/other/logout">
	SetHandler auth0logout-v2
	Auth0LogoutStore "$PG_CONNINFO"
	Auth0LogoutTenant other
</Location>
<Location "/other/healthz">
	SetHandler auth0logout-health
	Auth0LogoutStore "$PG_CONNINFO"
	Auth0LogoutTenant other
</Location>
<Location "/nostore/healthz">
	SetHandler auth0logout-health
</Location>
EOF
} >"$T/httpd.conf"

# start_apache: apache2 -k start on $T/httpd.conf; waits 10 s at most for
# the port to answer.
start_apache() {
	rm -f "$T/run/httpd.pid"
	if ! apache2 -d "$T" -f "$T/httpd.conf" -k start >"$T/start.out" 2>&1; then
		sed 's/^/# /' "$T/start.out" "$T/error.log" 2>/dev/null
		return 1
	fi
	_i=0
	until [ -s "$T/run/httpd.pid" ] || [ "$_i" -ge 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	APID=$(cat "$T/run/httpd.pid" 2>/dev/null)
	_i=0
	until curl -s --noproxy '*' --max-time 1 -o /dev/null \
		"http://127.0.0.1:$PORT/"; do
		_i=$((_i + 1))
		if [ "$_i" -ge 100 ]; then
			sed 's/^/# /' "$T/start.out" "$T/error.log" 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
	[ -n "$APID" ]
}
# stop_apache: SIGTERM to the parent by its pid file; waits 10 s at most.
stop_apache() {
	if [ -n "$APID" ]; then
		kill -TERM "$APID" 2>/dev/null
		_i=0
		while kill -0 "$APID" 2>/dev/null && [ "$_i" -lt 100 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		kill -KILL "$APID" 2>/dev/null
		APID=""
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
# until_location N PATH URL: GET PATH until it redirects to URL, N tenths
# of a second at most.
until_location() {
	_u=0
	while :; do
		fetch poll "$2"
		location_is poll "$3" && return 0
		[ "$_u" -ge "$1" ] && return 1
		sleep 0.1
		_u=$((_u + 1))
	done
}
# all_at N PATH URL: N requests at once, each on a connection of its own
# (spread over the children and their threads), all redirect to URL.
all_at() {
	python3 - "$PORT" "$1" "$2" "$3" >"$T/all.out" 2>&1 <<'EOF'
import socket, sys, threading
port, n, path, url = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
want = ("Location: %s\r\n" % url).encode()
good = [0] * n
def run(i):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode())
        data = b""
        while True:
            c = s.recv(65536)
            if not c:
                break
            data += c
        good[i] = data.startswith(b"HTTP/1.1 302 ") and want in data
    except OSError:
        pass
t = [threading.Thread(target=run, args=(i,)) for i in range(n)]
for x in t:
    x.start()
for x in t:
    x.join()
print(sum(good))
EOF
	[ "$(cat "$T/all.out")" = "$1" ]
}
# until_all N PATH URL: all_at 32 until it holds, N tenths of a second at
# most.
until_all() {
	_u=0
	until all_at 32 "$2" "$3"; do
		[ "$_u" -ge "$1" ] && return 1
		sleep 0.1
		_u=$((_u + 1))
	done
}

if apache2 -t -d "$T" -f "$T/httpd.conf" >"$T/t.out" 2>&1; then
	ok "apache2 -t accepts the store sections"
else
	not_ok "apache2 -t accepts the store sections"
	show "$T/t.out"
fi
if start_apache; then
	ok "apache2 (event MPM) starts with Auth0LogoutStore (its tenant not in the database yet)"
else
	not_ok "apache2 starts with Auth0LogoutStore"
	exit 1
fi
check "post_config reported the stores (2 for 5 sections), on both passes" \
	eval '[ "$(grep -c "mod_auth0logout: 2 PostgreSQL store(s)" "$T/error.log")" -eq 2 ]'

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
	grep -q 'Auth0LogoutStore: tenant "demo": no such tenant' "$T/error.log"
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
# Each child loads on its own: wait until all answer.
until_all 50 "/v2/logout?client_id=AbC123" https://app.example.com/bye
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
fetch x1 "/other/logout?client_id=AbC123"
check "a section whose tenant is not in the database: 500" status_is 500
fetch x2 /other/healthz
check "its health page: 503" status_is 503
fetch x3 /nostore/healthz
check "auth0logout-health without a store: 500" status_is 500
fetch hp /healthz -d x=1
check "POST to the health page: 405" status_is 405
check "access log: the decision's line" \
	grep -q '"GET /v2/logout" 302 redirect list=client client_id=AbC123$' "$T/access.log"

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
	>"$T/same.apache" 2>&1
if [ -s "$T/same.server" ] && cmp -s "$T/same.server" "$T/same.apache"; then
	ok "the same status, headers and body as auth0logout-server --config ($(grep -c '^== ' "$T/same.apache") requests)"
else
	not_ok "the same status, headers and body as auth0logout-server --config"
	diff "$T/same.server" "$T/same.apache" | sed 's/^/# /' | head -20
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
check "the change, in every child (32 connections at once)" \
	until_all 50 "/v2/logout?client_id=AbC123" https://changed.example.com/bye
pg_psql -c "DELETE FROM auth0logout_clients
	WHERE tenant_id = 'demo' AND client_id = 'NoList7'"
if until_code 50 400 "/v2/logout?client_id=NoList7"; then
	ok "a deleted client is unknown within 5 s (400)"
else
	not_ok "a deleted client is unknown within 5 s (got $code)"
fi

# ---- the database away ----------------------------------------------------

pg_freeze
check "a frozen database: the last snapshot decides (32 connections at once)" \
	all_at 32 "/v2/logout?client_id=AbC123" https://changed.example.com/bye
pg_thaw

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
check "after the restart: the change in every child" \
	until_all 100 "/v2/logout?client_id=AbC123" https://again.example.com/bye
fetch rh /healthz
check "the health counts the reconnect" \
	eval 'status_is 200 && grep -q "\"reconnects\":[1-9]" "$T/rh.b"'

# ---- graceful restart under load (R9.7) -----------------------------------

python3 "$SRCDIR/tests/integration/lib/load.py" "$PORT" 5 https://again.example.com/bye \
	>"$T/load.out" 2>&1 &
LOADPID=$!
restarts=0
sleep 0.5
for _ in 1 2 3; do
	apache2 -d "$T" -f "$T/httpd.conf" -k graceful >>"$T/graceful.out" 2>&1 &&
		restarts=$((restarts + 1))
	sleep 1.2
done
wait "$LOADPID"
tail -n 1 "$T/load.out" >"$T/load.last"
read -r total lfailed _ <"$T/load.last" || true
check "graceful: 3 restarts under load (apache2 -k graceful)" [ "$restarts" = 3 ]
check "graceful: ${total:-0} requests, ${lfailed:-?} failed (new children load first)" \
	[ "${lfailed:-1}" = 0 ] && [ "${total:-0}" -gt 50 ]
fetch al "/v2/logout?client_id=AbC123"
check "after the restarts: the database still decides" \
	location_is al https://again.example.com/bye
check "the server still runs" kill -0 "$APID"

stop_apache
check "no child crashed (no segfault in the error log)" \
	eval '! grep -qi "segmentation\|exit signal" "$T/error.log"'
check "no loader failed to start" \
	eval '! grep -q "the loader did not start" "$T/error.log"'
echo "# apache_pg: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
