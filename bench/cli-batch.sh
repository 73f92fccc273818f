#!/bin/sh
# SPDX-License-Identifier: MIT
# Instructions per line of `auth0logout decide` in batch mode, counted by
# callgrind (repeatable, whatever else the machine is doing): the demo
# config, the requests of examples/demo.sh repeated to LINES lines, minus a
# run on an empty stdin (start-up and config loading).
#
# Usage: sh bench/cli-batch.sh CLI [LINES]
set -eu
cli=${1:?usage: sh bench/cli-batch.sh CLI [LINES]}
lines=${2:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
config=$(dirname "$0")/../examples/demo.json

# The demo's requests: redirects, logged_out, not_allowed with hints, R4
# refusals, a request target.
cat >"$work/mix" <<'MIX'

returnTo=https%3A%2F%2Fwww.example.com%2Flogged-out
client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye%3Fsee%3Dyou
client_id=AbC123&returnTo=https%3A%2F%2Fshop.example.org
client_id=NaTiVe9&returnTo=com.example.app%3A%2F%2Fcallback
client_id=AbC123
client_id=WiLd42
client_id=NoList7
/v2/logout?federated&returnTo=https%3A%2F%2Fwww.example.com
returnTo=https%3A%2F%2Fevil.com
client_id=AbC123&returnTo=https%3A%2F%2Fwww.example.com
client_id=nobody&returnTo=https%3A%2F%2Fwww.example.com
client_id=AbC123&returnTo=https://app.example.com@evil.com
client_id=AbC123&returnTo=https://evil.com%5C.example.org
returnTo=javascript:alert(1)
client_id=AbC123&returnTo=https%3A%2F%2Fevil.com.example.org
returnTo=https%3A%2F%2Fwww.example.com&returnTo=https%3A%2F%2Fevil.com
returnTo=https%3A%2F%2Fwww.example.com%2F
returnTo=http%3A%2F%2Fwww.example.com%2Flogged-out
client_id=AbC123&returnTo=https%3A%2F%2Fapp.example.com%2Fbye
MIX
awk -v n="$lines" '{ l[NR] = $0 } END { for (i = 0; i < n; i++) print l[i % NR + 1] }' \
	"$work/mix" >"$work/in"

count() {
	valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
		"$cli" decide --config "$config" <"$1" >/dev/null 2>"$work/err"
	sed -n 's/^summary: //p' "$work/cg.out"
}
: >"$work/empty"
base=$(count "$work/empty")
total=$(count "$work/in")
echo "lines: $lines"
echo "instructions: $total total, $base with no line"
echo "instructions per line: $(( (total - base) / lines ))"
