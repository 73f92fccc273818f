#!/bin/sh
# SPDX-License-Identifier: MIT
# Shows what GET /v2/logout does for a handful of requests.
#
# Usage: sh examples/demo.sh CLI CONFIG
#   e.g. sh examples/demo.sh build/auth0logout examples/demo.json
#
# For each case prints a label line, then the decision as JSON.  Error
# decisions are part of the demo (the CLI exits 1 for them); any other
# failure (usage, configuration) stops it.
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh examples/demo.sh CLI CONFIG" >&2
	exit 2
fi
cli=$1
config=$2

show() {
	printf '\n# %s\n#   %s\n' "$1" "${2:-(empty query string)}"
	"$cli" decide --config "$config" "$2"
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "demo: $cli exited with status $rc" >&2
		exit "$rc"
	fi
}

show "logged out: no parameters" \
	""
show "redirect via the tenant list (no client_id)" \
	"returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out"
show "redirect via the application's list" \
	"client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye%3Fsee%3Dyou"
show "wildcard redirect (https://*.example.org)" \
	"client_id=AbC123&returnTo=https%3A%2F%2Fshop.example.org"
show "native app callback" \
	"client_id=NaTiVe9&returnTo=com.example.app%3A%2F%2Fcallback"
show "first URL of the application (client_id only)" \
	"client_id=AbC123"
show "logged out: first entry is a wildcard, nowhere concrete to go" \
	"client_id=WiLd42"
show "logged out: application without Allowed Logout URLs" \
	"client_id=NoList7"
show "federated logout, as a request target" \
	"/v2/logout?federated&returnTo=https%3A%2F%2Fwww.example.com"
show "refused: not on the tenant list" \
	"returnTo=https%3A%2F%2Fevil.com"
show "refused: on the tenant list but not the application's" \
	"client_id=AbC123&returnTo=https%3A%2F%2Fwww.example.com"
show "refused: unknown client_id" \
	"client_id=nobody&returnTo=https%3A%2F%2Fwww.example.com"
show "open redirect refused: userinfo" \
	"client_id=AbC123&returnTo=https://app.example.com@evil.com"
show "open redirect refused: backslash" \
	"client_id=AbC123&returnTo=https://evil.com%5C.example.org"
show "open redirect refused: javascript:" \
	"returnTo=javascript:alert(1)"
show "open redirect refused: wildcard spans one label only" \
	"client_id=AbC123&returnTo=https%3A%2F%2Fevil.com.example.org"
show "refused: returnTo twice" \
	"returnTo=https%3A%2F%2Fwww.example.com&returnTo=https%3A%2F%2Fevil.com"
show "refused, and the hint says why: a trailing slash" \
	"returnTo=https%3A%2F%2Fwww.example.com%2F"
show "refused, and the hint says why: http instead of https" \
	"returnTo=http%3A%2F%2Fwww.example.com%2Flogged-out"

# The linter on the same config: the demo shows two behaviours on purpose,
# so it reports two warnings (exit 1).
printf '\n# lint: what in the allow-lists is probably a mistake\n'
"$cli" lint --config "$config"
rc=$?
if [ "$rc" -gt 1 ]; then
	echo "demo: $cli lint exited with status $rc" >&2
	exit "$rc"
fi
exit 0
