#!/bin/sh
# Runs each Check test binary (optionally under a wrapper such as valgrind),
# then prints one total line.  Exits non-zero if any binary fails.
#
# Usage: scripts/run-tests.sh "WRAPPER" BIN...
wrapper=$1
shift
total=0
failed=0
bad=""
for bin in "$@"; do
	log=$(mktemp)
	# shellcheck disable=SC2086
	$wrapper "$bin" >"$log" 2>&1
	rc=$?
	cat "$log"
	n=$(sed -n 's/^[0-9]*%: Checks: \([0-9]*\),.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^[0-9]*%: Checks: [0-9]*, Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2/p' "$log" | tail -n 1)
	rm -f "$log"
	total=$((total + ${n:-0}))
	if [ -n "$f" ]; then
		# shellcheck disable=SC2086
		set -- $f "$@"
		failed=$((failed + $1 + $2))
		shift 2
	fi
	if [ "$rc" -ne 0 ] || [ -z "$n" ]; then
		bad="$bad $(basename "$bin")(exit $rc)"
	fi
done
echo "checks: $((total - failed)) passed, $failed failed"
if [ -n "$bad" ]; then
	echo "FAILED:$bad" >&2
	exit 1
fi
