#!/bin/sh
# SPDX-License-Identifier: MIT
# `make check`: runs the Check suites (under TEST_WRAPPER when set), the
# installed-library consumers (scripts/consumer-test.sh) and the
# integration scripts (tests/integration/*.sh, which start real servers,
# Chromium, Python), shows progress as it goes, and ends with one line:
#
#   check: N passed, M failed (unit A, consumer B, integration C; T s)
#
# Each integration script prints "ok - what" or "not ok - what" per check;
# its output is streamed as it runs, each line prefixed with the script's
# name.  A script that prints "# expected: ..." labels output that a
# passing run shows on purpose (a refused request, a server's error line).
# Exits non-zero when anything failed.
#
# Usage: scripts/check.sh "TEST_BINS" "INTEGRATION_SCRIPTS"
# Environment (set by make): TEST_WRAPPER, BUILD, SANITIZE, CC, MAKE and
# what the integration scripts read (SERVER CGI CLI BOUNDS LIBSO
# CONFIG_LIBSO SRCDIR).
bins=$1
scripts=$2
start=$(date +%s)
passed=0
failed=0
bad=""
unit_n=0
consumer_n=0
integration_n=0
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N | cut -c1-14; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

echo "== unit suites"
for bin in $bins; do
	t0=$(now)
	log=$work/unit.log
	# shellcheck disable=SC2086
	$TEST_WRAPPER "$bin" >"$log" 2>&1
	rc=$?
	line=$(sed -n 's/^[0-9]*%: Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log" | tail -n 1)
	# shellcheck disable=SC2086
	set -- $line
	n=${1:-0} f=$((${2:-0} + ${3:-0}))
	unit_n=$((unit_n + n))
	passed=$((passed + n - f))
	failed=$((failed + f))
	printf '%-22s %5d checks, %d failed (%s)\n' "$(basename "$bin")" "$n" "$f" "$(took "$t0")"
	if [ "$rc" -ne 0 ] || [ -z "$line" ] || [ "$f" -ne 0 ]; then
		grep -v '^Running suite' "$log" | sed 's/^/    /'
		bad="$bad $(basename "$bin")(exit $rc)"
		[ -z "$line" ] && failed=$((failed + 1))
	fi
done

echo "== installed-library consumers"
t0=$(now)
log=$work/consumer.log
sh scripts/consumer-test.sh >"$log" 2>&1
rc=$?
sed 's/^/consumer: /' "$log"
p=$(grep -c '^ok ' "$log")
f=$(grep -c '^not ok ' "$log")
consumer_n=$((p + f))
passed=$((passed + p))
failed=$((failed + f))
echo "consumer: $p passed, $f failed ($(took "$t0"))"
if [ "$rc" -ne 0 ]; then
	bad="$bad consumer-test.sh(exit $rc)"
	[ "$f" -eq 0 ] && failed=$((failed + 1))
fi

if [ -n "$scripts" ]; then
	echo "== integration scripts"
fi
for t in $scripts; do
	name=$(basename "$t" .sh)
	t0=$(now)
	log=$work/$name.log
	echo "$name: started"
	# Streamed: the script's lines appear as it prints them.
	{ sh "$t" 2>&1; echo "exit $?" >"$work/$name.rc"; } |
		tee "$log" | sed -u "s/^/$name: /"
	rc=$(sed -n 's/^exit //p' "$work/$name.rc")
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	integration_n=$((integration_n + p + f))
	passed=$((passed + p))
	failed=$((failed + f))
	echo "$name: $p passed, $f failed ($(took "$t0"))"
	if [ "$rc" -ne 0 ] || [ "$((p + f))" -eq 0 ]; then
		bad="$bad $name.sh(exit $rc)"
		[ "$f" -eq 0 ] && failed=$((failed + 1))
	fi
done

end=$(date +%s)
echo "check: $passed passed, $failed failed (unit $unit_n, consumer $consumer_n, integration $integration_n; $((end - start)) s)"
if [ -n "$bad" ] || [ "$failed" -ne 0 ]; then
	echo "check: FAILED:$bad" >&2
	exit 1
fi
exit 0
