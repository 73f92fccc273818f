#!/bin/sh
# SPDX-License-Identifier: MIT
# Integration test: adapters/apache (mod_auth0logout.so) in a real Apache
# httpd (Debian's apache2, event MPM).
#
# Starts `apache2 -k start` on a free loopback port with everything
# (config, document root, logs, pid file, runtime dir, copies of the
# allow-lists) in a temporary directory, sends requests with curl and raw
# sockets, prints one line per check -- "ok - what" or "not ok - what" --
# and stops Apache by its pid file.  Exits non-zero when a check failed.
#
# Environment (set by `make check` through scripts/check.sh):
#   APACHE_MODULE  the module (absolute path); unset or missing is a
#                  failure, never a skip
#   SERVER         auth0logout-server (default build/auth0logout-server),
#                  for the same-bytes table (tests/integration/same_bytes.py)
#   SRCDIR         the repository (default: the current directory)
#   BUILD          the build directory (unused here)
#   APACHE_LOAD_SECONDS  how long the graceful-restart load runs (6)
#
# URLs served:
#   /v2/logout       SetHandler auth0logout-v2, a copy of examples/demo.json
#   /custom/logout   the same, Auth0LogoutCookie __Host-sid
#   /hints/logout    the same, Auth0LogoutHints On (R9.3)
#   /defined/logout  a config with ##APP## placeholders, Auth0LogoutDefine
#   /oidc/logout, /oidc/logout/confirm, /.well-known/...
#                    SetHandler auth0logout-oidc, a copy of examples/oidc.json

# Functions run through check() and trap look unreachable to shellcheck.
# eval and check take single-quoted code on purpose.
# shellcheck disable=SC2317,SC2016
set -u

SRCDIR=${SRCDIR:-$(pwd)}
SERVER=${SERVER:-build/auth0logout-server}
case $SERVER in
/*) ;;
*) SERVER=$(pwd)/$SERVER ;;
esac
case $SRCDIR in
/*) ;;
*) SRCDIR=$(pwd)/$SRCDIR ;;
esac
DEMO=$SRCDIR/examples/demo.json
OIDC=$SRCDIR/examples/oidc.json
LOAD_SECONDS=${APACHE_LOAD_SECONDS:-6}

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

if [ -z "${APACHE_MODULE:-}" ] || [ ! -f "$APACHE_MODULE" ]; then
	not_ok "apache module built (APACHE_MODULE=${APACHE_MODULE:-unset}; make apache-module)"
	exit 1
fi
case $APACHE_MODULE in
/*) ;;
*) APACHE_MODULE=$(pwd)/$APACHE_MODULE ;;
esac
ok "apache module built"
need_cmds "sh scripts/deps.sh modules" apache2 curl python3 openssl
need_exec "$SERVER" "$SERVER is built (make build/auth0logout-server)"
MPM=/usr/lib/apache2/modules/mod_mpm_event.so
if [ ! -f "$MPM" ]; then
	not_ok "$MPM is installed (apache2-bin)"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/a0l-apache.XXXXXX") || exit 1
chmod 755 "$T"
SPID=""
cleanup() {
	stop_apache
	if [ -n "$SPID" ]; then
		kill "$SPID" 2>/dev/null
		wait "$SPID" 2>/dev/null
	fi
	[ -n "${APACHE_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

# ---- the Apache config ------------------------------------------------------

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
# The adapter answers a target up to 17 KiB itself (414 past it).
LimitRequestLine 20000
# No HTTP/0.9: a request line without a version is refused (400).
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

conf_main() {
	conf_head "$1"
	cat <<EOF
<LocationMatch "^/v2/logout\$">
	SetHandler auth0logout-v2
	Auth0LogoutConfig "$T/config.json"
</LocationMatch>
<LocationMatch "^/custom/logout\$">
	SetHandler auth0logout-v2
	Auth0LogoutConfig "$T/config.json"
	Auth0LogoutCookie __Host-sid
</LocationMatch>
<LocationMatch "^/hints/logout\$">
	SetHandler auth0logout-v2
	Auth0LogoutConfig "$T/config.json"
	Auth0LogoutHints On
</LocationMatch>
<LocationMatch "^/defined/logout\$">
	SetHandler auth0logout-v2
	Auth0LogoutDefine APP app.example.com
	Auth0LogoutConfig "$T/defined.json"
</LocationMatch>
<LocationMatch "^/unset/logout\$">
	SetHandler auth0logout-v2
</LocationMatch>
<LocationMatch "^/t/(oidc/logout(/confirm)?|\.well-known/(openid-configuration|jwks\.json))\$">
	SetHandler auth0logout-oidc
	Auth0LogoutConfig "$T/keyed.json"
</LocationMatch>
<LocationMatch "^/(oidc/logout(/confirm)?|\.well-known/(openid-configuration|jwks\.json))\$">
	SetHandler auth0logout-oidc
	Auth0LogoutConfig "$T/oidc.json"
</LocationMatch>
EOF
}

APID=""
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
	# Known from here on, so that the cleanup stops it whatever happens.
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

# ---- requests (as tests/integration/lighttpd.sh) ----------------------------

# shellcheck source=lib/http.sh
. "$SRCDIR/tests/integration/lib/http.sh"
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
	check "$1: no Set-Cookie" no_header e Set-Cookie
}

# raw NAME REQUEST-LINE: sends the request line (Python escapes allowed:
# \x00, \r\n, \xe9) as bytes; $T/NAME.h gets the status line and headers.
raw() {
	python3 - "$PORT" "$2" >"$T/$1.h" 2>&1 <<'EOF'
import socket, sys
port, line = int(sys.argv[1]), sys.argv[2]
data = line.encode("latin-1").decode("unicode_escape").encode("latin-1")
req = data + b"\r\nHost: localhost\r\nConnection: close\r\n\r\n"
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(req)
out = b""
while True:
    c = s.recv(65536)
    if not c:
        break
    out += c
head = out.split(b"\r\n\r\n", 1)[0].decode("latin-1")
print(head.replace("\r", ""))
EOF
	code=$(sed -n '1s/^HTTP\/1\.[01] \([0-9]*\).*/\1/p' "$T/$1.h")
}

# ---- start ------------------------------------------------------------------

mkdir -p "$T/www" "$T/run"
cp "$DEMO" "$T/config.json"
cp "$OIDC" "$T/oidc.json"
sed 's|https://app.example.com/bye|https://##APP##/bye|' "$DEMO" >"$T/defined.json"
chmod 644 "$T"/*.json
HELPER=$SRCDIR/tests/integration/oidc_token.py
ISS="https://tenant.example.com/"
if ! openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	-out "$T/key.pem" 2>"$T/openssl.err"; then
	not_ok "openssl genpkey makes an RSA key"
	exit 1
fi
JWK=$(python3 "$HELPER" jwk "$T/key.pem" k1 private) || exit 1
cat >"$T/keyed.json" <<EOF
{
  "tenant": {
    "allowed_logout_urls": ["https://www.example.com/logged-out"],
    "sessions": {"oidc_logout_prompt_enabled": true}
  },
  "clients": [
    {"client_id": "AbC123", "name": "Shop",
     "allowed_logout_urls": ["https://app.example.com/bye"]}
  ],
  "oidc": {"issuer": "$ISS", "jwks": {"keys": [$JWK]}}
}
EOF
chmod 644 "$T/keyed.json"
TOK=$(python3 "$HELPER" sign "$T/key.pem" k1 "{\"iss\":\"$ISS\",\"aud\":\"AbC123\",\"sub\":\"u1\",\"sid\":\"s1\"}")
OTHER=$(python3 "$HELPER" sign "$T/key.pem" k1 "{\"iss\":\"$ISS\",\"aud\":\"Other9\",\"sub\":\"u1\",\"sid\":\"s1\"}")
FORGED=$(echo "$TOK" | cut -d. -f1).$(echo "$OTHER" | cut -d. -f2).$(echo "$TOK" | cut -d. -f3)
PORT=$(free_port)
conf_main "$PORT" >"$T/httpd.conf"

if apache2 -t -d "$T" -f "$T/httpd.conf" >"$T/t.out" 2>&1; then
	ok "apache2 -t accepts the config"
else
	not_ok "apache2 -t accepts the config"
	sed 's/^/# /' "$T/t.out"
fi
if start_apache; then
	ok "apache2 (event MPM) starts on port $PORT with the module"
else
	not_ok "apache2 (event MPM) starts on port $PORT with the module"
	exit 1
fi
# Six sections, four stores: the three that name config.json share one.
check "post_config reported the stores (4 for 6 sections), on both passes" \
	eval '[ "$(grep -c "mod_auth0logout .*: 4 config(s) loaded" "$T/error.log")" -eq 2 ]'
check "the event MPM serves" grep -q "mpm_event:notice" "$T/error.log"

# ---- /v2/logout: the decision table -----------------------------------------

redirect "tenant list" \
	"/v2/logout?returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out" \
	"https://www.example.com/logged-out"
redirect "client list (wildcard)" \
	"/v2/logout?client_id=AbC123&returnTo=https://shop.example.org" \
	"https://shop.example.org"
redirect "client's first URL" "/v2/logout?client_id=AbC123" \
	"https://app.example.com/bye"
redirect "native app" "/v2/logout?client_id=NaTiVe9&federated" \
	"com.example.app://callback"
redirect "raw query reaches the library undecoded" \
	"/v2/logout?returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out%3Fa%3D1%26b%3D%253C" \
	"https://www.example.com/logged-out?a=1&b=%3C"
check "a redirect has no body (Content-Length: 0)" \
	eval '[ "$(header r Content-Length)" = 0 ] && [ ! -s "$T/r.b" ]'

fetch l "/v2/logout"
check "no parameters: 200" status_is 200
check "no parameters: body OK" body_is l OK
check "no parameters: no Location" no_header l Location
check "no parameters: clears the session cookie" clears_cookie l
fetch l "/v2/logout?client_id=NoList7"
check "client without a list: 200 OK" eval 'status_is 200 && body_is l OK'
fetch l "/v2/logout" -I
check "HEAD: 200, clears the session cookie" \
	eval 'status_is 200 && clears_cookie l'

refused "not allowed: on the tenant list but not the client's" \
	"/v2/logout?client_id=AbC123&returnTo=https://www.example.com"
refused "unknown client" "/v2/logout?client_id=Nobody"
refused "attack userinfo" "/v2/logout?returnTo=https://app.example.com@evil.com"
refused "attack //evil.com" "/v2/logout?returnTo=//evil.com"
refused "attack backslash" "/v2/logout?returnTo=https://evil.com%5C.example.org"
refused "attack suffix host" "/v2/logout?returnTo=https://www.example.com.evil.com"
refused "attack javascript:" "/v2/logout?returnTo=javascript:alert(1)"
refused "attack CRLF" \
	"/v2/logout?returnTo=https://www.example.com%0D%0ASet-Cookie:%20x=1"
refused "attack encoded NUL" "/v2/logout?returnTo=https://www.example.com%00.evil.com"
refused "duplicate returnTo" \
	"/v2/logout?returnTo=https://www.example.com&returnTo=https://evil.com"
refused "duplicate client_id" "/v2/logout?client_id=AbC123&client_id=NaTiVe9"
check "error: Cache-Control: no-store" no_store e
refused "script in client_id" \
	"/v2/logout?client_id=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
check "error page escapes <script>" \
	body_has e '&lt;script&gt;alert(1)&lt;/script&gt;'
check "error page has no raw <script>" body_lacks e '<script>'
check "error page is text/html" \
	[ "$(header e Content-Type)" = "text/html; charset=utf-8" ]
fetch j "/v2/logout?returnTo=https://evil.com" -H 'Accept: application/json'
check "Accept: application/json: a JSON error" \
	eval 'status_is 400 && [ "$(header j Content-Type)" = "application/json" ] && body_has j "\"error\""'

refused "trailing slash not on the list" \
	"/v2/logout?returnTo=https://www.example.com/"
check "hints off by default: no hint, no entry on the page" \
	eval 'body_lacks e "hint:" && body_lacks e "logged-out"'
refused "trailing slash, Auth0LogoutHints On" \
	"/hints/logout?returnTo=https://www.example.com/"
check "Auth0LogoutHints On: the page shows the hint" \
	body_has e 'differs only by a trailing slash'

# Raw bytes no URL may hold: a NUL, CR LF, a raw byte >= 0x80, a raw space.
for case in 'NUL|GET /v2/logout?returnTo=https://www.example.com\x00 HTTP/1.1' \
	'CRLF|GET /v2/logout?returnTo=https://www.example.com\r\nSet-Cookie: x=1 HTTP/1.1' \
	'raw byte 0xE9|GET /v2/logout?returnTo=https://www.example.com/\xe9 HTTP/1.1' \
	'DEL|GET /v2/logout?returnTo=https://www.example.com/\x7f HTTP/1.1' \
	'tab|GET /v2/logout?returnTo=https://www.example.com/\tx HTTP/1.1'; do
	what=${case%%|*}
	raw x "${case#*|}"
	if status_is 400 && ! grep -qi "^Location:" "$T/x.h" &&
		! grep -qi "^Set-Cookie:" "$T/x.h"; then
		ok "raw $what in the target: 400, no Location, no Set-Cookie"
	else
		not_ok "raw $what in the target: 400, no Location, no Set-Cookie"
		show "$T/x.h" 6
	fi
done
raw x 'GET http://localhost/v2/logout?client_id=AbC123 HTTP/1.1'
check "absolute-form target: decided by its path and query (R9.5)" \
	eval 'status_is 302 && grep -q "^Location: https://app.example.com/bye" "$T/x.h"'
long=$(python3 -c 'print("a" * 18000)')
fetch x "/v2/logout?state=$long"
check "a target over 17 KiB: 414 with the R9.1 headers" \
	eval 'status_is 414 && no_store x && no_header x Location'

fetch x "/v2/logout?client_id=AbC123" -d x
check "POST /v2/logout: 405, Allow: GET, HEAD, no Set-Cookie" \
	eval 'status_is 405 && [ "$(header x Allow)" = "GET, HEAD" ] && no_header x Set-Cookie'
for p in /v2/logout/anything /v2/logout/ "/v2/logoutX?client_id=AbC123"; do
	fetch f "$p"
	check "$p is not decided as /v2/logout" \
		eval '[ "$code" != 200 ] && [ "$code" != 302 ]'
done

fetch c "/custom/logout?client_id=AbC123"
check "Auth0LogoutCookie: clears __Host-sid (Secure), not a0session" \
	eval 'status_is 302 && clears_cookie c __Host-sid && cookie_secure c __Host-sid && not_clears_cookie c a0session'
redirect "Auth0LogoutDefine: ##APP## replaced" \
	"/defined/logout?client_id=AbC123" "https://app.example.com/bye"
fetch u "/unset/logout?client_id=AbC123"
check "SetHandler without Auth0LogoutConfig: 500, the cause only in the log" \
	eval 'status_is 500 && no_header u Location && body_lacks u Auth0LogoutConfig &&
		grep -q "not configured: no Auth0LogoutConfig" "$T/error.log"'
check "access log: outcome and list, no query" \
	eval 'grep -q "\"GET /v2/logout\" 302 redirect list=client client_id=AbC123" "$T/access.log" &&
		! grep -q "returnTo" "$T/access.log"'

# ---- the same bytes as auth0logout-server (R9.1) ----------------------------

"$SERVER" --config "$DEMO" --listen 127.0.0.1:0 --threads 2 \
	--access-log off --ready-file "$T/srv.ready" 2>"$T/srv.log" &
SPID=$!
if wait_file "$T/srv.ready" "$SPID"; then
	saddr=$(cat "$T/srv.ready")
	python3 "$SRCDIR/tests/integration/same_bytes.py" "${saddr%:*}" \
		"${saddr##*:}" >"$T/same.server" 2>&1
	python3 "$SRCDIR/tests/integration/same_bytes.py" 127.0.0.1 "$PORT" \
		>"$T/same.apache" 2>&1
	if [ -s "$T/same.server" ] && cmp -s "$T/same.server" "$T/same.apache"; then
		ok "same status, headers and body as auth0logout-server ($(grep -c '^== ' "$T/same.apache") requests)"
	else
		not_ok "same status, headers and body as auth0logout-server"
		diff "$T/same.server" "$T/same.apache" | sed 's/^/# /'
	fi
else
	not_ok "auth0logout-server starts for the same-bytes table"
fi

# ---- /oidc/logout -----------------------------------------------------------

fetch d "/.well-known/openid-configuration"
check "discovery document: 200 application/json" \
	eval 'status_is 200 && [ "$(header d Content-Type)" = "application/json" ] && body_has d end_session_endpoint'
fetch d "/.well-known/jwks.json"
check "JWKS: 200, keys" eval 'status_is 200 && body_has d "\"keys\""'
fetch o "/oidc/logout?post_logout_redirect_uri=https://evil.com"
check "GET /oidc/logout to an unlisted URL: 400, no Location" \
	eval 'status_is 400 && no_header o Location'
fetch o "/oidc/logout" -X DELETE
check "DELETE /oidc/logout: 405 Allow: GET, POST" \
	eval 'status_is 405 && [ "$(header o Allow)" = "GET, POST" ]'
fetch o "/oidc/logout/confirm"
check "GET /oidc/logout/confirm: 405 Allow: POST" \
	eval 'status_is 405 && [ "$(header o Allow)" = "POST" ]'
fetch o "/oidc/logout" -d "post_logout_redirect_uri=https%3A%2F%2Fevil.com"
check "POST /oidc/logout (form) to an unlisted URL: 400" status_is 400
fetch o "/oidc/logout" -H 'Content-Type: text/plain' -d "x=1"
check "POST /oidc/logout not a form: 415" status_is 415
big=$(python3 -c 'print("state=" + "a" * 17000)')
fetch o "/oidc/logout" -d "$big"
check "POST /oidc/logout over 16 KiB: 413" status_is 413
fetch o "/oidc/logout/confirm" -d "request=x&form=0&token=y"
check "POST /oidc/logout/confirm without proof: 403" status_is 403
# The same answers as the server for the same oidc requests.
oidc_same() {
	for req in "/.well-known/openid-configuration" "/.well-known/jwks.json" \
		"/oidc/logout" "/oidc/logout?post_logout_redirect_uri=https://evil.com" \
		"/oidc/logout?client_id=x&client_id=y"; do
		curl -s --noproxy '*' --max-time 5 -D - "http://$1$req" |
			tr -d '\r' | grep -vi '^\(date\|server\|connection\|keep-alive\|transfer-encoding\):'
	done
}
NONCE='s/a0l_consent=[A-Za-z0-9_-]*;/a0l_consent=NONCE;/; s/name="token" value="[^"]*"/name="token" value="TOKEN"/'
"$SERVER" --config "$OIDC" --listen 127.0.0.1:0 --threads 2 \
	--access-log off --ready-file "$T/srv2.ready" 2>"$T/srv2.log" &
SPID2=$!
if wait_file "$T/srv2.ready" "$SPID2"; then
	# A consent page differs only in its random nonce and token.
	oidc_same "$(cat "$T/srv2.ready")" | sed "$NONCE" >"$T/oidc.server"
	oidc_same "127.0.0.1:$PORT" | sed "$NONCE" >"$T/oidc.apache"
	if cmp -s "$T/oidc.server" "$T/oidc.apache"; then
		ok "/oidc/logout and documents: the same bytes as auth0logout-server (5 requests)"
	else
		not_ok "/oidc/logout and documents: the same bytes as auth0logout-server"
		diff "$T/oidc.server" "$T/oidc.apache" | sed 's/^/# /'
	fi
else
	not_ok "auth0logout-server starts with examples/oidc.json"
fi
kill "$SPID2" 2>/dev/null
wait "$SPID2" 2>/dev/null

# With a signed id_token_hint, and the consent page (R8.7).
RET=https%3A%2F%2Fapp.example.com%2Fbye
fetch o "/t/oidc/logout?id_token_hint=$TOK&post_logout_redirect_uri=$RET&state=one"
check "GET /oidc/logout with a signed id_token_hint: 302 with the state" \
	eval 'status_is 302 && location_is o "https://app.example.com/bye?state=one" && clears_cookie o'
fetch o "/t/oidc/logout" -H 'Content-Type: application/x-www-form-urlencoded' \
	--data-binary "id_token_hint=$TOK&post_logout_redirect_uri=$RET&state=two"
check "POST /oidc/logout (form) with a signed id_token_hint: 302" \
	eval 'status_is 302 && location_is o "https://app.example.com/bye?state=two"'
fetch o "/t/oidc/logout?id_token_hint=$FORGED&post_logout_redirect_uri=$RET"
check "a forged id_token_hint: 400, no Location, no Set-Cookie" \
	eval 'status_is 400 && no_header o Location && no_header o Set-Cookie'
qa="client_id=AbC123&post_logout_redirect_uri=$RET&state=one"
fetch ca "/t/oidc/logout?$qa"
check "no id_token_hint: the consent page (200, no Location, X-Frame-Options)" \
	eval 'status_is 200 && no_header ca Location && [ "$(header ca X-Frame-Options)" = DENY ] && ! clears_cookie ca'
check "consent page: a POST form to the mount's /confirm" \
	body_has ca '<form method="post" action="/t/oidc/logout/confirm">'
nonce=$(header ca Set-Cookie | sed -n 's/^a0l_consent=\([^;]*\);.*/\1/p')
token=$(python3 "$HELPER" field "$T/ca.b" token)
body=$(python3 "$HELPER" form "request=$qa" form=0 "token=$token")
fetch cf "/t/oidc/logout/confirm" -H 'Content-Type: application/x-www-form-urlencoded' \
	--data-binary "$body"
check "confirm without the consent cookie: 403" \
	eval 'status_is 403 && no_header cf Location'
fetch cf "/t/oidc/logout/confirm" -H 'Content-Type: application/x-www-form-urlencoded' \
	--data-binary "$body" -b "a0l_consent=$nonce"
check "confirm with the cookie: 302, session and consent cookies cleared" \
	eval 'status_is 302 && location_is cf "https://app.example.com/bye?state=one" && clears_cookie cf &&
		grep -q "^Set-Cookie: a0l_consent=; Max-Age=0" "$T/cf.h"'
fetch o "/t/oidc/logout" -H 'Content-Type: application/x-www-form-urlencoded' \
	-H 'Transfer-Encoding: chunked' --data-binary "state=x"
check "POST /oidc/logout chunked (no length): 411" status_is 411

# ---- a bad config is refused ------------------------------------------------

python3 - "$DEMO" >"$T/bad.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["clients"][0]["allowed_logout_urls"][1] = "*.example.com"
json.dump(c, sys.stdout, indent=2)
EOF
chmod 644 "$T/bad.json"
BPORT=$(free_port)
{
	conf_head "$BPORT" | sed "s|$T/run/httpd.pid|$T/run/bad.pid|; s|$T/error.log|$T/bad-error.log|"
	cat <<EOF
<Location "/v2/logout">
	SetHandler auth0logout-v2
	Auth0LogoutConfig "$T/bad.json"
</Location>
EOF
} >"$T/bad.conf"
apache2 -t -d "$T" -f "$T/bad.conf" >"$T/bad.out" 2>&1
rc=$?
check "bad config: apache2 -t refuses it (exit $rc)" [ "$rc" -ne 0 ]
check "bad config: the message names the file, the client and the entry" \
	eval 'grep -q "bad.json" "$T/bad.out" && grep -q "AbC123" "$T/bad.out" &&
		grep -q "allowed_logout_urls\[1\]" "$T/bad.out" && grep -q "\*\.example\.com" "$T/bad.out"'
show "$T/bad.out" 3
apache2 -d "$T" -f "$T/bad.conf" -k start >"$T/bad-start.out" 2>&1
rc=$?
sleep 0.3
check "bad config: apache2 -k start refuses to start" \
	eval '[ "$rc" -ne 0 ] && [ ! -s "$T/run/bad.pid" ]'
if [ -s "$T/run/bad.pid" ]; then
	kill "$(cat "$T/run/bad.pid")" 2>/dev/null
fi
sed 's|"\*\.example\.com"|"https://ok.example.com"|' "$T/bad.json" >"$T/b2" && mv "$T/b2" "$T/bad.json"
printf 'Auth0LogoutDefine bad-key x\n' >>"$T/bad.conf"
apache2 -t -d "$T" -f "$T/bad.conf" >"$T/bad.out" 2>&1
rc=$?
check "Auth0LogoutDefine with a bad key: refused" \
	eval '[ "$rc" -ne 0 ] && grep -q "not a placeholder" "$T/bad.out"'
printf '<Location /x>\nAuth0LogoutCookie "a b"\n</Location>\n' >"$T/bad2.tail"
{ conf_head "$BPORT"; cat "$T/bad2.tail"; } >"$T/bad2.conf"
apache2 -t -d "$T" -f "$T/bad2.conf" >"$T/bad2.out" 2>&1
rc=$?
check "Auth0LogoutCookie that is not a token: refused" \
	eval '[ "$rc" -ne 0 ] && grep -q "is not a cookie name" "$T/bad2.out"'

# ---- graceful restart under load (R9.7) -------------------------------------

# Four clients, a new connection per request, for LOAD_SECONDS seconds;
# every answer must be the 302 to one of the two configs' first URLs.
# Meanwhile the config alternates between them and `apache2 -k graceful`
# runs every 0.5 s.
sed 's|"https://app.example.com/bye"|"https://app.example.com/bye2"|' "$DEMO" >"$T/config2.json"
cp "$T/config.json" "$T/config1.json"
chmod 644 "$T"/config*.json
python3 "$SRCDIR/tests/integration/lib/load.py" "$PORT" "$LOAD_SECONDS" https://app.example.com/bye \
	https://app.example.com/bye2 >"$T/load.out" 2>&1 &
LPID=$!
restarts=0
graceful_failed=0
end=$(($(date +%s) + LOAD_SECONDS - 1))
while [ "$(date +%s)" -lt "$end" ]; do
	sleep 0.5
	if [ $((restarts % 2)) -eq 0 ]; then
		cp "$T/config2.json" "$T/config.json"
	else
		cp "$T/config1.json" "$T/config.json"
	fi
	apache2 -d "$T" -f "$T/httpd.conf" -k graceful >>"$T/graceful.out" 2>&1 ||
		graceful_failed=$((graceful_failed + 1))
	restarts=$((restarts + 1))
done
wait "$LPID"
tail -n 1 "$T/load.out" >"$T/load.last"
read -r sent lfailed seen <"$T/load.last" || true
summary="sent ${sent:-0} failed ${lfailed:-?} locations ${seen:-0}"
echo "# graceful under load: $restarts restarts, $summary"
check "graceful restart under load: $restarts restarts, all accepted" \
	[ "$restarts" -ge 3 ] && [ "$graceful_failed" -eq 0 ]
check "graceful restart under load: 0 failed requests ($summary)" \
	[ "${sent:-0}" -gt 0 ] && [ "${lfailed:-1}" = 0 ]
check "graceful restart under load: both configs served" \
	[ "${seen:-0}" = 2 ]
grep '^# ' "$T/load.out" | head -5
check "the server still runs after the restarts" kill -0 "$APID"
# The config now in the file serves new requests.
want=https://app.example.com/bye
[ $((restarts % 2)) -eq 1 ] && want=https://app.example.com/bye2
_i=0
while :; do
	fetch g "/v2/logout?client_id=AbC123"
	location_is g "$want" && break
	_i=$((_i + 1))
	[ "$_i" -ge 50 ] && break
	sleep 0.1
done
check "after graceful: the new config decides ($want)" location_is g "$want"
# R9.7: a new config that does not load is refused and the old one stays
# in service.  apachectl graceful runs `apache2 -t` first, and the module
# makes a config that does not load a syntax error of the Apache config.
cp "$T/config.json" "$T/good.json"
python3 - "$T/good.json" >"$T/config.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["clients"][0]["allowed_logout_urls"][1] = "*.example.com"
json.dump(c, sys.stdout, indent=2)
EOF
: >"$T/envvars"
APACHE_CONFDIR=$T APACHE_ENVVARS=$T/envvars \
	APACHE_ARGUMENTS="-f $T/httpd.conf" apache2ctl graceful >"$T/ctl.out" 2>&1
rc=$?
check "apachectl graceful with a config that does not load: refused (exit $rc)" \
	eval '[ "$rc" -ne 0 ] && grep -q "config.json: clients\[0\]" "$T/ctl.out"'
sleep 0.5
fetch g "/v2/logout?client_id=AbC123"
check "after the refused graceful: the old config still serves ($want)" \
	eval 'kill -0 "$APID" && location_is g "$want"'
cp "$T/good.json" "$T/config.json"
check "no child crashed (no segfault in the error log)" \
	eval '! grep -qi "segmentation\|exit signal" "$T/error.log"'

stop_apache
echo "# apache: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
