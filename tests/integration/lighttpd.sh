#!/bin/sh
# SPDX-License-Identifier: MIT
# Integration test: adapters/cgi (build/auth0logout-cgi) behind a real
# lighttpd, once as a plain CGI program (mod_cgi) and once as a FastCGI
# backend that lighttpd spawns itself (mod_fastcgi "bin-path").
#
# Each mode starts `lighttpd -D` on a free loopback port with everything
# (config, document root, error log, pid file, sockets, a copy of the
# allow-lists) in a temporary directory, sends requests with curl, prints
# one line per check -- "ok - what" or "not ok - what" -- and stops
# lighttpd.  Exits non-zero when a check failed.
#
# Environment (set by `make check` through scripts/check.sh):
#   CGI     the program (default build/auth0logout-cgi)
#   SERVER  auth0logout-server (default build/auth0logout-server), for the
#           same-bytes table: one table of requests through the server, the
#           CGI and the FastCGI program gives byte-identical status, headers
#           (but Date, Server, Connection) and body (R9.1)
#   SRCDIR  the repository (default: the current directory)
#   BUILD   the build directory (unused here)
#
# Four URLs are served in each mode:
#   /v2/logout      AUTH0LOGOUT_CONFIG = a copy of examples/demo.json
#   /custom/logout  the same, with AUTH0LOGOUT_COOKIE=__Host-sid
#   /hints/logout   the same, with AUTH0LOGOUT_HINTS=1 (R9.3)
#   /broken/logout  AUTH0LOGOUT_CONFIG = a file that does not exist
# The plain-CGI configuration is the README's: the program runs for the
# exact URL only and anything below it is refused, so that lighttpd can
# never serve the program itself as a file.

# Functions run through check() and trap look unreachable to shellcheck.
# shellcheck disable=SC2317
set -u

SRCDIR=${SRCDIR:-$(pwd)}
CGI=${CGI:-build/auth0logout-cgi}
SERVER=${SERVER:-build/auth0logout-server}
case $SERVER in
/*) ;;
*) SERVER=$(pwd)/$SERVER ;;
esac
case $SRCDIR in
/*) ;;
*) SRCDIR=$(pwd)/$SRCDIR ;;
esac
case $CGI in
/*) ;;
*) CGI=$(pwd)/$CGI ;;
esac
DEMO=$SRCDIR/examples/demo.json

# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

need_cmds "sh scripts/deps.sh check" lighttpd curl
need_exec "$CGI" "$CGI is built (make build/auth0logout-cgi)"

T=$(mktemp -d "${TMPDIR:-/tmp}/a0l-lighttpd.XXXXXX") || exit 1
cleanup() {
	stop_lighttpd
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ---- lighttpd configs -------------------------------------------------------

# mod_cgi: alias.url maps each URL onto the program and cgi.assign with an
# empty handler runs it, for the exact URLs only; mod_access refuses every
# longer path under them (/v2/logout/x would otherwise map onto the
# program's file and be served as a download).  mod_setenv hands the
# program its environment.
conf_cgi() {
	lighttpd_conf_head "$T" "$PORT"
	cat <<EOF
server.modules = ("mod_access", "mod_alias", "mod_setenv", "mod_cgi")
alias.url = (
	"/v2/logout" => "$CGI",
	"/custom/logout" => "$CGI",
	"/hints/logout" => "$CGI",
	"/broken/logout" => "$CGI",
)
\$HTTP["url"] =~ "^/(v2|custom|hints|broken)/logout." {
	url.access-deny = ("")
}
\$HTTP["url"] =~ "^/(v2|custom|hints|broken)/logout\$" {
	cgi.assign = ("" => "")
}
\$HTTP["url"] == "/v2/logout" {
	setenv.add-environment = ("AUTH0LOGOUT_CONFIG" => "$T/config.json")
}
\$HTTP["url"] == "/custom/logout" {
	setenv.add-environment = (
		"AUTH0LOGOUT_CONFIG" => "$T/config.json",
		"AUTH0LOGOUT_COOKIE" => "__Host-sid",
	)
}
\$HTTP["url"] == "/hints/logout" {
	setenv.add-environment = (
		"AUTH0LOGOUT_CONFIG" => "$T/config.json",
		"AUTH0LOGOUT_HINTS" => "1",
	)
}
\$HTTP["url"] == "/broken/logout" {
	setenv.add-environment = ("AUTH0LOGOUT_CONFIG" => "$T/missing.json")
}
EOF
}

# mod_fastcgi: lighttpd spawns one process per URL ("bin-path") on a Unix
# socket and passes "bin-environment"; "check-local" => "disable" because
# there is no file behind the URL.
conf_fastcgi() {
	lighttpd_conf_head "$T" "$PORT"
	cat <<EOF
server.modules = ("mod_access", "mod_fastcgi")
# fastcgi.server matches by prefix: without this, /v2/logoutX would be
# handed to the program and decided like /v2/logout.
\$HTTP["url"] =~ "^/(v2|custom|hints|broken)/logout." {
	url.access-deny = ("")
}
fastcgi.server = (
	"/v2/logout" => ((
		"socket" => "$T/fcgi-v2.sock",
		"bin-path" => "$CGI",
		"bin-environment" => ("AUTH0LOGOUT_CONFIG" => "$T/config.json"),
		"check-local" => "disable",
		"max-procs" => 1,
	)),
	"/custom/logout" => ((
		"socket" => "$T/fcgi-custom.sock",
		"bin-path" => "$CGI",
		"bin-environment" => (
			"AUTH0LOGOUT_CONFIG" => "$T/config.json",
			"AUTH0LOGOUT_COOKIE" => "__Host-sid",
		),
		"check-local" => "disable",
		"max-procs" => 1,
	)),
	"/hints/logout" => ((
		"socket" => "$T/fcgi-hints.sock",
		"bin-path" => "$CGI",
		"bin-environment" => (
			"AUTH0LOGOUT_CONFIG" => "$T/config.json",
			"AUTH0LOGOUT_HINTS" => "1",
		),
		"check-local" => "disable",
		"max-procs" => 1,
	)),
	"/broken/logout" => ((
		"socket" => "$T/fcgi-broken.sock",
		"bin-path" => "$CGI",
		"bin-environment" => ("AUTH0LOGOUT_CONFIG" => "$T/missing.json"),
		"check-local" => "disable",
		"max-procs" => 1,
	)),
)
EOF
}

# ---- requests ---------------------------------------------------------------

# shellcheck source=lib/http.sh
. "$SRCDIR/tests/integration/lib/http.sh"

# redirect M DESCRIPTION PATH LOCATION: 302 to exactly LOCATION.
redirect() {
	fetch r "$3"
	check "$1: $2: 302" status_is 302
	check "$1: $2: Location $4" location_is r "$4"
	check "$1: $2: clears the session cookie" clears_cookie r
	check "$1: $2: Cache-Control: no-store" no_store r
}

# refused M DESCRIPTION PATH: 400, no Location, cookie untouched.
refused() {
	fetch e "$3"
	check "$1: $2: 400" status_is 400
	check "$1: $2: no Location" no_header e Location
	check "$1: $2: no Set-Cookie" no_header e Set-Cookie
}

# ---- one mode ---------------------------------------------------------------

run_mode() {
	m=$1
	PORT=$(free_port)
	DEAD=0
	rm -rf "$T/www" "$T"/*.sock "$T"/*.log "$T/lighttpd.out"
	mkdir "$T/www"
	cp "$DEMO" "$T/config.json"
	case $m in
	cgi) conf_cgi >"$T/$m.conf" ;;
	*) conf_fastcgi >"$T/$m.conf" ;;
	esac
	start_lighttpd "$m" "$T" "$PORT" || return

	# Allowed redirects: the tenant list, a client's list (wildcard),
	# a client's first URL, a custom-scheme app.
	redirect "$m" "tenant list" \
		"/v2/logout?returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out" \
		"https://www.example.com/logged-out"
	redirect "$m" "client list (wildcard)" \
		"/v2/logout?client_id=AbC123&returnTo=https://shop.example.org" \
		"https://shop.example.org"
	redirect "$m" "client's first URL" \
		"/v2/logout?client_id=AbC123" "https://app.example.com/bye"
	redirect "$m" "native app" \
		"/v2/logout?client_id=NaTiVe9&federated" \
		"com.example.app://callback"
	# QUERY_STRING must arrive undecoded: decoded once by the server,
	# b=%3C would become a parameter of its own and vanish.
	redirect "$m" "raw QUERY_STRING" \
		"/v2/logout?returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out%3Fa%3D1%26b%3D%253C" \
		"https://www.example.com/logged-out?a=1&b=%3C"
	check "$m: a redirect has no body (Content-Length: 0)" \
		eval '[ "$(header r Content-Length)" = 0 ] && [ ! -s "$T/r.b" ]'

	# Logged out: no parameters, or a client without a list.
	fetch l "/v2/logout"
	check "$m: no parameters: 200" status_is 200
	check "$m: no parameters: body OK" body_is l OK
	check "$m: no parameters: no Location" no_header l Location
	check "$m: no parameters: clears the session cookie" clears_cookie l
	check "$m: no parameters: Cache-Control: no-store" no_store l
	fetch l "/v2/logout?client_id=NoList7"
	check "$m: client without a list: 200" status_is 200
	check "$m: client without a list: body OK" body_is l OK
	fetch l "/v2/logout" -I
	check "$m: HEAD: 200" status_is 200
	check "$m: HEAD: clears the session cookie" clears_cookie l

	# Refused: not on the list used, open-redirect attempts, header
	# injection, duplicates.
	refused "$m" "on the tenant list but not the client's" \
		"/v2/logout?client_id=AbC123&returnTo=https://www.example.com"
	refused "$m" "attack userinfo" \
		"/v2/logout?returnTo=https://app.example.com@evil.com"
	refused "$m" "attack //evil.com" "/v2/logout?returnTo=//evil.com"
	refused "$m" "attack backslash" \
		"/v2/logout?returnTo=https://evil.com%5C.example.org"
	refused "$m" "attack suffix host" \
		"/v2/logout?returnTo=https://www.example.com.evil.com"
	refused "$m" "attack javascript:" \
		"/v2/logout?returnTo=javascript:alert(1)"
	refused "$m" "attack CRLF" \
		"/v2/logout?returnTo=https://www.example.com%0D%0ASet-Cookie:%20x=1"
	refused "$m" "duplicate returnTo" \
		"/v2/logout?returnTo=https://www.example.com&returnTo=https://evil.com"
	check "$m: error: Cache-Control: no-store" no_store e

	# The error page escapes what it echoes.
	refused "$m" "script in client_id" \
		"/v2/logout?client_id=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
	check "$m: error page escapes <script>" \
		body_has e '&lt;script&gt;alert(1)&lt;/script&gt;'
	check "$m: error page has no raw <script>" body_lacks e '<script>'
	check "$m: error page is text/html" \
		[ "$(header e Content-Type)" = "text/html; charset=utf-8" ]

	# R9.3: a not_allowed page quotes no entry unless hints are on.
	refused "$m" "trailing slash not on the list" \
		"/v2/logout?returnTo=https://www.example.com/"
	check "$m: hints off by default: no hint, no entry on the page" \
		eval 'body_lacks e "hint:" && body_lacks e "logged-out"'
	refused "$m" "trailing slash, AUTH0LOGOUT_HINTS=1" \
		"/hints/logout?returnTo=https://www.example.com/"
	check "$m: AUTH0LOGOUT_HINTS=1: the page shows the hint" \
		body_has e 'differs only by a trailing slash'

	# The program is never served as a file, under any path below it,
	# and no longer path is decided as the logout endpoint.
	for p in /v2/logout/anything /v2/logout/ /v2/logout/x/y \
	    /v2/logout%2Fx "/v2/logoutX?client_id=AbC123" \
	    "/v2/logout.x?client_id=AbC123"; do
		fetch f "$p"
		check "$m: $p is refused, never the program itself" \
			eval '[ "$code" != 200 ] && [ "$code" != 302 ] &&
				! grep -q "ELF" "$T/f.b"'
	done

	# R9.4: QUERY_STRING is a query, never a target or URL of its own.
	fetch q "/v2/logout?/?returnTo=https://evil.com"
	check "$m: ?/?returnTo=...: logged out, as the server decides it" \
		eval 'status_is 200 && no_header q Location'
	fetch q "/v2/logout?https://x/?client_id=AbC123"
	check "$m: ?https://x/?client_id=...: logged out, no client list" \
		eval 'status_is 200 && no_header q Location'

	# The same bytes as auth0logout-server (R9.1).
	python3 "$SRCDIR/tests/integration/same_bytes.py" 127.0.0.1 "$PORT" \
		>"$T/same.$m" 2>&1
	if [ -s "$T/same.server" ] && cmp -s "$T/same.server" "$T/same.$m"; then
		ok "$m: same status, headers and body as auth0logout-server ($(grep -c '^== ' "$T/same.$m") requests)"
	else
		not_ok "$m: same status, headers and body as auth0logout-server"
		diff "$T/same.server" "$T/same.$m" | sed 's/^/# /'
	fi

	# Methods.
	fetch x "/v2/logout?client_id=AbC123" -d x
	check "$m: POST: 405" status_is 405
	check "$m: POST: Allow: GET, HEAD" \
		[ "$(header x Allow)" = "GET, HEAD" ]
	check "$m: POST: no Location" no_header x Location
	check "$m: POST: no Set-Cookie" no_header x Set-Cookie
	check "$m: POST: Cache-Control: no-store" no_store x

	# AUTH0LOGOUT_COOKIE names the cookie; __Host- needs Secure.
	fetch c "/custom/logout?client_id=AbC123"
	check "$m: AUTH0LOGOUT_COOKIE: 302" status_is 302
	check "$m: AUTH0LOGOUT_COOKIE: clears __Host-sid" \
		clears_cookie c __Host-sid
	check "$m: AUTH0LOGOUT_COOKIE: __Host- cookie is Secure" \
		cookie_secure c __Host-sid
	check "$m: AUTH0LOGOUT_COOKIE: a0session left alone" \
		not_clears_cookie c a0session

	# A missing config: 500, nothing about it told to the client, the
	# reason in the server's logs.
	fetch b "/broken/logout?client_id=AbC123"
	check "$m: missing config: 500" status_is 500
	check "$m: missing config: no Location" no_header b Location
	check "$m: missing config: no Set-Cookie" no_header b Set-Cookie
	check "$m: missing config: the client is not told why" \
		body_lacks b missing.json
	check "$m: missing config: the reason is logged" \
		grep -q "auth0logout-cgi: .*missing.json: cannot open" \
		"$T/error.log" "$T/breakage.log" "$T/lighttpd.out"

	# CGI reads the config per request, FastCGI once at startup.
	rm -f "$T/config.json"
	fetch o "/v2/logout?client_id=AbC123"
	if [ "$m" = cgi ]; then
		check "$m: config read per request (500 once it is gone)" \
			status_is 500
	else
		check "$m: config read once (302 after it is gone)" \
			status_is 302
		check "$m: config read once: Location" \
			location_is o "https://app.example.com/bye"
		# A new config: lighttpd's graceful restart (SIGUSR1) starts
		# new backends, which read it; in-flight requests finish.
		sed 's|"https://app.example.com/bye"|"https://app.example.com/reloaded"|' \
			"$DEMO" >"$T/config.json"
		kill -USR1 "$LPID"
		i=0
		while [ "$i" -lt 50 ]; do
			fetch o "/v2/logout?client_id=AbC123"
			[ "$(header o Location)" = "https://app.example.com/reloaded" ] &&
				break
			DEAD=0
			sleep 0.1
			i=$((i + 1))
		done
		check "$m: graceful restart (SIGUSR1): the new config is served" \
			location_is o "https://app.example.com/reloaded"
	fi

	# Stop; FastCGI backends must go with lighttpd.
	backends=
	if [ "$m" = fastcgi ] && ps -o pid= --ppid 1 >/dev/null 2>&1; then
		backends=$(ps -o pid= --ppid "$LPID" 2>/dev/null)
		check "$m: four backend processes" \
			[ "$(echo "$backends" | wc -w)" -eq 4 ]
	fi
	stop_lighttpd
	if [ -n "$backends" ]; then
		i=0
		for p in $backends; do
			while kill -0 "$p" 2>/dev/null && [ "$i" -lt 50 ]; do
				sleep 0.1
				i=$((i + 1))
			done
		done
		left=
		for p in $backends; do
			if kill -0 "$p" 2>/dev/null; then
				left="$left $p"
			fi
		done
		check "$m: backends exit with lighttpd" [ -z "$left" ]
		for p in $left; do
			kill "$p" 2>/dev/null
		done
	fi
	# Under SANITIZE=1 the program reports memory errors on stderr,
	# which lighttpd writes to its logs.
	if grep -q 'Sanitizer\|runtime error' "$T/error.log" \
		"$T/breakage.log" 2>/dev/null; then
		not_ok "$m: no sanitizer report in lighttpd's logs"
	else
		ok "$m: no sanitizer report in lighttpd's logs"
	fi
	# The logs hold what this run provoked on purpose (a missing
	# config, a config removed under a running server): shown, labelled.
	for f in error.log breakage.log; do
		if [ -s "$T/$f" ]; then
			sed "s/^/# expected: $f: /" "$T/$f"
		fi
	done
}

# HEAD: the program itself sends no body (lighttpd would drop one anyway,
# so this is checked on the program, run directly as a CGI).
head_only() {
	out=$(env -i REQUEST_METHOD=HEAD QUERY_STRING= \
		AUTH0LOGOUT_CONFIG="$DEMO" "$CGI" </dev/null 2>&1
	echo x)
	case $out in
	"Status: 200 OK"*"

x") return 0 ;;
	esac
	return 1
}
check "direct CGI: HEAD: 200, headers and no body" head_only

# The same-bytes table through auth0logout-server, for run_mode to compare.
same_server() {
	cp "$DEMO" "$T/server.json"
	if start_server "$T" server --config "$T/server.json" \
		--listen 127.0.0.1:0 --access-log off; then
		python3 "$SRCDIR/tests/integration/same_bytes.py" \
			"${saddr%:*}" "${saddr##*:}" >"$T/same.server" 2>&1
	fi
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	check "auth0logout-server answers the same-bytes table" \
		[ -s "$T/same.server" ]
}
same_server

run_mode cgi
run_mode fastcgi

[ "$failed" -eq 0 ]
