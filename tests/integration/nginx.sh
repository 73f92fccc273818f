#!/bin/sh
# SPDX-License-Identifier: MIT
# Integration test: adapters/nginx (ngx_http_auth0logout_module.so) loaded
# into Debian's nginx with load_module.
#
# nginx runs on a free loopback port with everything (config, pid file,
# logs, temp paths, copies of the configs) in a temporary directory
# (-p PREFIX -c CONF, master process and two workers).  Requests are sent
# with curl and python3; one line per check, "ok - what" or "not ok -
# what"; exits non-zero when a check failed.
#
#   - the decision table: allowed, not allowed, a client's first URL, an
#     unknown client, open-redirect attacks, duplicate parameters, NUL,
#     CR/LF and raw bytes in the target; hints off and on (R9.3), a custom
#     cookie, the methods (405) and paths (404);
#   - tests/integration/same_bytes.py through auth0logout-server and the
#     module: the same status, headers and body (R9.1);
#   - /oidc/logout: GET, POST, the consent page and its confirmation, the
#     discovery document and JWKS, the same bytes as the server;
#   - `nginx -t` on a config that does not load fails with the file, client
#     and entry; a bad config at reload leaves the old one serving;
#   - `nginx -s reload` under a bounded loopback load: 0 failed requests
#     (R9.7), and the new config serves afterwards.
#
# Environment (set by `make check` through scripts/check.sh):
#   NGINX_MODULE  the module (absolute path); missing: "not ok", exit 1
#   SERVER        auth0logout-server, for the same-bytes comparison
#   SRCDIR        the repository (default: the current directory)
#   BUILD         the build directory (unused)

# Functions run through check() and trap look unreachable to shellcheck.
# shellcheck disable=SC2317,SC2016
set -u

SRCDIR=${SRCDIR:-$(pwd)}
SERVER=${SERVER:-build/auth0logout-server}
case $SRCDIR in
/*) ;;
*) SRCDIR=$(pwd)/$SRCDIR ;;
esac
case $SERVER in
/*) ;;
*) SERVER=$(pwd)/$SERVER ;;
esac

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

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
need_cmds "sh scripts/deps.sh check" curl python3
need_exec "$SERVER" "$SERVER is built (make build/auth0logout-server)"

T=$(mktemp -d "${TMPDIR:-/tmp}/a0l-nginx.XXXXXX") || exit 1
chmod 755 "$T"
NPID=""
SPID=""
cleanup() {
	stop_nginx
	if [ -n "$SPID" ]; then
		kill "$SPID" 2>/dev/null
		wait "$SPID" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

cp "$SRCDIR/examples/demo.json" "$T/config.json"
cp "$SRCDIR/examples/oidc.json" "$T/oidc.json"
# A config that does not load: an entry without a scheme (client 1, entry 2).
python3 - "$SRCDIR/examples/demo.json" "$T/bad.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["clients"][1]["allowed_logout_urls"].append("*.example.com")
json.dump(d, open(sys.argv[2], "w"), indent=2)
EOF

# ##DOMAIN## in the config, from auth0logout_define.
sed 's|"https://app.example.com/bye"|"https://app.##DOMAIN##/bye"|' \
	"$SRCDIR/examples/demo.json" >"$T/define.json"

# ---- nginx ------------------------------------------------------------------

# conf PORT CONFIG: an nginx.conf serving the module on 127.0.0.1:PORT
# with CONFIG as its /v2/logout config.
conf() {
	user=""
	[ "$(id -u)" = 0 ] && user="user root;"
	cat <<EOF
load_module $NGINX_MODULE;
$user
worker_processes 2;
pid $T/nginx.pid;
error_log $T/error.log info;
events { worker_connections 1024; }
http {
	# R9.8: the module's variables, the path without its query.
	log_format a0l '\$remote_addr \$request_method \$uri \$status '
		'\$auth0logout_outcome list=\$auth0logout_list '
		'client_id=\$auth0logout_client_id';
	access_log $T/access.log a0l;
	client_body_temp_path $T/body;
	proxy_temp_path $T/proxy;
	fastcgi_temp_path $T/fastcgi;
	uwsgi_temp_path $T/uwsgi;
	scgi_temp_path $T/scgi;
	# Request lines up to the 17 KiB the module answers 414 past.
	large_client_header_buffers 4 32k;
	client_body_buffer_size 64k;
	# The module's answers are never compressed (the same bytes).
	gzip on;
	gzip_min_length 1;
	gzip_types text/plain application/json;
	auth0logout_config $2;
	server {
		listen 127.0.0.1:$1;
		location = /v2/logout { auth0logout v2; }
		location = /custom/logout {
			auth0logout v2;
			auth0logout_cookie __Host-sid;
		}
		location = /hints/logout {
			auth0logout v2;
			auth0logout_hints on;
		}
		location = /plain { return 302 https://www.example.com/; }
	}
	server {
		listen 127.0.0.1:$OPORT;
		auth0logout_config $T/oidc.json;
		location /oidc/logout { auth0logout oidc; }
		location /.well-known/ { auth0logout oidc; }
	}
	server {
		listen 127.0.0.1:$DPORT;
		auth0logout_config $T/define.json;
		auth0logout_define DOMAIN example.com;
		location = /v2/logout { auth0logout v2; }
	}
}
EOF
}

# start_nginx: nginx on $T/nginx.conf in the background (daemon off, its
# master as NPID); waits 5 s at most for $PORT.
start_nginx() {
	"$NGINX" -p "$T" -e "$T/early.log" -c "$T/nginx.conf" \
		-g 'daemon off;' >"$T/nginx.out" 2>&1 &
	NPID=$!
	i=0
	until curl -s --noproxy '*' --max-time 1 -o /dev/null \
		"http://127.0.0.1:$PORT/plain" || [ "$i" -ge 50 ]; do
		kill -0 "$NPID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$NPID" 2>/dev/null && [ "$i" -lt 50 ]; then
		return 0
	fi
	sed 's/^/# /' "$T/nginx.out" "$T/error.log" 2>/dev/null
	return 1
}
stop_nginx() {
	if [ -n "$NPID" ]; then
		kill -QUIT "$NPID" 2>/dev/null
		i=0
		while kill -0 "$NPID" 2>/dev/null && [ "$i" -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -9 "$NPID" 2>/dev/null
		wait "$NPID" 2>/dev/null
		NPID=""
	fi
}

# ---- requests ---------------------------------------------------------------

# shellcheck source=lib/http.sh
. "$SRCDIR/tests/integration/lib/http.sh"
raw() {
	# shellcheck disable=SC2059 # BYTES is a printf format
	printf "$2" >"$T/$1.req"
	python3 - "$PORT" "$T/$1.req" >"$T/$1.raw" 2>&1 <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(open(sys.argv[2], "rb").read())
data = b""
while True:
    c = s.recv(65536)
    if not c:
        break
    data += c
sys.stdout.write(data.decode("latin-1"))
EOF
	tr -d '\r' <"$T/$1.raw" | sed '/^$/q' >"$T/$1.h"
	code=$(sed -n '1s/^HTTP\/1\.[01] \([0-9]*\).*/\1/p' "$T/$1.h")
}

redirect() {
	fetch r "$2"
	check "$1: 302" status_is 302
	check "$1: Location $3" location_is r "$3"
	check "$1: clears the session cookie" clears_cookie r
	check "$1: Cache-Control: no-store" no_store r
}
refused() {
	fetch e "$2"
	check "$1: 400" status_is 400
	check "$1: no Location" no_header e Location
	check "$1: cookie untouched" eval '! clears_cookie e'
	check "$1: Cache-Control: no-store" no_store e
}

PORT=$(free_port)
OPORT=$(free_port)
while [ "$OPORT" = "$PORT" ]; do OPORT=$(free_port); done
DPORT=$(free_port)
while [ "$DPORT" = "$PORT" ] || [ "$DPORT" = "$OPORT" ]; do
	DPORT=$(free_port)
done

# ---- nginx -t ---------------------------------------------------------------

conf "$PORT" "$T/bad.json" >"$T/nginx.conf"
if "$NGINX" -t -p "$T" -e "$T/early.log" -c "$T/nginx.conf" \
	>"$T/t.out" 2>&1; then
	not_ok "nginx -t: a config that does not load fails"
else
	ok "nginx -t: a config that does not load fails"
fi
check "nginx -t: the message names the file, the client and the entry" \
	grep -q "auth0logout_config \"$T/bad.json\".*did not load: .*bad.json: clients\[1\] (client_id \"NaTiVe9\"): allowed_logout_urls\[1\] \"\*.example.com\"" "$T/t.out"
show "$T/t.out" 3
conf "$PORT" "$T/missing.json" >"$T/nginx.conf"
if "$NGINX" -t -p "$T" -e "$T/early.log" -c "$T/nginx.conf" \
	>"$T/t.out" 2>&1; then
	not_ok "nginx -t: a config file that does not exist fails"
else
	check "nginx -t: a config file that does not exist fails, named" \
		grep -q "missing.json" "$T/t.out"
fi
cat >"$T/nocfg.conf" <<EOF
load_module $NGINX_MODULE;
pid $T/nginx.pid;
events {}
http { server { listen 127.0.0.1:$PORT; location = /v2/logout { auth0logout v2; } } }
EOF
if "$NGINX" -t -p "$T" -e "$T/early.log" -c "$T/nocfg.conf" \
	>"$T/t.out" 2>&1; then
	not_ok "nginx -t: auth0logout without auth0logout_config fails"
else
	check "nginx -t: auth0logout without auth0logout_config fails" \
		grep -q 'needs an "auth0logout_config"' "$T/t.out"
fi
cat >"$T/nodefine.conf" <<EOF
load_module $NGINX_MODULE;
pid $T/nginx.pid;
events {}
http { auth0logout_config $T/define.json; server { listen 127.0.0.1:$PORT; location = /v2/logout { auth0logout v2; } } }
EOF
if "$NGINX" -t -p "$T" -e "$T/early.log" -c "$T/nodefine.conf" \
	>"$T/t.out" 2>&1; then
	not_ok "nginx -t: a ##KEY## without auth0logout_define fails"
else
	check "nginx -t: a ##KEY## without auth0logout_define fails, named" \
		grep -q "define.json.*DOMAIN" "$T/t.out"
fi
show "$T/t.out" 1
cat >"$T/cookie.conf" <<EOF
load_module $NGINX_MODULE;
pid $T/nginx.pid;
events {}
http { auth0logout_config $T/config.json; server { listen 127.0.0.1:$PORT; location = /v2/logout { auth0logout v2; auth0logout_cookie "a b"; } } }
EOF
if "$NGINX" -t -p "$T" -e "$T/early.log" -c "$T/cookie.conf" \
	>"$T/t.out" 2>&1; then
	not_ok "nginx -t: a bad cookie name fails"
else
	ok "nginx -t: a bad cookie name fails"
fi

# ---- start ------------------------------------------------------------------

conf "$PORT" "$T/config.json" >"$T/nginx.conf"
if "$NGINX" -t -p "$T" -e "$T/early.log" -c "$T/nginx.conf" \
	>"$T/t.out" 2>&1; then
	ok "nginx -t: the module and the config load"
else
	not_ok "nginx -t: the module and the config load"
	show "$T/t.out"
	exit 1
fi
if start_nginx; then
	ok "nginx starts on port $PORT with the module"
else
	not_ok "nginx starts on port $PORT with the module"
	exit 1
fi

# ---- the decision table -----------------------------------------------------

m=v2
redirect "$m: tenant list" \
	"/v2/logout?returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out" \
	"https://www.example.com/logged-out"
redirect "$m: client's first URL" "/v2/logout?client_id=AbC123" \
	"https://app.example.com/bye"
redirect "$m: allowed returnTo" \
	"/v2/logout?client_id=AbC123&returnTo=http://localhost:3000" \
	"http://localhost:3000"
redirect "$m: wildcard" \
	"/v2/logout?client_id=AbC123&returnTo=https://shop.example.org" \
	"https://shop.example.org"
fetch lo "/v2/logout"
check "$m: no returnTo: 200 OK" eval 'status_is 200 && [ "$(cat "$T/lo.b")" = OK ]'
check "$m: no returnTo: clears the cookie" clears_cookie lo
refused "$m: not allowed" "/v2/logout?returnTo=https://evil.com"
refused "$m: not allowed for the client" \
	"/v2/logout?client_id=AbC123&returnTo=https://www.example.com"
refused "$m: unknown client" "/v2/logout?client_id=Nobody"
refused "$m: userinfo attack" \
	"/v2/logout?returnTo=https://www.example.com@evil.com"
refused "$m: backslash attack" \
	"/v2/logout?returnTo=https://www.example.com%5C@evil.com"
refused "$m: scheme-relative attack" "/v2/logout?returnTo=//evil.com"
refused "$m: duplicate returnTo" \
	"/v2/logout?returnTo=https://www.example.com&returnTo=https://evil.com"
refused "$m: duplicate client_id" \
	"/v2/logout?client_id=AbC123&client_id=NaTiVe9"
refused "$m: encoded CR LF" \
	"/v2/logout?returnTo=https://www.example.com/%0d%0aSet-Cookie:x=1"
refused "$m: encoded NUL" "/v2/logout?returnTo=https://www.example.com/%00"
fetch hn "/v2/logout?returnTo=https://www.example.com/"
check "$m: hints withheld by default (R9.3)" \
	eval 'status_is 400 && body_lacks hn "Nearest entry"'
fetch j "/v2/logout?returnTo=https://evil.com" -H 'Accept: application/json'
check "$m: JSON error" eval 'status_is 400 && body_has j "\"error\""'
fetch gz "/v2/logout?returnTo=https://evil.com" -H 'Accept-Encoding: gzip'
check "$m: gzip on: the answer is not compressed" \
	eval 'status_is 400 && no_header gz Content-Encoding && body_has gz "<html"'
fetch x "/v2/logout?client_id=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
check "$m: escaped echo" eval 'body_lacks x "<script>" && body_has x "&lt;script&gt;"'

# Raw bytes in the target (R9.4): 400, no Location, cookie untouched.
raw rb 'GET /v2/logout?returnTo=https://www.example.com/\377 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
check "$m: raw byte 0xFF in the target: 400 from the module" \
	eval 'status_is 400 && no_header rb Location && no_store rb'
raw rt 'GET /v2/logout?returnTo=https://www.example.com/\tx HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
check "$m: TAB in the target: 400, no Location" \
	eval 'status_is 400 && no_header rt Location'
raw rn 'GET /v2/logout?returnTo=https://www.example.com/\000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
check "$m: raw NUL in the target: 400 (nginx), no Location" \
	eval 'status_is 400 && no_header rn Location'
raw rc 'GET /v2/logout?returnTo=https://www.example.com/\rSet-Cookie:x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
check "$m: raw CR in the target: 400, no Location" \
	eval 'status_is 400 && no_header rc Location'
raw ab 'GET http://x/v2/logout?client_id=AbC123 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
check "$m: absolute-form target: decided (R9.5)" \
	eval 'status_is 302 && location_is ab https://app.example.com/bye'
raw lt "GET /v2/logout?returnTo=$(python3 -c 'print("a" * 18000)') HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
check "$m: target over 17 KiB: 414 with the R9.1 headers" \
	eval 'status_is 414 && no_store lt'

# Hints, cookie, methods, paths.
fetch h "/hints/logout?returnTo=https://www.example.com/"
check "$m: auth0logout_hints on: the hint is shown" \
	eval 'status_is 400 && body_has h "Nearest entry"'
fetch c "/custom/logout?client_id=AbC123"
check "$m: auth0logout_cookie: clears __Host-sid" \
	eval 'status_is 302 && clears_cookie c __Host-sid'
fetch p "/v2/logout?client_id=AbC123" -d x
check "$m: POST: 405, Allow: GET, HEAD" \
	eval 'status_is 405 && [ "$(header p Allow)" = "GET, HEAD" ] && no_header p Location'
fetch hd "/v2/logout?client_id=AbC123" -I
check "$m: HEAD: 302 with Location" \
	eval 'status_is 302 && location_is hd https://app.example.com/bye'

FPORT=$DPORT
redirect "$m: auth0logout_define DOMAIN: ##DOMAIN## replaced" \
	"/v2/logout?client_id=AbC123" "https://app.example.com/bye"
FPORT=""

# R9.8: one line per request with the outcome, list and client_id.
check "$m: access log: outcome, list and client_id" \
	grep -q '^127.0.0.1 GET /v2/logout 302 redirect list=client client_id=AbC123$' "$T/access.log"
check "$m: access log: an error with its list" \
	grep -q '^127.0.0.1 GET /v2/logout 400 error list=tenant client_id=-$' "$T/access.log"
check "$m: access log: no query (returnTo) logged" \
	eval '! grep -q returnTo "$T/access.log"'

# ---- the same bytes as auth0logout-server -----------------------------------

if start_server "$T" server --config "$T/config.json" \
	--listen 127.0.0.1:0 --access-log off; then
	SPID=$spid
	python3 "$SRCDIR/tests/integration/same_bytes.py" \
		"${saddr%:*}" "${saddr##*:}" >"$T/same.server" 2>&1
fi
python3 "$SRCDIR/tests/integration/same_bytes.py" 127.0.0.1 "$PORT" \
	>"$T/same.nginx" 2>&1
if [ -s "$T/same.server" ] && cmp -s "$T/same.server" "$T/same.nginx"; then
	ok "$m: same status, headers and body as auth0logout-server ($(grep -c '^== ' "$T/same.nginx") requests)"
else
	not_ok "$m: same status, headers and body as auth0logout-server"
	diff "$T/same.server" "$T/same.nginx" | sed 's/^/# /' | head -40
fi
if [ -n "$SPID" ]; then
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	SPID=""
fi

# ---- /oidc/logout -----------------------------------------------------------

m=oidc
FPORT=$OPORT
BYE=https%3A%2F%2Fapp.example.com%2Fbye
# The prompt is on in examples/oidc.json: without an id_token_hint the
# request asks for consent.
fetch og "/oidc/logout?client_id=SpA123&post_logout_redirect_uri=$BYE"
check "$m: GET: consent page (200, form to /oidc/logout/confirm)" \
	eval 'status_is 200 && body_has og "/oidc/logout/confirm"'
check "$m: consent page: X-Frame-Options: DENY, consent cookie" \
	eval '[ "$(header og X-Frame-Options)" = DENY ] && header og Set-Cookie | grep -q "^a0l_consent="'
nonce=$(header og Set-Cookie | sed -n 's/^a0l_consent=\([^;]*\);.*/\1/p')
token=$(sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' "$T/og.b" | head -1)
fetch oc "/oidc/logout/confirm" -H "Cookie: a0l_consent=$nonce" \
	--data-urlencode "request=client_id=SpA123&post_logout_redirect_uri=$BYE" \
	--data-urlencode form=0 --data-urlencode "token=$token"
check "$m: confirmation: 302 to the client's URL" \
	eval 'status_is 302 && location_is oc https://app.example.com/bye && clears_cookie oc'
fetch of "/oidc/logout/confirm" \
	--data-urlencode "request=client_id=SpA123&post_logout_redirect_uri=$BYE" \
	--data-urlencode form=0 --data-urlencode "token=$token"
check "$m: confirmation without the cookie: 403" \
	eval 'status_is 403 && no_header of Location'
fetch op "/oidc/logout" --data "client_id=SpA123&post_logout_redirect_uri=$BYE"
check "$m: POST: consent page with the body as request" \
	eval 'status_is 200 && body_has op "name=\"form\" value=\"1\""'
fetch ob "/oidc/logout?post_logout_redirect_uri=https://evil.com"
check "$m: GET: not allowed: 400" eval 'status_is 400 && no_header ob Location'
fetch ot "/oidc/logout" -H 'Content-Type: text/plain' --data "x=1"
check "$m: POST text/plain: 415" status_is 415
# A refused POST's body is dropped, never read as the next request.
python3 - "$OPORT" >"$T/ka.out" 2>&1 <<'PYEOF'
import socket, sys
inner = b"GET /oidc/logout?client_id=Nobody HTTP/1.1\r\nHost: x\r\n\r\n"
req = (b"POST /oidc/logout HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
       b"Content-Length: %d\r\n\r\n" % len(inner) + inner +
       b"GET /.well-known/jwks.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(req)
data = b""
while True:
    c = s.recv(65536)
    if not c:
        break
    data += c
import re
print(" ".join(x.decode() for x in re.findall(rb"HTTP/1\.1 (\d{3}) ", data)))
PYEOF
check "$m: keep-alive: a refused POST's body is not a request (415 then 200)" \
	[ "$(cat "$T/ka.out")" = "415 200" ]
fetch oh "/oidc/logout" -I
check "$m: HEAD: 405, Allow: GET, POST" \
	eval 'status_is 405 && [ "$(header oh Allow)" = "GET, POST" ]'
fetch ol "/oidc/logout" --data "client_id=$(python3 -c 'print("a" * 17000)')"
check "$m: POST over 16 KiB: 413" status_is 413
fetch dc "/.well-known/openid-configuration"
check "$m: discovery document" \
	eval 'status_is 200 && body_has dc "\"end_session_endpoint\""'
fetch dj "/.well-known/jwks.json"
check "$m: JWKS" eval 'status_is 200 && body_has dj "demo-2026"'
fetch dn "/.well-known/other"
check "$m: other path: 404" status_is 404
# The same bytes as the server for the requests that hold no nonce.
if start_server "$T" oserver --config "$T/oidc.json" \
	--listen 127.0.0.1:0 --access-log off; then
	SPID=$spid
fi
same_o=0
for q in "/.well-known/openid-configuration" "/.well-known/jwks.json" \
	"/oidc/logout?post_logout_redirect_uri=https://evil.com" \
	"/oidc/logout?client_id=Nobody"; do
	curl -s -i --noproxy '*' "http://$saddr$q" |
		grep -viE '^(date|server|connection|keep-alive|transfer-encoding):' >"$T/os.s"
	curl -s -i --noproxy '*' "http://127.0.0.1:$OPORT$q" |
		grep -viE '^(date|server|connection|keep-alive|transfer-encoding):' >"$T/os.n"
	if cmp -s "$T/os.s" "$T/os.n"; then
		same_o=$((same_o + 1))
	else
		diff "$T/os.s" "$T/os.n" | sed 's/^/# /' | head -10
	fi
done
check "$m: same bytes as auth0logout-server ($same_o of 4 requests)" [ "$same_o" = 4 ]
if [ -n "$SPID" ]; then
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	SPID=""
fi
FPORT=""

# ---- reload under load (R9.7) -----------------------------------------------

# lib/load.py: four clients, one request per connection, for 6 s; a
# failure is no answer, or not the 302 of either config.
sed 's|"https://app.example.com/bye"|"https://app.example.com/reloaded"|' \
	"$SRCDIR/examples/demo.json" >"$T/reloaded.json"
python3 "$SRCDIR/tests/integration/lib/load.py" "$PORT" 6 https://app.example.com/bye \
	https://app.example.com/reloaded >"$T/load.out" 2>&1 &
LOADPID=$!
reloads=0
sleep 0.5
for i in 1 2 3 4 5 6 7 8; do
	if [ $((i % 2)) = 1 ]; then
		cp "$T/reloaded.json" "$T/config.json"
	else
		cp "$SRCDIR/examples/demo.json" "$T/config.json"
	fi
	"$NGINX" -p "$T" -e "$T/early.log" -c "$T/nginx.conf" -s reload \
		>>"$T/reload.out" 2>&1 && reloads=$((reloads + 1))
	sleep 0.5
done
wait "$LOADPID"
tail -n 1 "$T/load.out" >"$T/load.last"
read -r total lfailed _ <"$T/load.last" || true
check "reload: 8 reloads under load (nginx -s reload)" [ "$reloads" = 8 ]
check "reload: ${total:-0} requests, ${lfailed:-?} failed" \
	[ "${lfailed:-1}" = 0 ] && [ "${total:-0}" -gt 100 ]
# The last copy was demo.json; make it the reloaded one and check.
cp "$T/reloaded.json" "$T/config.json"
"$NGINX" -p "$T" -e "$T/early.log" -c "$T/nginx.conf" -s reload \
	>>"$T/reload.out" 2>&1
i=0
while [ "$i" -lt 50 ]; do
	fetch n "/v2/logout?client_id=AbC123"
	location_is n https://app.example.com/reloaded && break
	sleep 0.1
	i=$((i + 1))
done
check "reload: the new config serves" \
	location_is n https://app.example.com/reloaded
# A config that does not load: `nginx -s reload` reads the config itself
# and fails with the message, sending nothing; SIGHUP to the master makes
# the master refuse it (error log) and keep the old one in service.
cp "$T/bad.json" "$T/config.json"
if "$NGINX" -p "$T" -e "$T/early.log" -c "$T/nginx.conf" -s reload \
	>"$T/bad-reload.out" 2>&1; then
	not_ok "reload: nginx -s reload with a bad config fails"
else
	check "reload: nginx -s reload with a bad config fails, with the message" \
		grep -q 'did not load: .*clients\[1\]' "$T/bad-reload.out"
fi
kill -HUP "$NPID"
i=0
while [ "$i" -lt 50 ] &&
	! grep -q 'did not load: .*clients\[1\]' "$T/error.log"; do
	sleep 0.1
	i=$((i + 1))
done
check "reload: SIGHUP with a bad config is refused in the error log" \
	grep -q 'did not load: .*clients\[1\]' "$T/error.log"
fetch n "/v2/logout?client_id=AbC123"
check "reload: after a bad config the old one still serves" \
	eval 'status_is 302 && location_is n https://app.example.com/reloaded'
check "nginx master still runs" kill -0 "$NPID"

stop_nginx
check "no worker crashed (error log)" \
	eval '! grep -qE "exited on signal|segfault|\\[alert\\]" "$T/error.log"'
[ "$failed" -eq 0 ]
