#!/bin/sh
# SPDX-License-Identifier: MIT
# Integration test of auth0logout-server (adapters/microhttpd/server.c): a
# real server on 127.0.0.1 (port 0 + --ready-file), driven with curl.
# Prints one line per check, "ok - what" or "not ok - what", and exits
# non-zero when a check failed.
#
# Environment (set by `make check` through scripts/check.sh):
#   SERVER  the auth0logout-server binary (default $BUILD/auth0logout-server)
#   SRCDIR  the repository root (default .)
#   BUILD   the build directory (default build)
#
# The checks given to eval are in single quotes on purpose: they expand
# when they run.
# shellcheck disable=SC2016
set -u

BUILD=${BUILD:-build}
SRCDIR=${SRCDIR:-.}
SERVER=${SERVER:-$BUILD/auth0logout-server}
CONFIG=$SRCDIR/tests/data/server/config.json
BAD_CONFIG=$SRCDIR/tests/data/server/bad.json
COOKIE='a0session=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; HttpOnly; SameSite=Lax'

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

pids=""
tmp=$(mktemp -d) || exit 1

cleanup() {
	for p in $pids; do
		kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# get NAME PATH [CURL ARGS...]: requests http://$saddr$PATH; headers in
# $tmp/NAME.h, body in $tmp/NAME.b, status in $tmp/NAME.s and $status.
nreq=0
get() {
	n=$1
	p=$2
	shift 2
	status=$(curl -s --max-time 5 -D "$tmp/$n.h" -o "$tmp/$n.b" \
	    -w '%{http_code}' "$@" "http://$saddr$p")
	echo "$status" >"$tmp/$n.s"
	nreq=$((nreq + 1))
}
# header NAME FIELD: the value of FIELD in NAME's response ("" if none).
header() {
	grep -i "^$2:" "$tmp/$1.h" | head -n 1 | sed 's/^[^:]*: *//' |
	    tr -d '\r'
}
has_header() {
	grep -qi "^$2:" "$tmp/$1.h"
}
# is_redirect NAME LOCATION: 302 with exactly that Location.
is_redirect() {
	[ "$(cat "$tmp/$1.s")" = 302 ] && [ "$(header "$1" Location)" = "$2" ]
}
# is_refused NAME [STATUS]: STATUS (400) and no Location.
is_refused() {
	[ "$(cat "$tmp/$1.s")" = "${2:-400}" ] && ! has_header "$1" Location
}
starts_with() {
	case $1 in
	"$2"*) return 0 ;;
	esac
	return 1
}
body_has() {
	grep -qF -- "$2" "$tmp/$1.b"
}

need_exec "$SERVER" "server binary $SERVER exists"

# ---- the main server ----------------------------------------------------

if start_server "$tmp" main --config "$CONFIG" --listen 127.0.0.1:0; then
	ok "server starts on 127.0.0.1 port 0 and writes --ready-file"
else
	not_ok "server starts on 127.0.0.1 port 0 and writes --ready-file"
	cat "$tmp/main.log"
	exit 1
fi
main_pid=$spid
case $saddr in
127.0.0.1:[1-9]*) ok "ready file holds the bound address ($saddr)" ;;
*) not_ok "ready file holds the bound address (got '$saddr')" ;;
esac

# Redirects (R3): tenant list, application list, wildcards, first URL.
get tenant '/v2/logout?returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out'
check "tenant list: 302 to https://www.example.com/logged-out" \
	is_redirect tenant https://www.example.com/logged-out
get client '/v2/logout?client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye%3Fsee%3Dyou'
check "application list: 302 to https://app.example.com/bye?see=you" \
	is_redirect client 'https://app.example.com/bye?see=you'
get wild '/v2/logout?client_id=AbC123&returnTo=https%3A%2F%2Fshop.example.org'
check "wildcard https://*.example.org: 302 to https://shop.example.org" \
	is_redirect wild https://shop.example.org
get wild2 '/v2/logout?client_id=WiLd42&returnTo=https://pr-17-preview.example.net'
check "wildcard https://pr-*-preview.example.net: 302" \
	is_redirect wild2 https://pr-17-preview.example.net
get first '/v2/logout?client_id=AbC123'
check "client_id only: 302 to the application's first URL" \
	is_redirect first https://app.example.com/bye
get first_wild '/v2/logout?client_id=WiLd42'
check "client_id only, first URL a wildcard: 200 logged out" \
	[ "$(cat "$tmp/first_wild.s")" = 200 ]

# Logged out.
get out '/v2/logout'
check "no parameters: 200" [ "$(cat "$tmp/out.s")" = 200 ]
check "logged out: body is exactly OK" [ "$(cat "$tmp/out.b")" = OK ]
check "logged out: Content-Type text/plain" \
	starts_with "$(header out Content-Type)" text/plain
check "logged out: no Location" eval '! has_header out Location'

# Refusals: not allowed, with an HTML page.
get notallowed '/v2/logout?returnTo=https%3A%2F%2Fevil.com'
check "returnTo not on the tenant list: 400 without Location" \
	is_refused notallowed
check "error page is HTML" \
	starts_with "$(header notallowed Content-Type)" text/html
check "error page shows error and Auth0's not-allowed wording" \
	eval 'body_has notallowed invalid_request &&
	    body_has notallowed "is not defined as a valid URL in"'
check "error page has Content-Security-Policy: default-src 'none'" \
	[ "$(header notallowed Content-Security-Policy)" = "default-src 'none'" ]
check "error page has X-Content-Type-Options: nosniff" \
	[ "$(header notallowed X-Content-Type-Options)" = nosniff ]
get tenant_only '/v2/logout?client_id=AbC123&returnTo=https%3A%2F%2Fwww.example.com'
check "on the tenant list but not the application's: 400" \
	is_refused tenant_only
get unknown '/v2/logout?client_id=nobody&returnTo=https%3A%2F%2Fwww.example.com'
check "unknown client_id: 400" is_refused unknown
get dup '/v2/logout?returnTo=https%3A%2F%2Fwww.example.com&returnTo=https%3A%2F%2Fevil.com'
check "returnTo twice: 400" is_refused dup

# HTML escaping of attacker-controlled text.
get xss '/v2/logout?client_id=%3Cscript%3Ealert(1)%3C%2Fscript%3E'
check "attacker's client_id: 400" is_refused xss
check "error page escapes <script> as &lt;script&gt;" \
	body_has xss '&lt;script&gt;alert(1)&lt;/script&gt;'
check "error page never contains the raw <script>" \
	eval '! grep -qi "<script" "$tmp/xss.b"'
get quotes "/v2/logout?client_id=x%22%27%26y"
check "error page escapes \" ' & as &quot; &#39; &amp;" \
	body_has quotes 'x&quot;&#39;&amp;y'

# JSON errors.
get json '/v2/logout?returnTo=https%3A%2F%2Fevil.com' \
	-H 'Accept: application/json'
check "Accept: application/json: 400 with application/json" \
	eval '[ "$(cat "$tmp/json.s")" = 400 ] &&
	    [ "$(header json Content-Type)" = application/json ]'
check "JSON error body is the decision as the CLI prints it (R7.2)" \
	python3 -c '
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert list(d) == ["outcome", "status", "location", "federated", "error",
                   "error_description", "list", "matched", "hint",
                   "confirm", "client_id"], d
assert (d["outcome"], d["status"], d["list"]) == ("error", 400, "tenant"), d
assert d["error"] == "invalid_request", d
assert "https://evil.com" in d["error_description"], d
assert d["hint"] is None, d
' "$tmp/json.b"
get slashhint '/v2/logout?returnTo=https%3A%2F%2Fwww.example.com%2F'
check "R9.3: hints are off by default: the page quotes no entry" \
	eval 'body_has slashhint "error_description: " &&
	    ! body_has slashhint "hint:" &&
	    ! body_has slashhint "logged-out"'

get json_bytes '/v2/logout?client_id=%FF%3Cb%3E%22' \
	-H 'Accept: text/html;q=0.5, Application/JSON'
check "JSON error body is valid UTF-8 JSON for a non-UTF-8 client_id" \
	python3 -c '
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert d["error"] == "invalid_request" and "<b>\"" in d["error_description"], d
' "$tmp/json_bytes.b"

# Methods and paths.
get post /v2/logout -X POST -d 'returnTo=https://www.example.com'
check "POST /v2/logout: 405" [ "$(cat "$tmp/post.s")" = 405 ]
check "405 has Allow: GET, HEAD" [ "$(header post Allow)" = 'GET, HEAD' ]
get delete /v2/logout -X DELETE
check "DELETE /v2/logout: 405" [ "$(cat "$tmp/delete.s")" = 405 ]
get other /v2/authorize
check "GET /v2/authorize: 404" [ "$(cat "$tmp/other.s")" = 404 ]
get slash '/v2/logout/?returnTo=https%3A%2F%2Fwww.example.com'
check "GET /v2/logout/ (trailing slash): 404" \
	is_refused slash 404

# HEAD: curl -I shows only headers, so read the raw answer to be sure no
# body follows them.
raw_head() {
	python3 - "$saddr" "$1" >"$tmp/$2.raw" <<'EOF'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((host.strip("[]"), int(port)), timeout=5)
s.sendall(b"HEAD " + sys.argv[2].encode() +
          b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
head, sep, body = data.partition(b"\r\n\r\n")
sys.stdout.write(head.decode("latin-1").replace("\r\n", "\n") + "\n")
sys.stdout.write("BODY:%d\n" % len(body))
EOF
}
raw_head '/v2/logout?client_id=AbC123' head_redirect
check "HEAD redirect: 302 with Location and no body" \
	eval 'grep -q "^HTTP/1.1 302 " "$tmp/head_redirect.raw" &&
	    grep -qx "Location: https://app.example.com/bye" "$tmp/head_redirect.raw" &&
	    grep -qxF "Set-Cookie: $COOKIE" "$tmp/head_redirect.raw" &&
	    grep -qx "Cache-Control: no-store" "$tmp/head_redirect.raw" &&
	    grep -qx "BODY:0" "$tmp/head_redirect.raw"'
raw_head /v2/logout head_out
check "HEAD logged out: 200, Content-Length: 2, no body" \
	eval 'grep -q "^HTTP/1.1 200 " "$tmp/head_out.raw" &&
	    grep -qx "Content-Length: 2" "$tmp/head_out.raw" &&
	    grep -qx "BODY:0" "$tmp/head_out.raw"'
get head_err '/v2/logout?returnTo=https%3A%2F%2Fevil.com' -I
check "HEAD error: 400" is_refused head_err
nreq=$((nreq + 2))

# Open-redirect attempts.
get userinfo '/v2/logout?client_id=AbC123&returnTo=https://app.example.com@evil.com'
check "open redirect https://app.example.com@evil.com: 400, no Location" \
	is_refused userinfo
get backslash '/v2/logout?client_id=AbC123&returnTo=https://evil.com%5C.example.org'
check "open redirect https://evil.com\\.example.org: 400, no Location" \
	is_refused backslash
get twolabels '/v2/logout?client_id=AbC123&returnTo=https%3A%2F%2Fevil.com.example.org'
check "open redirect https://evil.com.example.org (wildcard spans one label): 400" \
	is_refused twolabels
get js '/v2/logout?returnTo=javascript:alert(1)'
check "returnTo=javascript:alert(1): 400, no Location" is_refused js
get crlf '/v2/logout?returnTo=https%3A%2F%2Fwww.example.com%0D%0ASet-Cookie:x=1'
check "returnTo with CR LF: 400, no injected header" \
	eval 'is_refused crlf && ! grep -qi "^Set-Cookie: *x=1" "$tmp/crlf.h"'
get requery '/v2/logout?/x?returnTo=https%3A%2F%2Fevil.com'
check "a query starting with / is not re-read as a request target" \
	eval '[ "$(cat "$tmp/requery.s")" = 200 ] && ! has_header requery Location'

# federated never changes the outcome (R3.1).
get fed '/v2/logout?federated&returnTo=https%3A%2F%2Fwww.example.com'
check "federated with an allowed returnTo: same 302" \
	is_redirect fed https://www.example.com
get fed_out '/v2/logout?federated=false'
check "federated alone: 200 logged out" [ "$(cat "$tmp/fed_out.s")" = 200 ]
get fed_err '/v2/logout?federated=1&returnTo=https%3A%2F%2Fevil.com'
check "federated with a refused returnTo: still 400" is_refused fed_err

# Request-target size.
long=$(printf '%017500d' 0)
get long "/v2/logout?x=$long"
check "request target over 17 KiB: 414" is_refused long 414
# "/v2/logout?x=" (13 bytes) + 17395 = 17408 bytes: decided (R1.8 refuses
# it as too long with 400), not 414.
edge=$(printf '%017395d' 0)
get edge "/v2/logout?x=$edge"
check "request target of exactly 17 KiB: decided (400), not 414" \
	is_refused edge 400

# Headers on every answer, cookie only on redirect and logged_out.
all_no_store=1
for s in "$tmp"/*.s; do
	n=$(basename "$s" .s)
	if [ "$(header "$n" Cache-Control)" != no-store ]; then
		all_no_store=0
		echo "# $n: Cache-Control is '$(header "$n" Cache-Control)'"
	fi
done
check "Cache-Control: no-store on every answer ($nreq requests)" \
	[ "$all_no_store" = 1 ]
cookie_ok=1
for n in tenant client wild wild2 first first_wild out fed fed_out \
    requery; do
	if [ "$(header "$n" Set-Cookie)" != "$COOKIE" ]; then
		cookie_ok=0
		echo "# $n: Set-Cookie is '$(header "$n" Set-Cookie)'"
	fi
done
check "redirect and logged_out clear the cookie: Set-Cookie: $COOKIE" \
	[ "$cookie_ok" = 1 ]
no_cookie=1
for n in notallowed tenant_only unknown dup xss quotes json json_bytes \
    post delete other slash head_err userinfo backslash twolabels js crlf \
    fed_err long edge; do
	if has_header "$n" Set-Cookie; then
		no_cookie=0
		echo "# $n: has Set-Cookie"
	fi
done
check "no Set-Cookie on errors, 404, 405 and 414 (R3.5)" [ "$no_cookie" = 1 ]

# Concurrency: 24 requests at once, all decided right.
cpids=""
i=0
while [ "$i" -lt 24 ]; do
	curl -s --max-time 5 -o /dev/null -D "$tmp/par$i.h" \
	    "http://$saddr/v2/logout?client_id=AbC123&returnTo=https%3A%2F%2Fa$i.example.org%3Fn%3D$i" &
	cpids="$cpids $!"
	i=$((i + 1))
done
for p in $cpids; do
	wait "$p"
done
par_ok=1
i=0
while [ "$i" -lt 24 ]; do
	head -n 1 "$tmp/par$i.h" | grep -q '^HTTP/1.1 302 ' &&
	    [ "$(header "par$i" Location)" = "https://a$i.example.org?n=$i" ] ||
	    par_ok=0
	i=$((i + 1))
done
nreq=$((nreq + 24))
check "24 concurrent requests all get their own 302" [ "$par_ok" = 1 ]

# A second server on the same port must fail cleanly.
timeout 5 "$SERVER" --config "$CONFIG" --listen "$saddr" \
	2>"$tmp/inuse.err"
rc=$?
check "port in use: exit 2" [ "$rc" = 2 ]
check "port in use: clear message" \
	eval 'grep -q "cannot listen on $saddr" "$tmp/inuse.err" &&
	    grep -qi "in use" "$tmp/inuse.err"'

# SIGTERM, then the access log.
stop_server "$main_pid" TERM
check "SIGTERM: exit 0 within 5 s" [ "$rc" = 0 ]
lines=$(grep -c '^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T' "$tmp/main.log")
check "access log: one line per request ($lines lines, $nreq requests)" \
	[ "$lines" = "$nreq" ]
check "access log line (R9.8): method, path, status, outcome, list" \
	grep -qF ' GET /v2/logout 400 error list=tenant client_id=-' \
	"$tmp/main.log"
check "access log line for a redirect names the client" \
	grep -qF ' GET /v2/logout 302 redirect list=client client_id=AbC123' \
	"$tmp/main.log"
check "access log never shows a query (state, tokens: R9.8)" \
	eval '! grep -q "returnTo\|?" "$tmp/main.log"'
check "access log escapes raw bytes and quotes" \
	eval '! grep -q "[[:cntrl:]]" "$tmp/main.log"'

# ---- --cookie, SIGINT -----------------------------------------------------

if start_server "$tmp" cookie --config "$CONFIG" --listen 127.0.0.1:0 \
    --cookie my_sess --threads 1; then
	get c_out /v2/logout
	check "--cookie my_sess: logged out clears my_sess" \
		[ "$(header c_out Set-Cookie)" = \
		"my_sess=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; HttpOnly; SameSite=Lax" ]
	get c_err '/v2/logout?returnTo=https%3A%2F%2Fevil.com'
	check "--cookie my_sess: no cookie on an error" \
		eval '! has_header c_err Set-Cookie'
	stop_server "$spid" INT
	check "SIGINT: exit 0 within 5 s" [ "$rc" = 0 ]
else
	not_ok "server starts with --cookie my_sess"
fi

# ---- IPv6 loopback (skipped when the host has none) ----------------------

if start_server "$tmp" v6 --config "$CONFIG" --listen '[::1]:0'; then
	get v6 '/v2/logout?returnTo=https%3A%2F%2Fwww.example.com'
	check "[::1]:0: serves over IPv6 ($saddr)" \
		is_redirect v6 https://www.example.com
	stop_server "$spid" TERM
elif grep -q "cannot listen on" "$tmp/v6.log"; then
	echo "ok - [::1]:0 # SKIP no IPv6 loopback: $(cat "$tmp/v6.log")"
	passed=$((passed + 1))
else
	not_ok "[::1]:0: server starts"
fi

# ---- start-up failures ----------------------------------------------------

timeout 5 "$SERVER" --config "$BAD_CONFIG" --listen 127.0.0.1:0 \
	2>"$tmp/bad.err"
rc=$?
check "bad config: exit 2" [ "$rc" = 2 ]
check "bad config: prints the loader's message" \
	grep -qF 'clients[0] (client_id "AbC123"): allowed_logout_urls[1] "*.example.com"' \
	"$tmp/bad.err"
timeout 5 "$SERVER" --config "$tmp/missing.json" 2>"$tmp/missing.err"
rc=$?
check "missing config file: exit 2 with its name" \
	eval '[ "$rc" = 2 ] && grep -q missing.json "$tmp/missing.err"'
for args in "--listen 127.0.0.1:0" \
    "--config $CONFIG --listen localhost" \
    "--config $CONFIG --listen 127.0.0.1:65536" \
    "--config $CONFIG --listen ::1:80" \
    "--config $CONFIG --threads 0" \
    "--config $CONFIG --cookie bad;name" \
    "--config $CONFIG --cookie" \
    "--config $CONFIG --bogus"; do
	# shellcheck disable=SC2086 # split on purpose
	timeout 5 "$SERVER" $args >/dev/null 2>"$tmp/opt.err"
	rc=$?
	check "bad options ($args): exit 2" [ "$rc" = 2 ]
done
timeout 5 "$SERVER" --help >"$tmp/help.out" 2>&1
rc=$?
check "--help: exit 0 with usage" \
	eval '[ "$rc" = 0 ] && grep -q -- "--ready-file" "$tmp/help.out"'

echo "# server: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
