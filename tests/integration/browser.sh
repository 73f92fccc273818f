#!/bin/sh
# SPDX-License-Identifier: MIT
# Browser end-to-end test: a real browser (headless Chromium) follows what
# the logout server (adapters/microhttpd, build/auth0logout-server) answers.
#
# On loopback only, it starts
#   - an "application": a small Python HTTP server on 127.0.0.1 serving a
#     landing page (/) and a goodbye page (/bye/), each with a marker;
#   - an "attacker" site: the same on another port, with its own marker;
#   - the logout server, with a config whose tenant and client lists allow
#     the application's two pages,
# then loads /v2/logout?... in Chromium with --dump-dom, which prints the
# DOM of the page the browser finally shows, and checks where it ended:
# on the application (a 302 really followed), on the "OK" logged-out page,
# or on the server's 400 error page -- never on the attacker's site, and
# never with attacker markup turned into live elements.
#
# Prints one line per check, "ok - ..." or "not ok - ...", and exits
# non-zero when a check failed.  Bounded: under 2 minutes (each Chromium
# run gets 30 s at most, and no run starts 100 s after the start).
#
# Environment (set by make check through scripts/check.sh):
#   SERVER  the server binary (default $BUILD/auth0logout-server)
#   SRCDIR  the repository root (default .)
#   BUILD   the build directory (default build)
set -u

BUILD=${BUILD:-build}
SRCDIR=${SRCDIR:-.}
SERVER=${SERVER:-$BUILD/auth0logout-server}
DEADLINE=$(($(date +%s) + 100))
# shellcheck source=lib/common.sh
. "$SRCDIR/tests/integration/lib/common.sh"

# Chromium's messages without the usual noise of a machine without D-Bus.
chromium_said() {
	grep -v -e 'dbus' -e 'unexpected operator' "$1" >"$1.short"
	show "$1.short" "$2"
}

need_cmds "make check installs the Debian package" chromium python3
need_exec "$SERVER" "the server $SERVER is built"

use_tmp auth0logout-browser

echo "# $(chromium --version 2>/dev/null)"

# --- the application and the attacker site -------------------------------

# A static file server (http.server, as python3 -m http.server) that binds
# a free port itself, writes the port to a file once listening and logs
# each request's path to a file, so the test can tell which pages the
# browser really fetched.
cat >"$tmp/site.py" <<'EOF'
import functools, http.server, os, sys

root, portfile, logfile = sys.argv[1:4]


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_request(self, code="-", size="-"):
        with open(logfile, "a") as f:
            f.write("%s %s %s\n" % (self.command, self.path, code))

    def log_message(self, fmt, *args):
        pass


srv = http.server.ThreadingHTTPServer(
    ("127.0.0.1", 0), functools.partial(Handler, directory=root))
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
EOF

mkdir -p "$tmp/app/bye" "$tmp/evil"
cat >"$tmp/app/index.html" <<'EOF'
<!doctype html>
<html><head><title>app-landing</title></head>
<body><p id=marker>landed</p></body></html>
EOF
cat >"$tmp/app/bye/index.html" <<'EOF'
<!doctype html>
<html><head><title>app-bye</title></head>
<body><p id=marker>landed-bye</p></body></html>
EOF
cat >"$tmp/evil/index.html" <<'EOF'
<!doctype html>
<html><head><title>evil</title></head>
<body><p id=marker>evil-landed</p></body></html>
EOF

# Waits until FILE holds one line matching the pattern PAT (a grep -E
# regex) and prints it; gives up after 10 s or when process PID is gone.
wait_for() {
	i=0
	while [ "$i" -lt 100 ]; do
		if [ -s "$1" ] && line=$(head -n 1 "$1") &&
			printf '%s\n' "$line" | grep -Eq "$2"; then
			printf '%s\n' "$line"
			return 0
		fi
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

start_site() { # NAME -> sets port
	python3 "$tmp/site.py" "$tmp/$1" "$tmp/$1.port" "$tmp/$1.log" \
		2>"$tmp/$1.err" &
	site_pid=$!
	pids="$pids $site_pid"
	if ! port=$(wait_for "$tmp/$1.port" '^[0-9]+$' "$site_pid"); then
		not_ok "the $1 site (python3 http.server) starts on 127.0.0.1"
		show "$tmp/$1.err"
		exit 1
	fi
}
start_site app
APP=$port
start_site evil
EVIL=$port
app=http://127.0.0.1:$APP
evil=http://127.0.0.1:$EVIL

# --- the logout server -----------------------------------------------------

# The client's first entry is the goodbye page, so that a client_id-only
# logout (which goes to the first entry) is told apart from the landing page.
cat >"$tmp/config.json" <<EOF
{
  "tenant": {
    "allowed_logout_urls": ["$app/", "$app/bye/"]
  },
  "clients": [
    {
      "client_id": "BrowserApp",
      "name": "Browser test application",
      "allowed_logout_urls": ["$app/bye/", "$app/"]
    }
  ]
}
EOF

"$SERVER" --config "$tmp/config.json" --listen 127.0.0.1:0 \
	--ready-file "$tmp/ready" >"$tmp/server.log" 2>&1 &
server_pid=$!
pids="$pids $server_pid"
if ! addr=$(wait_for "$tmp/ready" '^(127\.0\.0\.1|\[::1\]):[0-9]+$' \
	"$server_pid"); then
	not_ok "the server starts on 127.0.0.1:0 and writes its --ready-file"
	show "$tmp/server.log"
	exit 1
fi
base=http://$addr/v2/logout
echo "# server $SERVER on $addr, application on $app, attacker site on $evil"

# --- the browser -----------------------------------------------------------

# Percent-encodes a whole string as one query value.
enc() {
	python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}

# Loads URL in a fresh headless Chromium (new profile each time); the final
# DOM goes to $dom, Chromium's own messages to $dom.err.  The two sites'
# request logs are emptied first, so that they show what this load fetched.
n=0
browse() {
	n=$((n + 1))
	dom=$tmp/dom.$n
	: >"$dom"
	: >"$tmp/app.log"
	: >"$tmp/evil.log"
	left=$((DEADLINE - $(date +%s)))
	limit=30
	[ "$left" -lt "$limit" ] && limit=$left
	if [ "$limit" -le 0 ]; then
		echo "# out of time, not loading $1"
		return 1
	fi
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout "$limit" chromium --headless --no-sandbox --disable-gpu \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-quic \
		--user-data-dir="$profile" --virtual-time-budget=5000 \
		--dump-dom "$1" >"$dom" 2>"$dom.err"
	rc=$?
	rm -rf "$profile"
	if [ "$rc" -ne 0 ]; then
		echo "# chromium exited with status $rc loading $1"
		chromium_said "$dom.err" 5
	fi
	return 0
}

has() { grep -Fq -- "$1" "$dom"; }
# The DOM's text, tags removed.
text() { sed 's/<[^>]*>//g' "$dom"; }
fetched() { grep -Fxq -- "$1" "$tmp/$2.log"; }

# Says why a load did not end where expected.
explain() {
	echo "# URL: $1"
	echo "# DOM:"
	show "$dom" 12
	echo "# application fetched:"
	show "$tmp/app.log" 5
	echo "# attacker site fetched:"
	show "$tmp/evil.log" 5
	echo "# chromium said:"
	chromium_said "$dom.err" 5
}

landing='<p id="marker">landed</p>'
byepage='<p id="marker">landed-bye</p>'

# A redirect: the browser must end on PAGE (marker and title) and the
# application must have been asked for PATH.
expect_app() { # DESCRIPTION URL MARKER TITLE PATH
	browse "$2"
	if has "$3" && has "<title>$4</title>" && fetched "GET $5 200" app; then
		ok "$1"
	else
		not_ok "$1"
		explain "$2"
	fi
}

# The server's error page: the browser stays on the logout server, shows
# the error code, and neither the application nor the attacker site was
# fetched.
on_error_page() {
	has invalid_request && ! has 'id="marker"' &&
		[ ! -s "$tmp/app.log" ] && [ ! -s "$tmp/evil.log" ]
}
expect_error() { # DESCRIPTION URL
	browse "$2"
	if on_error_page; then
		ok "$1"
	else
		not_ok "$1"
		explain "$2"
	fi
}

# 1. Redirects that the lists allow: Chromium follows the 302.
expect_app "returnTo on the tenant list: Chromium follows the 302 to the application" \
	"$base?returnTo=$(enc "$app/")" "$landing" app-landing /
expect_app "returnTo under a path, with a query and fragment: ends on $app/bye/ and the query reaches the application" \
	"$base?returnTo=$(enc "$app/bye/?from=logout#top")" \
	"$byepage" app-bye "/bye/?from=logout"
expect_app "client_id only: ends on the client's first Allowed Logout URL ($app/bye/)" \
	"$base?client_id=BrowserApp" "$byepage" app-bye /bye/
expect_app "client_id and returnTo on the client's list: ends on the application" \
	"$base?client_id=BrowserApp&returnTo=$(enc "$app/")&federated" \
	"$landing" app-landing /

# 2. No parameters: the logged-out page.
desc="no parameters: ends on the server's \"OK\" logged-out page"
url=$base
browse "$url"
if text | grep -q 'OK' && ! has 'id="marker"' && [ ! -s "$tmp/app.log" ]; then
	ok "$desc"
else
	not_ok "$desc"
	explain "$url"
fi

# 3. Open-redirect attempts: each must end on the error page, never on the
# attacker's site or the application.
expect_error "open redirect via userinfo ($app@127.0.0.1:$EVIL/): ends on the error page" \
	"$base?returnTo=$(enc "$app@127.0.0.1:$EVIL/")"
expect_error "open redirect via backslash (http://127.0.0.1:$EVIL\\@127.0.0.1:$APP/): ends on the error page" \
	"$base?returnTo=$(enc "http://127.0.0.1:$EVIL\\@127.0.0.1:$APP/")"
expect_error "open redirect via a scheme-relative //127.0.0.1:$EVIL/: ends on the error page" \
	"$base?returnTo=$(enc "//127.0.0.1:$EVIL/")"
expect_error "returnTo not on the client's list (the attacker's $evil/): ends on the error page" \
	"$base?client_id=BrowserApp&returnTo=$(enc "$evil/")"

# 4. Markup in the parameters is shown as text, never run.  --dump-dom
# serializes the live DOM: attacker markup shown as text comes out as
# &lt;...&gt;; a real element would come out as <img ...> or <script>.
injected() {
	grep -Eiq '<img[^>]*onerror|<script[^>]*>[^<]*pwned' "$dom" ||
		has '<title>pwned</title>'
}

xss='<img src=x onerror="document.title='"'pwned'"'">'
url="$base?client_id=$(enc "$xss")"
browse "$url"
desc="client_id $xss: ends on the error page with no attacker element and the title not pwned"
if on_error_page && ! injected; then
	ok "$desc"
else
	not_ok "$desc"
	explain "$url"
fi
desc="client_id $xss: the error page shows it literally, as text"
if has '&lt;img src=x onerror="document.title='"'pwned'"'"&gt;'; then
	ok "$desc"
else
	not_ok "$desc"
	explain "$url"
fi

xss='"><script>document.title='"'pwned'"'</script><p x="'
url="$base?client_id=$(enc "$xss")"
browse "$url"
desc="client_id $xss: no attacker script, shown literally as text"
if on_error_page && ! injected &&
	has '"&gt;&lt;script&gt;document.title='"'pwned'"'&lt;/script&gt;&lt;p x="'; then
	ok "$desc"
else
	not_ok "$desc"
	explain "$url"
fi

xss="$app/\"><script>document.title='pwned'</script>"
url="$base?returnTo=$(enc "$xss")"
browse "$url"
desc="returnTo $xss: ends on the error page with no attacker script and the title not pwned"
if on_error_page && ! injected; then
	ok "$desc"
else
	not_ok "$desc"
	explain "$url"
fi

if [ "$failed" -ne 0 ]; then
	echo "# $failed check(s) failed; server log:"
	show "$tmp/server.log" 20
	exit 1
fi
exit 0
