#!/bin/sh
# SPDX-License-Identifier: MIT
# Browser-consistency oracle: 200,000 hostile returnTo candidates (fixed
# seed; tests/differential/gen.js) are decided by the CLI's batch mode, and
# every redirect is parsed with the WHATWG URL parser (Node.js's URL, the
# parser browsers implement) and held to the matched allow-list entry:
# scheme, host, port and path as the entry allows, no credentials, only
# header-safe bytes (tests/differential/oracle.js has the list).
#
# Then every candidate again through /oidc/logout (the CLI with --endpoint
# oidc, as a GET query and as a POST form with --form): returnTo becomes
# post_logout_redirect_uri, a hostile state is added (a second '?', '#',
# '&post_logout_redirect_uri=...', CR LF, NUL, non-ASCII, '%', '+', 2 KiB
# and more), the lists gain entries with a query, and 10% more candidates
# mutate URIs with a query.  Every redirect must be the entry's origin and
# path, exactly the entry's query plus exactly one state parameter that
# URLSearchParams reads as the state sent, no fragment, and, for a URI
# without query or fragment, the /v2/logout Location plus the state; such
# URIs are accepted exactly when /v2/logout accepts them.
#
# Prints one line per check, "ok - ..." or "not ok - ...", with details as
# "# ..." lines, and exits non-zero when a check failed.  Takes about 12 s
# on 2 cores.
#
# Environment (set by `make check` through scripts/check.sh):
#   CLI     the auth0logout command (default $BUILD/auth0logout)
#   SRCDIR  the repository root (default .)
#   BUILD   the build directory (default build)
#   WHATWG_COUNT, WHATWG_SEED  override the number of candidates and the
#           seed (defaults 200000 and the seed in oracle.js)
set -u

BUILD=${BUILD:-build}
SRCDIR=${SRCDIR:-.}
CLI=${CLI:-$BUILD/auth0logout}

if ! command -v node >/dev/null 2>&1; then
	echo "not ok - node (Node.js, for its WHATWG URL parser) is installed"
	exit 1
fi
if [ ! -x "$CLI" ]; then
	echo "not ok - the CLI $CLI is built (run make)"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/auth0logout-whatwg.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

set -- --cli "$CLI" --tmp "$tmp" --count "${WHATWG_COUNT:-200000}"
if [ -n "${WHATWG_SEED:-}" ]; then
	set -- "$@" --seed "$WHATWG_SEED"
fi

start=$(date +%s)
node "$SRCDIR/tests/differential/oracle.js" "$@"
rc=$?
echo "# whatwg.sh: $(($(date +%s) - start)) s"
exit "$rc"
